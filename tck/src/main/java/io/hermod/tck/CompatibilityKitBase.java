package io.hermod.tck;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every kit class shares ({@link MessagingCompatibilityKit}, {@link ClusterCompatibilityKit}):
 * the fixture's broker started once for the class, the kit's support, the capability gate and the
 * report. Each kit adds its own {@code @Nested} scenario groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({TckReportExtension.class, ScenarioGate.class})
abstract class CompatibilityKitBase {

  private TckSupport support;

  /**
   * The fixture of the binding under test; must return the same instance on every call.
   *
   * @return the fixture, never {@code null}
   */
  protected abstract BrokerFixture fixture();

  @BeforeAll
  final void startBroker() throws Exception {
    fixture().start();
    support = new TckSupport(fixture());
  }

  @AfterEach
  final void closeScenarioResources() {
    support.closeScenarioResources();
  }

  @AfterAll
  final void stopBroker() throws Exception {
    if (support != null) {
      support.closeAll();
    }
    fixture().stop();
  }

  final TckSupport support() {
    return support;
  }
}
