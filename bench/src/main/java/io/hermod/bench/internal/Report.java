package io.hermod.bench.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders results as JSON and as a Markdown table. Stateless. */
public final class Report {

  private Report() {}

  /**
   * The results as one JSON document.
   *
   * @param environment free-form facts about the run (machine, load, command)
   * @param results one entry per binding
   * @return the JSON text, never {@code null}
   */
  public static String json(Map<String, String> environment, List<BindingResult> results) {
    StringBuilder b = new StringBuilder("{\n  \"environment\": {");
    String sep = "";
    for (Map.Entry<String, String> e : environment.entrySet()) {
      b.append(sep).append("\n    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
      sep = ",";
    }
    b.append("\n  },\n  \"bindings\": [");
    sep = "";
    for (BindingResult r : results) {
      b.append(sep).append("\n    {\"binding\": ").append(str(r.binding()));
      b.append(", \"hermodPeakHeapBytes\": ").append(r.hermodPeakHeapBytes());
      b.append(", \"rawPeakHeapBytes\": ").append(r.rawPeakHeapBytes());
      b.append(", \"baseline\": \"").append(r.baseline()).append('"');
      b.append(", \"notes\": [");
      b.append(String.join(", ", r.notes().stream().map(Report::str).toList()));
      b.append("], \"figures\": [");
      String fsep = "";
      for (Figure f : r.figures()) {
        b.append(fsep).append("\n      {\"name\": ").append(str(f.name()));
        b.append(", \"unit\": ").append(str(f.unit()));
        b.append(", \"higherIsBetter\": ").append(f.higherIsBetter());
        b.append(", \"hermod\": ").append(stats(f.hermod()));
        b.append(", \"raw\": ").append(stats(f.raw()));
        b.append(", \"ratio\": ").append(num(f.ratio())).append('}');
        fsep = ",";
      }
      b.append("]}");
      sep = ",";
    }
    return b.append("\n  ]\n}\n").toString();
  }

  /**
   * The results as a Markdown table: one row per binding and figure.
   *
   * @param results one entry per binding
   * @return the table, never {@code null}
   */
  public static String markdown(List<BindingResult> results) {
    String baseline = results.isEmpty() ? "raw" : results.get(0).baseline();
    StringBuilder b =
        new StringBuilder(
            "| binding | figure | Hermod median (min-max) | "
                + baseline
                + " median (min-max) | Hermod/"
                + baseline
                + " |\n"
                + "|---|---|---|---|---|\n");
    for (BindingResult r : results) {
      for (Figure f : r.figures()) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %s (%s) | %s | %s | %.2f |%n",
                r.binding(),
                f.name(),
                f.unit(),
                cell(f.hermod()),
                cell(f.raw()),
                f.ratio()));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | peak heap (MiB, whole JVM) | %d | %d | %.2f |%n",
              r.binding(),
              r.hermodPeakHeapBytes() >> 20,
              r.rawPeakHeapBytes() >> 20,
              r.rawPeakHeapBytes() == 0
                  ? Double.NaN
                  : (double) r.hermodPeakHeapBytes() / r.rawPeakHeapBytes()));
    }
    return b.toString();
  }

  private static String cell(Stats s) {
    return String.format(Locale.ROOT, "%s (%s-%s)", fmt(s.median()), fmt(s.min()), fmt(s.max()));
  }

  private static String fmt(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String stats(Stats s) {
    return "{\"median\": "
        + num(s.median())
        + ", \"min\": "
        + num(s.min())
        + ", \"max\": "
        + num(s.max())
        + "}";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
