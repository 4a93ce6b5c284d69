package io.hermod.bench.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Command-line options. Immutable.
 *
 * @param bindings the bindings to run, in order
 * @param out where to write JSON, or {@code null}
 * @param messages messages per throughput trial, or {@code 0} for the binding's default
 * @param trials measured trials per figure
 * @param rate messages per second for the latency run, or {@code 0} for the binding's default
 * @param quick a short smoke run
 * @param overrides {@code hermod.*} properties laid over the fixture's configuration (Hermod side
 *     only), for before/after comparisons of binding settings
 * @param versus the baseline: {@code raw} (the broker's client), {@code raw-headers} (the same
 *     client carrying and reading the CloudEvents headers Hermod writes) or {@code observed}
 *     (Hermod with both instrumentation modules)
 * @param traceSampling the trace sampler's ratio of the observed side
 * @param costs whether to count broker requests instead of timing anything
 */
public record BenchOptions(
    List<String> bindings,
    @Nullable Path out,
    int messages,
    int trials,
    int rate,
    boolean quick,
    Map<String, String> overrides,
    String versus,
    double traceSampling,
    boolean costs) {

  /** Every binding, in the order {@code --all} runs them. */
  public static final List<String> ALL = List.of("inmemory", "kafka", "artemis", "sqs", "rabbitmq");

  /** The usage text. */
  public static final String USAGE =
      "usage: java -jar hermod-bench.jar (--binding NAME | --all) [--out results.json]"
          + " [--messages N] [--trials N] [--rate R] [--quick] [--set hermod.key=value]..."
          + " [--versus raw|raw-headers|observed] [--trace-sampling RATIO] [--costs]\n"
          + "  bindings: "
          + String.join(", ", ALL);

  /**
   * Whether the baseline is Hermod with metrics and tracing installed.
   *
   * @return {@code true} for {@code --versus observed}
   */
  public boolean observed() {
    return versus.equals("observed");
  }

  /** Copies the collections. */
  public BenchOptions {
    bindings = List.copyOf(bindings);
    overrides = Map.copyOf(overrides);
  }

  /**
   * Parses arguments.
   *
   * @param args the command line
   * @return the options, never {@code null}
   * @throws IllegalArgumentException naming the bad argument and the usage
   */
  public static BenchOptions parse(String... args) {
    List<String> bindings = new ArrayList<>();
    Path out = null;
    int messages = 0;
    int trials = 3;
    int rate = 0;
    boolean quick = false;
    Map<String, String> overrides = new LinkedHashMap<>();
    String versus = "raw";
    double traceSampling = 1.0;
    boolean costs = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--all" -> bindings.addAll(ALL);
        case "--quick" -> quick = true;
        case "--costs" -> costs = true;
        case "--binding" -> {
          String b = value(args, ++i, a);
          if (!ALL.contains(b)) {
            throw new IllegalArgumentException("unknown binding '" + b + "'\n" + USAGE);
          }
          bindings.add(b);
        }
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--messages" -> messages = positive(args, ++i, a);
        case "--trials" -> trials = positive(args, ++i, a);
        case "--rate" -> rate = positive(args, ++i, a);
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq < 1 || !kv.startsWith("hermod.")) {
            throw new IllegalArgumentException(
                "--set needs hermod.key=value, was '" + kv + "'\n" + USAGE);
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--trace-sampling" -> {
          String v = value(args, ++i, a);
          try {
            traceSampling = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            traceSampling = -1;
          }
          if (!(traceSampling > 0 && traceSampling <= 1)) {
            throw new IllegalArgumentException(
                "--trace-sampling takes a ratio in (0, 1], was '" + v + "'\n" + USAGE);
          }
        }
        case "--versus" -> {
          String v = value(args, ++i, a);
          if (!List.of("raw", "raw-headers", "observed").contains(v)) {
            throw new IllegalArgumentException(
                "--versus takes raw, raw-headers or observed, was '" + v + "'\n" + USAGE);
          }
          versus = v;
        }
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    if (bindings.isEmpty()) {
      throw new IllegalArgumentException("name a binding or --all\n" + USAGE);
    }
    return new BenchOptions(
        bindings.stream().distinct().toList(),
        out,
        messages,
        trials,
        rate,
        quick,
        overrides,
        versus,
        traceSampling,
        costs);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String flag) {
    String v = value(args, i, flag);
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be a positive integer, was '" + v + "'");
  }
}
