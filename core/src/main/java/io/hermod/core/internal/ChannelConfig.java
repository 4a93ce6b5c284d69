package io.hermod.core.internal;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.RetryExhaustion;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Channels declared in configuration: {@code hermod.channels.<name>.<property>}, with {@code kind}
 * ({@code queue} or {@code topic}) required and every other property defaulting as in {@link
 * ChannelSpec.Builder}. Channel names may contain dots: the property is recognised at the end of
 * the key. Every problem names the full key. Stateless.
 */
public final class ChannelConfig {

  /** The prefix of channel keys. */
  public static final String PREFIX = CoreConfig.PREFIX + "channels.";

  /**
   * The bound of {@code ttl} and {@code dedup-window}, which are lifetimes rather than timeouts a
   * client waits for, so may exceed {@link Settings#MAX_TIMEOUT}: a year is longer than any broker
   * keeps a message, and far from where adding it to a timestamp or counting it in nanoseconds
   * overflows.
   */
  static final Duration MAX_LIFETIME = Duration.ofDays(365);

  /** Where every default comes from, so code and configuration agree. */
  private static final ChannelSpec DEFAULTS = ChannelSpec.queue("defaults").build();

  private static final List<String> KINDS = List.of("queue", "topic");

  static final ConfigKey<String> KIND =
      ConfigKey.required("kind", "set it to queue or topic", "queue or topic");
  static final ConfigKey<String> GUARANTEE =
      choice(
          "guarantee",
          DEFAULTS.guarantee(),
          "at-least-once, or exactly-once: ordered per key and deduplicated by message id");
  static final ConfigKey<String> DURABILITY =
      choice("durability", DEFAULTS.durability(), "whether messages survive a broker restart");
  static final ConfigKey<Duration> TTL =
      ConfigKey.duration("ttl", null, "how long a message may wait before it expires")
          .atMost(MAX_LIFETIME)
          .defaultShownAs("never expires");
  static final ConfigKey<Integer> MAX_DELIVERY_ATTEMPTS =
      ConfigKey.integer(
          "max-delivery-attempts",
          DEFAULTS.maxDeliveryAttempts(),
          1,
          Integer.MAX_VALUE,
          "how often a message is handed to a handler before it is dead-lettered");
  static final ConfigKey<Duration> BACKOFF_INITIAL =
      ConfigKey.duration(
          "backoff.initial", DEFAULTS.backoff().initial(), "the delay before the first retry");
  static final ConfigKey<Double> BACKOFF_MULTIPLIER =
      ConfigKey.decimal(
          "backoff.multiplier",
          DEFAULTS.backoff().multiplier(),
          1.0,
          "what each further retry's delay is multiplied by (1.0 for a fixed delay)");
  static final ConfigKey<Duration> BACKOFF_MAX =
      ConfigKey.duration(
          "backoff.max", DEFAULTS.backoff().max(), "the longest delay between retries");
  static final ConfigKey<Boolean> DEAD_LETTER =
      ConfigKey.bool(
          "dead-letter",
          DEFAULTS.deadLetter(),
          "whether a message out of attempts goes to the channel <name>.dlq");
  static final ConfigKey<String> ON_RETRIES_EXHAUSTED =
      choice(
          "on-retries-exhausted",
          DEFAULTS.onRetriesExhausted(),
          "what happens to a message out of attempts when dead-letter is false");
  static final ConfigKey<Integer> MAX_LENGTH =
      ConfigKey.integer(
          "max-length",
          DEFAULTS.maxLength(),
          0,
          Integer.MAX_VALUE,
          "the most messages the channel holds, 0 for no limit");
  static final ConfigKey<String> OVERFLOW =
      choice("overflow", DEFAULTS.overflow(), "what a send to a full channel does");
  static final ConfigKey<Duration> DEDUP_WINDOW =
      ConfigKey.duration(
              "dedup-window",
              DEFAULTS.dedupWindow(),
              "how long an exactly-once channel remembers a message id to drop its duplicates")
          .atMost(MAX_LIFETIME);

  /** Every property of a channel, relative to {@code hermod.channels.<name>.}. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          KIND,
          GUARANTEE,
          DURABILITY,
          TTL,
          MAX_DELIVERY_ATTEMPTS,
          BACKOFF_INITIAL,
          BACKOFF_MULTIPLIER,
          BACKOFF_MAX,
          DEAD_LETTER,
          ON_RETRIES_EXHAUSTED,
          MAX_LENGTH,
          OVERFLOW,
          DEDUP_WINDOW);

  /** The property names, relative to {@code hermod.channels.<name>.}. */
  public static final List<String> PROPERTIES = KEYS.stream().map(ConfigKey::name).toList();

  /** An enum's constants as a choice: {@code AT_LEAST_ONCE} is {@code at-least-once}. */
  private static <E extends Enum<E>> ConfigKey<String> choice(
      String name, E defaultValue, String description) {
    List<String> allowed = new ArrayList<>();
    for (E e : defaultValue.getDeclaringClass().getEnumConstants()) {
      allowed.add(configForm(e));
    }
    return ConfigKey.oneOf(name, configForm(defaultValue), allowed, description);
  }

  private ChannelConfig() {}

