package io.hermod.cli.internal;

/**
 * One row of the compatibility table.
 *
 * @param scenario the scenario id, e.g. {@code B05}
 * @param title what the scenario checks
 * @param result {@code passed}, {@code failed} or {@code skipped}
 * @param reason why it failed or was skipped; empty when it passed
 * @param millis how long it ran
 */
record ScenarioResult(String scenario, String title, String result, String reason, long millis) {

  /** The result of a passed scenario. */
  static final String PASSED = "passed";

  /** The result of a failed scenario. */
  static final String FAILED = "failed";

  /** The result of a scenario skipped for a missing capability or fixture feature. */
  static final String SKIPPED = "skipped";
}
