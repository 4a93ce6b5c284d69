package io.hermod.tck;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Hermod compatibility kit. A binding proves itself by extending this class in its tests with
 * one method:
 *
 * <pre>{@code
 * class KafkaCompatibilityTest extends MessagingCompatibilityKit {
 *   private static final KafkaFixture FIXTURE = new KafkaFixture();
 *
 *   @Override
 *   protected BrokerFixture fixture() {
 *     return FIXTURE;
 *   }
 * }
 * }</pre>
 *
 * <p>The kit starts the fixture's broker once, runs every scenario of the catalogue (each test's
 * display name starts with its id, e.g. {@code B05 topic wildcards}), skips with the reason the
 * scenarios whose capability the binding does not declare, and writes {@code
 * target/tck-report.jsonl}.
 *
 * @since 0.1
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(TckReportExtension.class)
public abstract class MessagingCompatibilityKit {

  private TckSupport support;

  /** For subclasses. */
  protected MessagingCompatibilityKit() {}

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

  @Nested
  @DisplayName("A. Basics")
  class Basics implements BasicsScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("B. Patterns")
  class Patterns implements PatternScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("C. Delivery guarantees")
  class Guarantees implements GuaranteeScenarios, ChurnScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("D. Failure handling")
  class Failures implements FailureScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("E. Lifecycle")
  class Lifecycle implements LifecycleScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("F. Durability and faults")
  class Durability implements DurabilityScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("G. Batching and flow control")
  class Flow implements FlowScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }

  @Nested
  @DisplayName("H. Interoperability and security")
  class Interop implements InteropScenarios {
    @Override
    public TckSupport tck() {
      return support;
    }
  }
}
