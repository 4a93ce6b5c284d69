package io.hermod.tck;

import io.hermod.api.Capability;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a scenario, with the reason, whose {@link Scenario} capabilities the binding does not
 * match, and tells the kit which counts the scenario may report. Registered by the kit classes
 * ({@link MessagingCompatibilityKit}, {@link ClusterCompatibilityKit}); public only because JUnit
 * instantiates it.
 *
 * @since 0.1
 */
public final class ScenarioGate implements BeforeTestExecutionCallback, ExecutionCondition {

  /**
   * The system property that selects scenarios by id ({@code -Dio.hermod.tck.scenarios=H05,H06}): a
   * binding author's quick loop on the scenarios they are fixing. Unset, every scenario runs.
   */
  public static final String SELECTED = "io.hermod.tck.scenarios";

  /** For JUnit. */
  public ScenarioGate() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String selected = System.getProperty(SELECTED, "").trim();
    if (selected.isEmpty() || context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("every scenario runs");
    }
    String id = context.getDisplayName().split(" ", 2)[0];
    for (String wanted : selected.split(",")) {
      if (wanted.trim().equalsIgnoreCase(id)) {
        return ConditionEvaluationResult.enabled(id + " is selected");
      }
    }
    return ConditionEvaluationResult.disabled(id + " is not in " + SELECTED + "=" + selected);
  }

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
        .filter(CompatibilityKitBase.class::isInstance)
        .map(i -> ((CompatibilityKitBase) i).support());
  }
}
