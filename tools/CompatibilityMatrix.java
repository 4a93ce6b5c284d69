import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the README's compatibility matrix (Markdown) from TCK reports.
 *
 * <p>Run from the repository root after {@code ./mvnw verify}: {@code java
 * tools/CompatibilityMatrix.java binding-*\/target/tck-report.jsonl}. One column per binding, one
 * row per scenario: ✅ passed, ❌ failed, ➖ skipped (the reason is listed under the table). The
 * counts a scenario measured without asserting them (its row's {@code measured} object, e.g. the
 * duplicates of an at-least-once channel when an instance leaves) are listed under the table too.
 * When a report holds a scenario more than once for a binding (F06/F07 are skipped by the
 * single-node class and run by the cluster class), the row that ran wins over a skip, a failure
 * over a pass.
 */
public final class CompatibilityMatrix {

  private static final Pattern MEASURED = Pattern.compile("\"measured\":\\{([^}]*)}");
  private static final Pattern COUNT = Pattern.compile("\"(\\w+)\":(-?\\d+)");
  // Unrolled (runs of plain characters, then one escape): a long reason must not recurse per character.
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(?:\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"|(\\d+))");
  private static final List<String> ORDER = List.of("inmemory", "artemis", "kafka", "sqs");

  public static void main(String[] args) throws IOException {
    Map<String, Map<String, String[]>> byScenario = new TreeMap<>();
    List<String> bindings = new ArrayList<>();
    List<String> measuredNotes = new ArrayList<>();
    for (String arg : args) {
      Path file = Path.of(arg);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, String> row = new TreeMap<>();
        // The measured object's members must not be read as the row's own fields.
        Matcher measured = MEASURED.matcher(line);
        String counts = "";
        if (measured.find()) {
          counts = measured.group(1);
          line = line.substring(0, measured.start()) + line.substring(measured.end());
        }
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
          row.put(m.group(1), m.group(2) != null ? unescape(m.group(2)) : m.group(3));
        }
        String binding = row.getOrDefault("binding", "?");
        if (!bindings.contains(binding)) {
          bindings.add(binding);
        }
        List<String> values = new ArrayList<>();
        Matcher c = COUNT.matcher(counts);
        while (c.find()) {
          values.add(c.group(1).replace('_', ' ') + " " + c.group(2));
        }
        if (!values.isEmpty()) {
          measuredNotes.add(binding + " " + row.get("scenario") + ": " + String.join(", ", values));
        }
        // A binding may run a scenario in more than one test class (the cluster scenarios run in
        // a class of their own and are skipped in the single-node one): a run outranks a skip,
        // and a failure a pass, whatever the order the classes ran in.
        byScenario
            .computeIfAbsent(row.get("scenario"), k -> new TreeMap<>())
            .merge(
                binding,
                new String[] {row.get("result"), row.getOrDefault("reason", ""), row.getOrDefault("title", "")},
                (old, now) -> weight(now[0]) > weight(old[0]) ? now : old);
      }
    }
    bindings.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    StringBuilder out = new StringBuilder("| scenario |");
    bindings.forEach(b -> out.append(' ').append(b).append(" |"));
    out.append("\n|---|");
    bindings.forEach(b -> out.append("---|"));
    out.append('\n');
    Map<String, int[]> totals = new TreeMap<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, Map<String, String[]>> e : byScenario.entrySet()) {
      String title = e.getValue().values().iterator().next()[2];
      out.append("| ").append(e.getKey()).append(' ').append(title).append(" |");
      for (String b : bindings) {
        String[] r = e.getValue().get(b);
        int[] t = totals.computeIfAbsent(b, k -> new int[3]);
        String cell;
        if (r == null) {
          cell = " ";
        } else if ("passed".equals(r[0])) {
          cell = "✅";
          t[0]++;
        } else if ("failed".equals(r[0])) {
          cell = "❌";
          t[1]++;
        } else {
          cell = "➖";
          t[2]++;
          notes.add(b + " " + e.getKey() + ": " + r[1]);
        }
        out.append(' ').append(cell).append(" |");
      }
      out.append('\n');
    }
    out.append("| **passed / failed / skipped** |");
    for (String b : bindings) {
      int[] t = totals.getOrDefault(b, new int[3]);
      out.append(' ').append(t[0]).append(" / ").append(t[1]).append(" / ").append(t[2]).append(" |");
    }
    out.append("\n\nSkipped, with the kit's reason:\n\n");
    notes.forEach(n -> out.append("- ").append(n).append('\n'));
    if (!measuredNotes.isEmpty()) {
      // By scenario, then in the table's binding order.
      measuredNotes.sort(
          (a, b) -> {
            String sa = a.substring(a.indexOf(' ') + 1, a.indexOf(':'));
            String sb = b.substring(b.indexOf(' ') + 1, b.indexOf(':'));
            int c = sa.compareTo(sb);
            return c != 0
                ? c
                : Integer.compare(rank(a.substring(0, a.indexOf(' '))), rank(b.substring(0, b.indexOf(' '))));
          });
      out.append("\nCounts the scenarios measured in this run (C09 asserts 0 on exactly-once and only reports at-least-once; C11 reports the duplicates a kill -9 left, bounded by the killed consumer's prefetch; F06/F07 report the messages sent, the at-least-once duplicates and the milliseconds from each kill until the survivors had receipted its phase, or until the killed node had rejoined; the rest assert 0):\n\n");
      measuredNotes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    System.out.print(out);
  }

  private static int weight(String result) {
    return switch (result) {
      case "failed" -> 2;
      case "passed" -> 1;
      default -> 0;
    };
  }

  private static int rank(String binding) {
    int i = ORDER.indexOf(binding);
    return i < 0 ? ORDER.size() : i;
  }

  private static String unescape(String s) {
    return s.replace("\\n", " ").replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
