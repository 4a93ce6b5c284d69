package io.hermod.binding.inmemory;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.MessagingCompatibilityKit;

/** Runs the Hermod compatibility kit against the in-memory broker. */
class InMemoryCompatibilityTest extends MessagingCompatibilityKit {

  private static final InMemoryFixture FIXTURE = new InMemoryFixture();

  @Override
  protected BrokerFixture fixture() {
    return FIXTURE;
  }
}
