package io.hermod.binding.kafka;

import io.hermod.tck.BrokerCluster;
import io.hermod.tck.BrokerFixture;
import io.hermod.tck.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The TCK fixture of the Kafka binding on a cluster: three KRaft nodes ({@link
 * KafkaBroker#cluster}, each a child JVM, broker and controller), Hermod's topics created with
 * replication factor 3 and {@code min.insync.replicas=2}, so a receipt ({@code acks=all}) means the
 * record is on at least two nodes. A node is killed with {@code SIGKILL} and rejoins on its data.
 * The cluster belongs to the test class: {@link #stop()} kills the nodes and deletes their data.
 * Not thread-safe beyond what the kit needs.
 */
final class KafkaClusterFixture implements BrokerFixture, BrokerCluster {

  private static final int NODES = 3;

  /**
   * The catalogue's 10,000 messages take too long on the build machine through four failovers (two
   * scenarios, two kills each): 2,000 per scenario still keep 10 publishers busy across both kills
   * of a run.
   */
  private static final double SCALE = 0.2;

  private static final Duration REJOIN_DEADLINE = Duration.ofSeconds(180);

  private List<KafkaBroker> nodes = List.of();
  private Admin admin;

  @Override
  public String bindingName() {
    return "kafka";
  }

  @Override
  public synchronized void start() throws Exception {
    if (!nodes.isEmpty()) {
      return;
    }
    List<KafkaBroker> made = KafkaBroker.cluster(NODES);
    nodes = made;
    long t0 = System.nanoTime();
    for (KafkaBroker node : made) {
      node.launch();
    }
    for (KafkaBroker node : made) {
      node.awaitReady();
    }
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    awaitNodes(NODES, REJOIN_DEADLINE);
    System.err.printf(
        "[kafka-cluster-fixture] %d nodes ready on %s in %d ms%n",
        NODES, bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  @Override
  public synchronized void stop() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
    nodes.forEach(KafkaBroker::destroy);
    nodes = List.of();
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.kafka.bootstrap-servers", bootstrapServers());
    c.put("hermod.kafka.replication-factor", Integer.toString(NODES));
    c.put("hermod.kafka.min-insync-replicas", Integer.toString(NODES - 1));
    // Three partitions: each node leads one, so every kill moves a leadership.
    c.put("hermod.kafka.partitions", Integer.toString(NODES));
    return c;
  }

  @Override
  public Optional<String> addressKey() {
    return Optional.of("hermod.kafka.bootstrap-servers");
  }

  @Override
  public Optional<BrokerCluster> cluster() {
    return Optional.of(this);
  }

  @Override
  public double scale() {
    return SCALE;
  }

  @Override
  public synchronized String killLeader(String channel) throws Exception {
    TopicDescription topic =
        admin
            .describeTopics(List.of(channel))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(channel);
    Node leader = topic.partitions().get(0).leader();
    if (leader == null || leader.isEmpty()) {
      throw new IllegalStateException("partition 0 of topic '" + channel + "' has no leader now");
    }
    KafkaBroker node = node(leader.id());
    node.kill();
    System.err.printf(
        "[kafka-cluster-fixture] killed node %d, leader of %s-0%n", leader.id(), channel);
    return Integer.toString(leader.id());
  }

  @Override
  public synchronized void rejoin(String node) throws Exception {
    KafkaBroker broker = node(Integer.parseInt(node));
    long t0 = System.nanoTime();
    broker.start();
    awaitNodes(NODES, REJOIN_DEADLINE);
    List<String> behind = new ArrayList<>();
    Deadlines.await(
        "node " + node + " back in the in-sync replicas of every partition",
        REJOIN_DEADLINE,
        () -> {
          try {
            List<String> now = underReplicated();
            behind.clear();
            behind.addAll(now);
            return now.isEmpty();
          } catch (Exception e) {
            behind.add(e.toString());
            return false;
          }
        },
        () -> "behind: " + behind);
    System.err.printf(
        "[kafka-cluster-fixture] node %s rejoined, every partition in sync, in %d ms%n",
        node, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /** Every partition of every topic (internal ones included) whose ISR lacks a replica. */
  private List<String> underReplicated() throws Exception {
    var names =
        admin
            .listTopics(new ListTopicsOptions().listInternal(true))
            .names()
            .get(30, TimeUnit.SECONDS);
    Map<String, TopicDescription> topics =
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    List<String> behind = new ArrayList<>();
    for (TopicDescription t : topics.values()) {
      for (TopicPartitionInfo p : t.partitions()) {
        if (p.isr().size() < p.replicas().size()) {
          behind.add(t.name() + "-" + p.partition() + " isr " + ids(p.isr()));
        }
      }
    }
    return behind;
  }

  private static String ids(List<Node> nodes) {
    return nodes.stream()
        .map(n -> Integer.toString(n.id()))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private void awaitNodes(int count, Duration deadline) {
    Deadlines.await(
        "the Kafka cluster to have " + count + " nodes",
        deadline,
        () -> {
          try {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= count;
          } catch (Exception e) {
            // a node is still starting
            return false;
          }
        },
        () -> "nodes " + nodes);
  }

  private KafkaBroker node(int id) {
    return nodes.stream()
        .filter(n -> n.nodeId() == id)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node " + id + " in " + nodes));
  }

  private String bootstrapServers() {
    return nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
  }
}
