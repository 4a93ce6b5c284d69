package io.hermod.binding.sqs;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.MessagingCompatibilityKit;

/** The Hermod compatibility kit against the SQS binding on embedded ElasticMQ. */
class SqsCompatibilityTest extends MessagingCompatibilityKit {

  @Override
  protected BrokerFixture fixture() {
    return SqsFixture.shared();
  }
}
