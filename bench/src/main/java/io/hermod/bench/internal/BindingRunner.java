package io.hermod.bench.internal;

import io.hermod.tck.BrokerFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Runs every workload on one binding, Hermod and raw alternating. Not thread-safe. */
public final class BindingRunner {

  /** Per-binding defaults: what a trial of a few seconds means on each broker. */
  private record Profile(int messages, int rate, int rpcCalls) {}

  private static final Map<String, Profile> PROFILES =
      Map.of(
          "inmemory", new Profile(500_000, 5_000, 5_000),
          "kafka", new Profile(30_000, 500, 300),
          // Latency rates sit well below both sides' throughput on this machine (above it the
          // queue only grows); they were set when Artemis sends still blocked (~270 msg/s) and
          // are kept so that runs stay comparable.
          "artemis", new Profile(20_000, 100, 300),
          "sqs", new Profile(3_000, 20, 100),
          "rabbitmq", new Profile(20_000, 200, 300));

  private final BenchOptions options;

  /**
   * A runner for these options.
   *
   * @param options the command line
   */
  public BindingRunner(BenchOptions options) {
    this.options = options;
  }

  /**
   * Starts the binding's broker, runs the workloads and returns the figures.
   *
   * @param binding the binding name
   * @return the result, never {@code null}
   * @throws Exception if the broker or a workload fails
   */
  public BindingResult run(String binding) throws Exception {
    Profile p = PROFILES.get(binding);
    int divisor = options.quick() ? 10 : 1;
    int messages = options.messages() > 0 ? options.messages() : p.messages() / divisor;
    int rate = options.rate() > 0 ? options.rate() : p.rate();
    int latencyMessages = rate * (options.quick() ? 2 : 10);
    int rpcCalls = p.rpcCalls() / divisor;
    int trials = options.quick() ? 1 : options.trials();
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            "%d msgs/throughput trial, %d msg/s x %d msgs latency, %d RPC calls, %d trials",
            messages, rate, latencyMessages, rpcCalls, trials));

    if (!options.overrides().isEmpty()) {
      notes.add("Hermod settings: " + options.overrides());
    }
    BrokerFixture fixture = Brokers.start(binding);
    Map<String, String> hermodConfig = new LinkedHashMap<>(fixture.config());
    hermodConfig.putAll(options.overrides());
    String baseline = options.versus();
    if (baseline.equals("raw-headers")) {
      notes.add(
          "baseline: the raw client carrying and reading the CloudEvents headers Hermod writes");
    }
    if (options.observed()) {
      notes.add(
          "baseline: Hermod with hermod-micrometer and hermod-opentelemetry installed, trace"
              + " sampling "
              + options.traceSampling());
    }
    try (Transport hermod = new HermodTransport(hermodConfig);
        Transport raw =
            options.observed()
                ? ObservedTransports.create(hermodConfig, options.traceSampling())
                : Brokers.raw(binding, fixture.config(), baseline.equals("raw-headers"))) {
      List<Transport> sides = List.of(hermod, raw);
      // Warm-up is one whole unmeasured trial per side: every workload the trials run, at full
      // size, so the JIT has compiled each path before it is timed (a shorter warm-up favoured
      // the raw side, whose few methods compile first, by 2-3x on the in-memory binding).
      log(binding, "warm-up");
      for (Transport t : sides) {
        Workloads.throughput(t, false, messages);
        Workloads.throughput(t, true, messages);
        Workloads.latency(t, rate, Math.max(100, latencyMessages / 5));
        Workloads.rpc(t, rpcCalls);
      }
      Map<String, List<Double>> values = new LinkedHashMap<>();
      long[] peak = new long[2];
      for (int trial = 0; trial < trials; trial++) {
        // Alternate who goes first so drift in machine load hits both sides alike.
        for (int k = 0; k < 2; k++) {
          int s = (trial + k) % 2;
          Transport t = sides.get(s);
          String side = t.side();
          log(binding, "trial " + (trial + 1) + "/" + trials + " " + side);
          System.gc();
          try (HeapSampler heap = new HeapSampler()) {
            ResourceCost cost = ResourceCost.start();
            add(values, side, "throughput at-least-once", Workloads.throughput(t, false, messages));
            add(values, side, "alloc at-least-once", (double) cost.allocatedBytes() / messages);
            add(values, side, "cpu at-least-once", cost.cpuNanos() / 1000.0 / messages);
            add(values, side, "throughput exactly-once", Workloads.throughput(t, true, messages));
            Histogram lat = Workloads.latency(t, rate, latencyMessages);
            addPercentiles(values, side, "latency", lat);
            Histogram rpc = Workloads.rpc(t, rpcCalls);
            addPercentiles(values, side, "rpc", rpc);
            peak[s] = Math.max(peak[s], heap.peak());
          }
        }
      }
      List<Figure> figures = new ArrayList<>();
      for (String name : figureNames(values)) {
        boolean throughput = name.startsWith("throughput");
        figures.add(
            new Figure(
                name,
                unitOf(name),
                throughput,
                Stats.of(values.get("hermod|" + name)),
                Stats.of(values.get(raw.side() + "|" + name))));
      }
      return new BindingResult(binding, figures, peak[0], peak[1], notes, baseline);
    } finally {
      fixture.stop();
    }
  }

  private static String unitOf(String figure) {
    if (figure.startsWith("throughput")) {
      return "msg/s";
    }
    if (figure.startsWith("alloc")) {
      return "B/msg";
    }
    return figure.startsWith("cpu") ? "us/msg" : "us";
  }

  private static List<String> figureNames(Map<String, List<Double>> values) {
    return values.keySet().stream()
        .filter(k -> k.startsWith("hermod|"))
        .map(k -> k.substring("hermod|".length()))
        .toList();
  }

  private static void addPercentiles(
      Map<String, List<Double>> values, String side, String what, Histogram h) {
    add(values, side, what + " p50", h.getValueAtPercentile(50) / 1000.0);
    add(values, side, what + " p99", h.getValueAtPercentile(99) / 1000.0);
    add(values, side, what + " p99.9", h.getValueAtPercentile(99.9) / 1000.0);
  }

  private static void add(Map<String, List<Double>> values, String side, String name, double v) {
    values.computeIfAbsent(side + "|" + name, k -> new ArrayList<>()).add(v);
  }

  private static void log(String binding, String what) {
    System.err.printf("[bench] %s: %s%n", binding, what);
  }
}
