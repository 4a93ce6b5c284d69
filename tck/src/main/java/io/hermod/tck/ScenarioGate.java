package io.hermod.tck;

import io.hermod.api.Capability;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a scenario, with the reason, whose {@link Scenario} capabilities the binding does not
 * match, and tells the kit which counts the scenario may report. Registered by {@link
 * MessagingCompatibilityKit}; public only because JUnit instantiates it.
 *
 * @since 0.1
 */
public final class ScenarioGate implements BeforeTestExecutionCallback {

  /** For JUnit. */
  public ScenarioGate() {}

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    @Nullable Scenario scenario = context.getRequiredTestMethod().getAnnotation(Scenario.class);
    Optional<TckSupport> found = support(context);
    if (found.isEmpty()) {
      return;
    }
    TckSupport tck = found.get();
    tck.scenarioStarts(scenario);
    if (scenario == null) {
      return;
    }
    String binding = tck.fixture().bindingName();
    for (Capability capability : scenario.requires()) {
      Assumptions.assumeTrue(
          tck.supports(capability),
          () -> "binding '" + binding + "' does not declare capability " + capability);
    }
    for (Capability capability : scenario.without()) {
      Assumptions.assumeFalse(
          tck.supports(capability),
          () ->
              "binding '"
                  + binding
                  + "' declares capability "
                  + capability
                  + ": the scenario checks what a binding without it does");
    }
  }

  private static Optional<TckSupport> support(ExtensionContext context) {
    return context
        .getTestInstances()
        .map(i -> i.getAllInstances().get(0))
        .filter(MessagingCompatibilityKit.class::isInstance)
        .map(i -> ((MessagingCompatibilityKit) i).support());
  }
}
