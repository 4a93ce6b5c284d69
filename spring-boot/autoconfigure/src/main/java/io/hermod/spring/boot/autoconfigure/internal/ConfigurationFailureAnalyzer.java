package io.hermod.spring.boot.autoconfigure.internal;

import io.hermod.api.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a Hermod configuration error as Spring Boot's startup failure report: every problem core
 * found, each with its key, value (never a secret's), fix and where the key was set, instead of a
 * bean-creation stack trace.
 */
public final class ConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<ConfigurationException> {

  /** The action shown under the problems. */
  static final String ACTION =
      "Fix the hermod.* keys named above where each was set (application.yaml or .properties, a"
          + " profile, an environment variable or a system property). Hermod's keys are the same"
          + " in a Spring application as in a plain one: the configuration reference in Hermod's"
          + " README, or `hermod config-reference`, lists every key with its type and default.";

  /** An analyzer; Spring Boot makes it from {@code META-INF/spring.factories}. */
  public ConfigurationFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    String description =
        "Hermod could not start: "
            + cause.getMessage()
            + (cause.problems().size() == 1
                ? ""
                : System.lineSeparator()
                    + "("
                    + cause.problems().size()
                    + " problems, all listed)");
    return new FailureAnalysis(description, ACTION, cause);
  }
}
