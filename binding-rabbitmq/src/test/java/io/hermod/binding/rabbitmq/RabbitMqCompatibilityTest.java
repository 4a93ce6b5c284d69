package io.hermod.binding.rabbitmq;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.MessagingCompatibilityKit;

/** The Hermod compatibility kit against the RabbitMQ binding on a private RabbitMQ node. */
class RabbitMqCompatibilityTest extends MessagingCompatibilityKit {

  @Override
  protected BrokerFixture fixture() {
    return RabbitMqFixture.instance();
  }
}
