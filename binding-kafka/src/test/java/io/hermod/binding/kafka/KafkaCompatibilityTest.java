package io.hermod.binding.kafka;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.MessagingCompatibilityKit;

/** Runs the Hermod compatibility kit against the Kafka binding and a real KRaft broker. */
class KafkaCompatibilityTest extends MessagingCompatibilityKit {

  private static final KafkaFixture FIXTURE = new KafkaFixture();

  @Override
  protected BrokerFixture fixture() {
    return FIXTURE;
  }
}
