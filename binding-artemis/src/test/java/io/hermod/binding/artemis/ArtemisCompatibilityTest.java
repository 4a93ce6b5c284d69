package io.hermod.binding.artemis;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.MessagingCompatibilityKit;

/** Runs the Hermod compatibility kit against the embedded Artemis broker. */
class ArtemisCompatibilityTest extends MessagingCompatibilityKit {

  @Override
  protected BrokerFixture fixture() {
    return ArtemisFixture.shared();
  }
}
