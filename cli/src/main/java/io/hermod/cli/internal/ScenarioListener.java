package io.hermod.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects a {@link ScenarioResult} per scenario and prints a progress line as each one finishes,
 * so a long run shows where it is. Also reports a group whose setup failed (then its scenarios
 * never ran). Thread-safe: JUnit may call it from several threads.
 */
final class ScenarioListener implements TestExecutionListener {

  private final PrintWriter out;
  private final List<ScenarioResult> results = new ArrayList<>();
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private volatile long total;

  ScenarioListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    total = plan.countTestIdentifiers(TestIdentifier::isTest);
    out.printf("running %d scenarios%n", total);
    out.flush();
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    started.put(id.getUniqueId(), System.nanoTime());
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      record(id, ScenarioResult.SKIPPED, reason, 0);
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    Long start = started.remove(id.getUniqueId());
    long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
    String outcome =
        switch (result.getStatus()) {
          case SUCCESSFUL -> ScenarioResult.PASSED;
          case ABORTED -> ScenarioResult.SKIPPED;
          case FAILED -> ScenarioResult.FAILED;
        };
    boolean skipped = outcome.equals(ScenarioResult.SKIPPED);
    String reason = result.getThrowable().map(t -> firstLine(t, skipped)).orElse("");
    if (id.isTest()) {
      record(id, outcome, reason, millis);
    } else if (outcome.equals(ScenarioResult.FAILED)) {
      // A failed container (e.g. the kit's setup): its scenarios report nothing themselves.
      record(id, outcome, reason, millis);
    }
  }

  /**
   * The results so far, in finishing order.
   *
   * @return a snapshot, never {@code null}
   */
  synchronized List<ScenarioResult> results() {
    return List.copyOf(results);
  }

  private synchronized void record(TestIdentifier id, String outcome, String reason, long millis) {
    String display = id.getDisplayName();
    int space = display.indexOf(' ');
    boolean hasId = space > 0 && display.substring(0, space).matches("[A-H]\\d\\d");
    String scenario = hasId ? display.substring(0, space) : display;
    String title = hasId ? display.substring(space + 1) : "(setup of " + display + ")";
    ScenarioResult r = new ScenarioResult(scenario, title, outcome, reason, millis);
    results.add(r);
    out.printf(
        "[%2d/%d] %-4s %-7s %6.1f s  %s%s%n",
        results.size(),
        total,
        scenario,
        outcome,
        millis / 1000.0,
        title,
        reason.isEmpty() ? "" : " -- " + reason);
    out.flush();
  }

  /** The first line of an error, short enough for a table cell. */
  private static String firstLine(Throwable t, boolean skipped) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl).strip();
    }
    if (skipped) {
      m = m.replaceFirst("^Assumption failed: ", "");
    } else if (!m.startsWith(t.getClass().getSimpleName())) {
      m = t.getClass().getSimpleName() + ": " + m;
    }
    return m.length() > 200 ? m.substring(0, 197) + "..." : m;
  }
}
