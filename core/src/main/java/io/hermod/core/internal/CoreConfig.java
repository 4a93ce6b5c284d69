package io.hermod.core.internal;

import io.hermod.spi.support.Settings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Core's own settings, read from the merged {@code hermod.*} properties.
 *
 * <p>Keys, relative to {@code hermod.}: {@code binding}, {@code send-timeout} (10s), {@code
 * connect-timeout} (10s), {@code request-timeout} (30s), {@code dedup.max-ids} (100000), {@code
 * circuit-breaker.failure-rate-threshold} (50), {@code circuit-breaker.wait-in-open} (5s), {@code
 * circuit-breaker.minimum-calls} (20), {@code chaos.lost-ack-rate} (0.0). Keys under {@code
 * hermod.<binding>.} of a discovered binding belong to that binding; keys under {@code hermod.tck.}
 * belong to the compatibility kit and are ignored; keys under {@code hermod.channels.} declare
 * channels ({@link ChannelConfig}). Every timeout is at most {@link Settings#MAX_TIMEOUT}, which
 * broker clients can take, and a key present with an empty value is a problem rather than the
 * default (both enforced by {@link Settings}). Immutable.
 *
 * @param bindingName the selected binding, or {@code null} to choose automatically
 * @param sendTimeout how long a send may take
 * @param connectTimeout how long connecting may take
 * @param requestTimeout the default RPC reply timeout
 * @param dedupMaxIds how many processed ids a subscription remembers
 * @param failureRateThreshold the send failure rate (percent) that opens the circuit
 * @param waitInOpen how long the circuit stays open before probing
 * @param minimumCalls how many sends are needed before the failure rate counts
 * @param lostAckRate the probability of simulating a lost ack (testing only)
 */
public record CoreConfig(
    @Nullable String bindingName,
    Duration sendTimeout,
    Duration connectTimeout,
    Duration requestTimeout,
    int dedupMaxIds,
    int failureRateThreshold,
    Duration waitInOpen,
    int minimumCalls,
    double lostAckRate) {

  /** The prefix of every Hermod key. */
  public static final String PREFIX = "hermod.";

  /** Binding names that have a published artifact, for "add the artifact" hints. */
  public static final List<String> WELL_KNOWN_BINDINGS =
      List.of("inmemory", "artemis", "kafka", "sqs");

  /** Keys under this prefix belong to the compatibility kit (e.g. its report path). */
  private static final String TCK_PREFIX = "tck.";

  /** Keys under this prefix declare channels ({@link ChannelConfig}). */
  private static final String CHANNELS_PREFIX = "channels.";

  /**
   * Reads core's settings, adding every problem to {@code problems}.
   *
   * @param properties every merged property, full keys
   * @param bindingNames the names of the discovered bindings
   * @param problems receives each problem
   * @return the settings (defaults where a value was invalid)
   */
  public static CoreConfig read(
      Map<String, String> properties, Collection<String> bindingNames, List<String> problems) {
    Map<String, String> relative = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            relative.put(k.substring(PREFIX.length()), v);
          } else {
            problems.add(
                "key '" + k + "' is not a Hermod key: every key starts with '" + PREFIX + "'");
          }
        });
    Settings s = Settings.of("Hermod configuration", PREFIX, relative);
    for (String name : bindingNames) {
      s.passThrough(name + ".");
    }
    s.passThrough(TCK_PREFIX);
    // Read and checked by ChannelConfig, which names the full key in every problem.
    s.passThrough(CHANNELS_PREFIX);
    for (String name : WELL_KNOWN_BINDINGS) {
      if (bindingNames.contains(name)) {
        continue;
      }
      s.passThrough(name + ".")
          .keySet()
          .forEach(
              rest ->
                  s.problem(
                      "key "
                          + PREFIX
                          + name
                          + "."
                          + rest
                          + " configures binding '"
                          + name
                          + "', which is not on the class path; add io.hermod:hermod-binding-"
                          + name
                          + " or remove the key"));
    }
    String binding = s.optional("binding").orElse(null);
    Duration send = positive(s, "send-timeout", Duration.ofSeconds(10));
    Duration connect = positive(s, "connect-timeout", Duration.ofSeconds(10));
    Duration request = positive(s, "request-timeout", Duration.ofSeconds(30));
    int maxIds = s.integer("dedup.max-ids", 100_000, 1, Integer.MAX_VALUE);
    int rate = s.integer("circuit-breaker.failure-rate-threshold", 50, 1, 100);
    Duration wait = positive(s, "circuit-breaker.wait-in-open", Duration.ofSeconds(5));
    int minimum = s.integer("circuit-breaker.minimum-calls", 20, 1, Integer.MAX_VALUE);
    double lostAck = probability(s, "chaos.lost-ack-rate");
    try {
      s.validate();
    } catch (io.hermod.api.ConfigurationException e) {
      problems.addAll(e.problems());
    }
    return new CoreConfig(binding, send, connect, request, maxIds, rate, wait, minimum, lostAck);
  }

  private static Duration positive(Settings s, String name, Duration defaultValue) {
    Duration d = s.duration(name, defaultValue);
    if (d.isZero()) {
      s.problem(
          s.key(name)
              + " must be a positive duration, was 0; set it to e.g. "
              + Durations.format(defaultValue));
      return defaultValue;
    }
    return d;
  }

  private static double probability(Settings s, String name) {
    Optional<String> v = s.optional(name);
    if (v.isEmpty()) {
      return 0.0;
    }
    try {
      double d = Double.parseDouble(v.get());
      if (d >= 0.0 && d <= 1.0) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    s.problem(
        s.key(name) + " must be a number between 0.0 and 1.0, was '" + v.get() + "'; e.g. 0.1");
    return 0.0;
  }
}
