package io.hermod.cli.internal;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints the compatibility table of a TCK run as a Markdown table (scenario, result, reason) and
 * its summary line. Stateless and thread-safe.
 */
final class CompatibilityTable {

  private CompatibilityTable() {}

  /**
   * Prints the table and the summary.
   *
   * @param out where to print
   * @param binding the binding that ran
   * @param results the rows, in the order to print
   */
  static void print(PrintWriter out, String binding, List<ScenarioResult> results) {
    int idWidth = "scenario".length();
    int reasonWidth = "reason".length();
    for (ScenarioResult r : results) {
      idWidth = Math.max(idWidth, r.scenario().length());
      reasonWidth = Math.max(reasonWidth, r.reason().length());
    }
    String row = "| %-" + idWidth + "s | %-7s | %-" + reasonWidth + "s |%n";
    out.printf("Compatibility of the '%s' binding%n", binding);
    out.printf(row, "scenario", "result", "reason");
    out.printf(row, "-".repeat(idWidth), "-".repeat(7), "-".repeat(reasonWidth));
    for (ScenarioResult r : results) {
      out.printf(row, r.scenario(), r.result(), r.reason());
    }
    out.printf(
        "%d scenarios: %d passed, %d skipped, %d failed%n",
        results.size(),
        count(results, ScenarioResult.PASSED),
        count(results, ScenarioResult.SKIPPED),
        count(results, ScenarioResult.FAILED));
    out.flush();
  }

  private static long count(List<ScenarioResult> results, String result) {
    return results.stream().filter(r -> r.result().equals(result)).count();
  }
}
