package io.hermod.bench;

import io.hermod.bench.internal.BenchOptions;
import io.hermod.bench.internal.BindingResult;
import io.hermod.bench.internal.BindingRunner;
import io.hermod.bench.internal.CostRunner;
import io.hermod.bench.internal.Report;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's command line: runs each chosen binding's workloads through Hermod and through the
 * raw client against the binding's embedded test broker, prints a Markdown table and optionally
 * writes JSON.
 *
 * <p>{@code java -jar bench/target/hermod-bench.jar --binding kafka --out results.json}. Not meant
 * to be called concurrently.
 */
public final class HermodBench {

  private HermodBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args see {@link BenchOptions#USAGE}
   * @throws Exception if a broker or a workload fails
   */
  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.costs()) {
      StringBuilder tables = new StringBuilder();
      for (String binding : options.bindings()) {
        tables.append(CostRunner.run(binding)).append('\n');
      }
      System.out.println(tables);
      if (options.out() != null) {
        Files.writeString(options.out(), tables.toString(), StandardCharsets.UTF_8);
      }
      // Broker clients leave non-daemon threads behind; the figures are out, so leave now.
      System.exit(0);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("command", "java -jar hermod-bench.jar " + String.join(" ", args));
    env.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
    env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    env.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
    env.put(
        "loadAverageAtStart",
        String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    BindingRunner runner = new BindingRunner(options);
    List<BindingResult> results = new ArrayList<>();
    for (String binding : options.bindings()) {
      try {
        results.add(runner.run(binding));
      } catch (Exception e) {
        // One broker failing must not cost the others' figures; the failure is in the report.
        e.printStackTrace();
        results.add(
            new BindingResult(binding, List.of(), 0, 0, List.of("FAILED: " + e), options.versus()));
      }
      if (options.out() != null) {
        // Written after every binding so a late failure keeps the earlier figures.
        Files.writeString(options.out(), Report.json(env, results), StandardCharsets.UTF_8);
      }
    }
    env.put(
        "loadAverageAtEnd",
        String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    if (options.out() != null) {
      Files.writeString(options.out(), Report.json(env, results), StandardCharsets.UTF_8);
    }
    System.out.println(Report.markdown(results));
    for (BindingResult r : results) {
      System.out.println(r.binding() + ": " + String.join("; ", r.notes()));
    }
    System.out.println(env);
    // Broker clients leave non-daemon threads behind; the figures are out, so leave now.
    System.exit(0);
  }
}
