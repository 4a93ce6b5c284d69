package io.hermod.core.internal;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.RetryExhaustion;
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

  /** The properties of a channel, relative to {@code hermod.channels.<name>.}. */
  public static final List<String> PROPERTIES =
      List.of(
          "kind",
          "guarantee",
          "durability",
          "ttl",
          "max-delivery-attempts",
          "backoff.initial",
          "backoff.multiplier",
          "backoff.max",
          "dead-letter",
          "on-retries-exhausted",
          "max-length",
          "overflow",
          "dedup-window");

  /**
   * The bound of {@code ttl} and {@code dedup-window}, which are lifetimes rather than timeouts a
   * client waits for, so may exceed {@link Settings#MAX_TIMEOUT}: a year is longer than any broker
   * keeps a message, and far from where adding it to a timestamp or counting it in nanoseconds
   * overflows.
   */
  static final Duration MAX_LIFETIME = Duration.ofDays(365);

  /** Where every default comes from, so code and configuration agree. */
  private static final ChannelSpec DEFAULTS = ChannelSpec.queue("defaults").build();

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
    Settings s = Settings.of("channel '" + name + "'", PREFIX + name + ".", values);
    int before = problems.size();
    ChannelKind kind = null;
    if (s.optional("kind").isEmpty()) {
      s.required("kind", "set it to queue or topic");
    } else {
      String k = s.oneOf("kind", "", List.of("queue", "topic"));
      kind = k.isEmpty() ? null : ChannelKind.valueOf(k.toUpperCase(Locale.ROOT));
    }
    DeliveryGuarantee guarantee =
        enumValue(s, "guarantee", DeliveryGuarantee.class, DEFAULTS.guarantee());
    Durability durability = enumValue(s, "durability", Durability.class, DEFAULTS.durability());
    Duration ttl =
        s.optional("ttl").isPresent()
            ? positive(s, "ttl", Duration.ofMinutes(1), MAX_LIFETIME)
            : null;
    int attempts =
        s.integer("max-delivery-attempts", DEFAULTS.maxDeliveryAttempts(), 1, Integer.MAX_VALUE);
    Backoff backoff = backoff(s);
    boolean deadLetter = s.bool("dead-letter", DEFAULTS.deadLetter());
    RetryExhaustion exhaustion =
        enumValue(s, "on-retries-exhausted", RetryExhaustion.class, DEFAULTS.onRetriesExhausted());
    int maxLength = s.integer("max-length", DEFAULTS.maxLength(), 0, Integer.MAX_VALUE);
    OverflowPolicy overflow = enumValue(s, "overflow", OverflowPolicy.class, DEFAULTS.overflow());
    Duration dedupWindow = positive(s, "dedup-window", DEFAULTS.dedupWindow(), MAX_LIFETIME);
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

  /** {@code at-least-once} for {@code AT_LEAST_ONCE}, with the allowed values in the message. */
  private static <E extends Enum<E>> E enumValue(
      Settings s, String name, Class<E> type, E defaultValue) {
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(configForm(e));
    }
    String v = s.oneOf(name, configForm(defaultValue), allowed);
    return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  private static String configForm(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Backoff backoff(Settings s) {
    Backoff d = DEFAULTS.backoff();
    Duration initial = s.duration("backoff.initial", d.initial());
    Duration max = s.duration("backoff.max", d.max());
    double multiplier = d.multiplier();
    Optional<String> m = s.optional("backoff.multiplier");
    if (m.isPresent()) {
      try {
        multiplier = Double.parseDouble(m.get());
      } catch (NumberFormatException e) {
        multiplier = Double.NaN;
      }
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        s.problem(
            s.key("backoff.multiplier")
                + " must be a number >= 1.0, was '"
                + m.get()
                + "'; e.g. 2.0 (1.0 for a fixed delay)");
        multiplier = d.multiplier();
      }
    }
    if (max.compareTo(initial) < 0) {
      s.problem(
          s.key("backoff.max")
              + " must be at least "
              + s.key("backoff.initial")
              + " ("
              + Durations.format(initial)
              + "), was "
              + Durations.format(max)
              + "; raise it or lower the initial delay");
      return d;
    }
    return new Backoff(initial, multiplier, max);
  }

  private static Duration positive(Settings s, String name, Duration example, Duration max) {
    Duration d = s.duration(name, example, max);
    if (d.isZero()) {
      s.problem(
          s.key(name)
              + " must be a positive duration, was 0; set it to e.g. "
              + Durations.format(example));
      return example;
    }
    return d;
  }
}
