package io.hermod.binding.artemis;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.ClusterCompatibilityKit;

/**
 * Runs the kit's cluster scenarios (F06, F07) against the Artemis binding and a primary/backup pair
 * with replication ({@link ArtemisPairFixture}); {@link ArtemisCompatibilityTest} runs the rest on
 * one embedded broker.
 */
class ArtemisClusterCompatibilityTest extends ClusterCompatibilityKit {

  private static final ArtemisPairFixture FIXTURE = new ArtemisPairFixture();

  @Override
  protected BrokerFixture fixture() {
    return FIXTURE;
  }
}
