package io.hermod.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The cluster scenarios of the kit (F06, F07), on their own: a binding whose test fixture can run a
 * cluster of its broker extends this class with a fixture whose {@link BrokerFixture#cluster()} is
 * present, so that the slow cluster runs stay out of its {@link MessagingCompatibilityKit} class
 * (where they are skipped, the single-node fixture having no cluster):
 *
 * <pre>{@code
 * class KafkaClusterCompatibilityTest extends ClusterCompatibilityKit {
 *   private static final KafkaClusterFixture FIXTURE = new KafkaClusterFixture();
 *
 *   @Override
 *   protected BrokerFixture fixture() {
 *     return FIXTURE;
 *   }
 * }
 * }</pre>
 *
 * <p>The scenarios write their rows to the same report as {@link MessagingCompatibilityKit}; the
 * compatibility matrix takes a row that ran over a skipped one for the same binding and scenario.
 *
 * @since 0.4
 */
public abstract class ClusterCompatibilityKit extends CompatibilityKitBase {

  /** For subclasses. */
  protected ClusterCompatibilityKit() {}

  @Nested
  @DisplayName("F. Durability and faults on a cluster")
  class Cluster implements ClusterScenarios {
    @Override
    public TckSupport tck() {
      return support();
    }
  }
}
