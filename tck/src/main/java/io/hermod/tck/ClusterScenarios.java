package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * F. Durability and faults on a cluster: the node serving a queue killed with {@code kill -9} under
 * load, twice, and brought back each time. Run where the fixture provides a {@link BrokerCluster}
 * ({@link BrokerFixture#cluster()}); skipped with that reason elsewhere.
 *
 * <p>Scenarios: F06, F07 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface ClusterScenarios extends Scenarios {

  @Test
  @Scenario(
      requires = Capability.PERSISTENT,
      counts = {"receipted messages lost", "messages never receipted"},
      measures = {
        "messages",
        "at_least_once_duplicates",
        "first_resume_millis",
        "second_resume_millis"
      })
  @DisplayName(
      "F06 a node killed under load, twice: no receipted loss, traffic resumes on the survivors")
  default void nodeKilledUnderLoad() throws Exception {
    TckSupport tck = tck();
    BrokerCluster cluster = cluster(tck);
    ChannelSpec spec = tck.queue(tck.name("f06")).build();
    NodeLoss run = new NodeLoss(tck, cluster);
    int total = tck.count(10_000);
    tck.measure("messages", total);
    run.run(spec, "f06", total);
    tck.measure("at_least_once_duplicates", run.log().total() - run.log().distinct());
    tck.measure("first_resume_millis", run.resumeMillis().get(0));
    tck.measure("second_resume_millis", run.resumeMillis().get(1));
    List<String> receipted = List.copyOf(run.receipted());
    assertThat(run.log().lost(receipted))
        .as("receipted messages lost (%s); %s", run.describe(), run.log().summary(receipted))
        .isEmpty();
    assertThat(receipted)
        .as("messages with a receipt after resending failed sends (%s)", run.describe())
        .hasSameSizeAs(run.ids());
  }

  @Test
  @Scenario(
      requires = {Capability.PERSISTENT, Capability.EXACTLY_ONCE},
      counts = {"receipted messages lost", "processed twice (exactly-once)"},
      measures = {"messages", "first_rejoin_millis", "second_rejoin_millis"})
  @DisplayName(
      "F07 the killed node rejoins, twice: nothing is processed twice on an exactly-once queue")
  default void killedNodeRejoins() throws Exception {
    TckSupport tck = tck();
    BrokerCluster cluster = cluster(tck);
    ChannelSpec spec = tck.queue(tck.name("f07")).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    NodeLoss run = new NodeLoss(tck, cluster);
    int total = tck.count(10_000);
    tck.measure("messages", total);
    run.run(spec, "f07", total);
    tck.measure("first_rejoin_millis", run.rejoinMillis().get(0));
    tck.measure("second_rejoin_millis", run.rejoinMillis().get(1));
    List<String> receipted = List.copyOf(run.receipted());
    assertThat(run.log().lost(receipted))
        .as("receipted messages lost (%s); %s", run.describe(), run.log().summary(receipted))
        .isEmpty();
    assertThat(run.log().duplicates())
        .as(
            "ids processed twice on an EXACTLY_ONCE queue across two kills and rejoins (%s)",
            run.describe())
        .isEmpty();
    assertThat(receipted)
        .as("messages with a receipt after resending failed sends (%s)", run.describe())
        .hasSameSizeAs(run.ids());
  }

  private static BrokerCluster cluster(TckSupport tck) {
    BrokerFixture fixture = tck.fixture();
    Optional<BrokerCluster> cluster = fixture.cluster();
    tck.assume(
        cluster.isPresent(),
        "the "
            + fixture.bindingName()
            + " fixture runs one broker node (no BrokerFixture.cluster()): the cluster scenarios"
            + " run where a fixture provides a cluster, in a ClusterCompatibilityKit class");
    return cluster.orElseThrow();
  }
}
