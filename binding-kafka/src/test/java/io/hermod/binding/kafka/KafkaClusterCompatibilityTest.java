package io.hermod.binding.kafka;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.ClusterCompatibilityKit;

/**
 * Runs the kit's cluster scenarios (F06, F07) against the Kafka binding and a three-node KRaft
 * cluster; {@link KafkaCompatibilityTest} runs the rest on a single node.
 */
class KafkaClusterCompatibilityTest extends ClusterCompatibilityKit {

  private static final KafkaClusterFixture FIXTURE = new KafkaClusterFixture();

  @Override
  protected BrokerFixture fixture() {
    return FIXTURE;
  }
}
