package io.hermod.core.internal;

import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Core's own settings, read from the merged {@code hermod.*} properties through the keys declared
 * here ({@link #KEYS}), which also drive environment-variable mapping and the configuration
 * reference. Keys under {@code hermod.<binding>.} of a discovered binding belong to that binding
 * (its {@link io.hermod.spi.BindingProvider#configKeys()}); keys under {@code hermod.channels.}
 * declare channels ({@link ChannelConfig}). Every timeout is at most {@link Settings#MAX_TIMEOUT},
 * which broker clients can take, and a key present with an empty value is a problem rather than the
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
 */
public record CoreConfig(
    @Nullable String bindingName,
    Duration sendTimeout,
    Duration connectTimeout,
    Duration requestTimeout,
    int dedupMaxIds,
    int failureRateThreshold,
    Duration waitInOpen,
    int minimumCalls) {

  /** The prefix of every Hermod key. */
  public static final String PREFIX = "hermod.";

  /** Binding names that have a published artifact, for "add the artifact" hints. */
  public static final List<String> WELL_KNOWN_BINDINGS =
      List.of("inmemory", "artemis", "kafka", "sqs");

  static final ConfigKey<String> BINDING =
      ConfigKey.string(
              "binding",
              null,
              "the binding to use, e.g. kafka; may be left out when exactly one binding is on the"
                  + " class path")
          .defaultShownAs("the only binding on the class path");
  static final ConfigKey<Duration> SEND_TIMEOUT =
      ConfigKey.duration(
          "send-timeout",
          Duration.ofSeconds(10),
          "how long a send may wait for the broker's receipt before it fails");
  static final ConfigKey<Duration> CONNECT_TIMEOUT =
      ConfigKey.duration(
          "connect-timeout",
          Duration.ofSeconds(10),
          "how long connecting to the broker may take at start");
  static final ConfigKey<Duration> REQUEST_TIMEOUT =
      ConfigKey.duration(
          "request-timeout",
          Duration.ofSeconds(30),
          "how long an RPC request waits for its reply unless the request says otherwise");
  static final ConfigKey<Integer> DEDUP_MAX_IDS =
      ConfigKey.integer(
          "dedup.max-ids",
          100_000,
          1,
          Integer.MAX_VALUE,
          "how many processed message ids an exactly-once subscription remembers in memory");
  static final ConfigKey<Integer> FAILURE_RATE_THRESHOLD =
      ConfigKey.integer(
          "circuit-breaker.failure-rate-threshold",
          50,
          1,
          100,
          "the share of failed sends (percent) that opens a channel's circuit breaker");
  static final ConfigKey<Duration> WAIT_IN_OPEN =
      ConfigKey.duration(
          "circuit-breaker.wait-in-open",
          Duration.ofSeconds(5),
          "how long an open circuit fails sends at once before it lets a probe through");
  static final ConfigKey<Integer> MINIMUM_CALLS =
      ConfigKey.integer(
          "circuit-breaker.minimum-calls",
          20,
          1,
          Integer.MAX_VALUE,
          "how many sends the circuit breaker needs before the failure rate counts");
  static final ConfigKey<Map<String, String>> CHANNELS =
      ConfigKey.passThrough(
          "channels.", "channel declarations: hermod.channels.<name>.<property>, see below");

  static final ConfigKey<Map<String, String>> CONFIRM =
      ConfigKey.passThrough(
          "confirm.", "processing confirmations: hermod.confirm.<property>, see below");

  /** Every core key, relative to {@link #PREFIX}, in the order the reference lists them. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          BINDING,
          SEND_TIMEOUT,
          CONNECT_TIMEOUT,
          REQUEST_TIMEOUT,
          DEDUP_MAX_IDS,
          FAILURE_RATE_THRESHOLD,
          WAIT_IN_OPEN,
          MINIMUM_CALLS,
          CHANNELS,
          CONFIRM);

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
    // A binding's keys are its own to check (Bootstrap validates them against its declarations);
    // here they only must not count as unknown core keys.
    List<ConfigKey<?>> keys = new ArrayList<>(KEYS);
    Map<String, ConfigKey<Map<String, String>>> absent = new TreeMap<>();
    for (String name : bindingNames) {
      keys.add(ConfigKey.passThrough(name + ".", "the keys of binding " + name));
    }
    for (String name : WELL_KNOWN_BINDINGS) {
      if (!bindingNames.contains(name)) {
        ConfigKey<Map<String, String>> k =
            ConfigKey.passThrough(name + ".", "the keys of binding " + name);
        absent.put(name, k);
        keys.add(k);
      }
    }
    Settings s = Settings.of("Hermod configuration", PREFIX, relative, keys);
    absent.forEach(
        (name, key) ->
            s.get(key)
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
                                + " or remove the key")));
    String binding = s.find(BINDING).orElse(null);
    Duration send = positive(s, SEND_TIMEOUT);
    Duration connect = positive(s, CONNECT_TIMEOUT);
    Duration request = positive(s, REQUEST_TIMEOUT);
    int maxIds = s.get(DEDUP_MAX_IDS);
    int rate = s.get(FAILURE_RATE_THRESHOLD);
    Duration wait = positive(s, WAIT_IN_OPEN);
    int minimum = s.get(MINIMUM_CALLS);
    try {
      s.validate();
    } catch (io.hermod.api.ConfigurationException e) {
      problems.addAll(e.problems());
    }
    return new CoreConfig(binding, send, connect, request, maxIds, rate, wait, minimum);
  }

  private static Duration positive(Settings s, ConfigKey<Duration> key) {
    Duration d = s.get(key);
    Duration defaultValue = key.defaultValue().orElseThrow();
    if (d.isZero()) {
      s.problem(
          s.key(key)
              + " must be a positive duration, was 0; set it to e.g. "
              + Durations.format(defaultValue));
      return defaultValue;
    }
    return d;
  }
}