  /**
   * The channels declared in {@code properties}, adding every problem to {@code problems}.
   *
   * @param properties every merged property, full keys
   * @param problems receives each problem
   * @return the valid declarations, in name order, never {@code null}
   */
  public static List<ChannelSpec> read(Map<String, String> properties, List<String> problems) {
    Map<String, Map<String, String>> byChannel = new TreeMap<>();
    List<String> unmatched = new ArrayList<>();
    properties.forEach(
        (key, value) -> {
          if (!key.startsWith(PREFIX)) {
            return;
          }
          String rest = key.substring(PREFIX.length());
          String property = propertyAtEnd(rest);
          if (property == null) {
            unmatched.add(rest);
          } else {
            String name = rest.substring(0, rest.length() - property.length() - 1);
            byChannel.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(property, value);
          }
        });
    for (String rest : unmatched) {
      problems.add(unknown(rest, byChannel.keySet()));
    }
    List<ChannelSpec> out = new ArrayList<>();
    byChannel.forEach(
        (name, values) -> {
          ChannelSpec spec = channel(name, values, problems);
          if (spec != null) {
            out.add(spec);
          }
        });
    return out;
  }

  /** The longest property {@code rest} ends with after a channel name, or {@code null}. */
  private static @Nullable String propertyAtEnd(String rest) {
    String best = null;
    for (String p : PROPERTIES) {
      if (rest.endsWith("." + p)
          && rest.length() > p.length() + 1
          && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return best;
  }

  /** The message for a key that names no known property, with the likeliest fix. */
  private static String unknown(String rest, java.util.Set<String> channels) {
    String fallback = null;
    for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
      String name = rest.substring(0, dot);
      Optional<String> guess = Suggestions.closest(rest.substring(dot + 1), PROPERTIES);
      if (guess.isPresent() && (channels.contains(name) || fallback == null)) {
        fallback = PREFIX + name + "." + guess.get();
        if (channels.contains(name)) {
          break;
        }
      }
    }
    if (fallback != null) {
      return "unknown key " + PREFIX + rest + "; did you mean " + fallback + "?";
    }
    return "unknown key "
        + PREFIX
        + rest
        + "; a channel key is "
        + PREFIX
        + "<name>.<property> with property one of "
        + PROPERTIES;
  }

  private static @Nullable ChannelSpec channel(
      String name, Map<String, String> values, List<String> problems) {
    Settings s = Settings.of("channel '" + name + "'", PREFIX + name + ".", values, KEYS);
    int before = problems.size();
    ChannelKind kind = null;
    String k = s.get(KIND);
    if (k != null) {
      String lower = k.toLowerCase(Locale.ROOT);
      if (KINDS.contains(lower)) {
        kind = ChannelKind.valueOf(lower.toUpperCase(Locale.ROOT));
      } else {
        s.problem(
            s.key(KIND)
                + " must be one of "
                + KINDS
                + ", was '"
                + k
                + "'"
                + Suggestions.closest(lower, KINDS)
                    .map(c -> "; did you mean '" + c + "'?")
                    .orElse(""));
      }
    }
    DeliveryGuarantee guarantee = enumValue(s, GUARANTEE, DeliveryGuarantee.class);
    Durability durability = enumValue(s, DURABILITY, Durability.class);
    Duration ttl = s.find(TTL).isPresent() ? positive(s, TTL, Duration.ofMinutes(1)) : null;
    int attempts = s.get(MAX_DELIVERY_ATTEMPTS);
    Backoff backoff = backoff(s);
    boolean deadLetter = s.get(DEAD_LETTER);
    RetryExhaustion exhaustion = enumValue(s, ON_RETRIES_EXHAUSTED, RetryExhaustion.class);
    int maxLength = s.get(MAX_LENGTH);
    OverflowPolicy overflow = enumValue(s, OVERFLOW, OverflowPolicy.class);
    Duration dedupWindow = positive(s, DEDUP_WINDOW, DEFAULTS.dedupWindow());
    try {
      s.validate();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (problems.size() > before || kind == null) {
      return null;
    }
    try {
      return (kind == ChannelKind.QUEUE ? ChannelSpec.queue(name) : ChannelSpec.topic(name))
          .guarantee(guarantee)
          .durability(durability)
          .ttl(ttl)
          .maxDeliveryAttempts(attempts)
          .backoff(backoff)
          .deadLetter(deadLetter)
          .onRetriesExhausted(exhaustion)
          .maxLength(maxLength, overflow)
          .dedupWindow(dedupWindow)
          .build();
    } catch (ConfigurationException e) {
      // Only the name can still be wrong: every value was checked above.
      e.problems().forEach(p -> problems.add(PREFIX + name + ".*: " + p + "; rename the channel"));
      return null;
    }
  }

  private static <E extends Enum<E>> E enumValue(Settings s, ConfigKey<String> key, Class<E> type) {
    return Enum.valueOf(type, s.get(key).toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  private static String configForm(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Backoff backoff(Settings s) {
    Backoff d = DEFAULTS.backoff();
    Duration initial = s.get(BACKOFF_INITIAL);
    Duration max = s.get(BACKOFF_MAX);
    double multiplier = s.get(BACKOFF_MULTIPLIER);
    if (max.compareTo(initial) < 0) {
      s.problem(
          s.key(BACKOFF_MAX)
              + " must be at least "
              + s.key(BACKOFF_INITIAL)
              + " ("
              + Durations.format(initial)
              + "), was "
              + Durations.format(max)
              + "; raise it or lower the initial delay");
      return d;
    }
    return new Backoff(initial, multiplier, max);
  }

  private static Duration positive(Settings s, ConfigKey<Duration> key, Duration example) {
    Duration d = s.find(key).orElse(example);
    if (d.isZero()) {
      s.problem(
          s.key(key)
              + " must be a positive duration, was 0; set it to e.g. "
              + Durations.format(example));
      return example;
    }
    return d;
  }
}
