package io.hermod.spi.support;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one declaration of a configuration key: its name, type, default, bounds, description and
 * whether it is secret. Reading ({@link Settings#get}), validation (unknown keys with the closest
 * declared one), environment-variable mapping, redaction and the README's configuration reference
 * are all derived from these declarations, so that none of them can drift from another.
 *
 * <p>A binding declares its keys as constants of its {@code <Broker>Settings} class and returns
 * them from {@link io.hermod.spi.BindingProvider#configKeys()}. Names are relative to the owner's
 * prefix ({@code bootstrap-servers} under {@code hermod.kafka.}). Immutable.
 *
 * @param <T> the type of the value read
 * @since 0.2
 */
public final class ConfigKey<T> {

  /**
   * What kind of value a key holds, which decides how it is parsed and documented.
   *
   * @since 0.2
   */
  public enum Type {
    /** Free text. */
    STRING,
    /** Free text that is never shown: passwords, keys, tokens. */
    SECRET,
    /** A whole number within bounds. */
    INTEGER,
    /** A finite decimal number of at least a bound. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, milliseconds or ISO-8601. */
    DURATION,
    /** One of a fixed set of lower-case words. */
    CHOICE,
    /** Every key under a sub-prefix, handed untouched to a native client. */
    PASS_THROUGH
  }

  private final String name;
  private final Type type;
  private final @Nullable T defaultValue;
  private final @Nullable String defaultText;
  private final @Nullable String requiredFix;
  private final String description;
  private final long min;
  private final long max;
  private final Duration maxDuration;
  private final List<String> choices;

  private ConfigKey(
      String name,
      Type type,
      @Nullable T defaultValue,
      @Nullable String defaultText,
      @Nullable String requiredFix,
      String description,
      long min,
      long max,
      Duration maxDuration,
      List<String> choices) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.requiredFix = requiredFix;
    this.description = Objects.requireNonNull(description, "description");
    this.min = min;
    this.max = max;
    this.maxDuration = maxDuration;
    this.choices = List.copyOf(choices);
    if (name.isBlank() || !name.equals(name.toLowerCase(Locale.ROOT)) || name.contains(" ")) {
      throw new IllegalArgumentException("a key name is lower case without spaces: '" + name + "'");
    }
    if ((type == Type.PASS_THROUGH) != name.endsWith(".")) {
      throw new IllegalArgumentException(
          "a pass-through key, and only one, ends with a dot: '" + name + "'");
    }
  }

  private static <T> ConfigKey<T> of(
      String name, Type type, @Nullable T defaultValue, String description) {
    return new ConfigKey<>(
        name,
        type,
        defaultValue,
        null,
        null,
        description,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Settings.MAX_TIMEOUT,
        List.of());
  }

  /**
   * A string; absent means {@code defaultValue}.
   *
   * @param name the relative name, e.g. {@code client-id}
   * @param defaultValue the default, or {@code null} for none ({@link Settings#find})
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<String> string(
      String name, @Nullable String defaultValue, String description) {
    return of(name, Type.STRING, defaultValue, description);
  }

  /**
   * A string that must be set; when absent, the problem names the key and {@code fix}.
   *
   * @param name the relative name
   * @param fix what to set, e.g. {@code "set it to the broker's host:port, e.g. localhost:9092"}
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<String> required(String name, String fix, String description) {
    return new ConfigKey<>(
        name,
        Type.STRING,
        null,
        null,
        Objects.requireNonNull(fix, "fix"),
        description,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Settings.MAX_TIMEOUT,
        List.of());
  }

  /**
   * A secret (password, key, token): never shown in a message, {@code toString} or the reference.
   * No default.
   *
   * @param name the relative name
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<String> secret(String name, String description) {
    return of(name, Type.SECRET, null, description);
  }

  /**
   * A whole number within {@code [min, max]}.
   *
   * @param name the relative name
   * @param defaultValue the default
   * @param min the smallest allowed
   * @param max the largest allowed
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<Integer> integer(
      String name, int defaultValue, int min, int max, String description) {
    if (defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException(name + ": default " + defaultValue + " is out of bounds");
    }
    return new ConfigKey<>(
        name,
        Type.INTEGER,
        defaultValue,
        null,
        null,
        description,
        min,
        max,
        Settings.MAX_TIMEOUT,
        List.of());
  }

  /**
   * A finite decimal number of at least {@code min}.
   *
   * @param name the relative name
   * @param defaultValue the default, also the example given when a value is invalid
   * @param min the smallest allowed
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<Double> decimal(
      String name, double defaultValue, double min, String description) {
    if (!(defaultValue >= min) || Double.isInfinite(defaultValue)) {
      throw new IllegalArgumentException(name + ": default " + defaultValue + " is out of bounds");
    }
    return new ConfigKey<>(
        name,
        Type.DECIMAL,
        defaultValue,
        null,
        null,
        description,
        Double.doubleToLongBits(min),
        Long.MAX_VALUE,
        Settings.MAX_TIMEOUT,
        List.of());
  }

  /**
   * {@code true} or {@code false}.
   *
   * @param name the relative name
   * @param defaultValue the default
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return of(name, Type.BOOLEAN, defaultValue, description);
  }

  /**
   * A duration of at most {@link Settings#MAX_TIMEOUT} (see {@link #atMost(Duration)}).
   *
   * @param name the relative name
   * @param defaultValue the default, or {@code null} for none ({@link Settings#find}); also the
   *     example given when a value is too large
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<Duration> duration(
      String name, @Nullable Duration defaultValue, String description) {
    return of(name, Type.DURATION, defaultValue, description);
  }

  /**
   * One of a fixed set of values, compared case-insensitively and read in lower case.
   *
   * @param name the relative name
   * @param defaultValue the default, one of {@code allowed}
   * @param allowed the allowed values, lower case
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<String> oneOf(
      String name, String defaultValue, List<String> allowed, String description) {
    if (!allowed.contains(defaultValue)) {
      throw new IllegalArgumentException(name + ": default '" + defaultValue + "' not allowed");
    }
    return new ConfigKey<>(
        name,
        Type.CHOICE,
        defaultValue,
        null,
        null,
        description,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Settings.MAX_TIMEOUT,
        allowed);
  }

  /**
   * Every key under a sub-prefix, handed untouched to a native client (for example {@code
   * producer.} for {@code hermod.kafka.producer.linger.ms}). Keys under it are never unknown; the
   * value read is the map keyed by the part after the sub-prefix.
   *
   * @param subPrefix the relative sub-prefix, ending with a dot
   * @param description one sentence for the configuration reference
   * @return the key, never {@code null}
   */
  public static ConfigKey<Map<String, String>> passThrough(String subPrefix, String description) {
    return of(subPrefix, Type.PASS_THROUGH, Map.of(), description);
  }

  /**
   * The same key with a longer bound than {@link Settings#MAX_TIMEOUT}, for a duration that is no
   * timeout handed to a client (such as a retention period).
   *
   * @param bound the largest allowed
   * @return a new key, never {@code null}
   */
  public ConfigKey<T> atMost(Duration bound) {
    if (type != Type.DURATION) {
      throw new IllegalStateException(name + " is no duration");
    }
    return new ConfigKey<>(
        name, type, defaultValue, defaultText, requiredFix, description, min, max, bound, choices);
  }

  /**
   * The same key, documented with {@code text} as its default: for a default computed at run time
   * (from the instance id, say) that the key itself cannot hold. {@link Settings#find} then returns
   * empty when the key is absent, and the binding computes the default.
   *
   * @param text e.g. {@code hermod-<instance id>}
   * @return a new key, never {@code null}
   */
  public ConfigKey<T> defaultShownAs(String text) {
    return new ConfigKey<>(
        name, type, defaultValue, text, requiredFix, description, min, max, maxDuration, choices);
  }

  /**
   * The relative name; a pass-through key's ends with a dot.
   *
   * @return e.g. {@code bootstrap-servers}, never {@code null}
   */
  public String name() {
    return name;
  }

  /**
   * The kind of value.
   *
   * @return the type, never {@code null}
   */
  public Type type() {
    return type;
  }

  /**
   * The default, applied when the key is absent.
   *
   * @return the default, or empty when there is none
   */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * What to set when the key is required and absent.
   *
   * @return the fix, or empty when the key is optional
   */
  public Optional<String> requiredFix() {
    return Optional.ofNullable(requiredFix);
  }

  /**
   * One sentence for the configuration reference.
   *
   * @return the description, never {@code null}
   */
  public String description() {
    return description;
  }

  /**
   * Whether the value is secret.
   *
   * @return {@code true} for {@link Type#SECRET}
   */
  public boolean isSecret() {
    return type == Type.SECRET;
  }

  /**
   * The smallest allowed value of an {@link Type#INTEGER} key.
   *
   * @return the bound
   */
  public int min() {
    return (int) min;
  }

  /**
   * The smallest allowed value of a {@link Type#DECIMAL} key.
   *
   * @return the bound
   */
  public double minDecimal() {
    return Double.longBitsToDouble(min);
  }

  /**
   * The largest allowed value of an {@link Type#INTEGER} key.
   *
   * @return the bound
   */
  public int max() {
    return (int) max;
  }

  /**
   * The largest allowed value of a {@link Type#DURATION} key.
   *
   * @return the bound, never {@code null}
   */
  public Duration maxDuration() {
    return maxDuration;
  }

  /**
   * The allowed values of a {@link Type#CHOICE} key.
   *
   * @return the values, lower case; empty for other types
   */
  public List<String> choices() {
    return choices;
  }

  /**
   * Whether a relative key belongs to this declaration: equal to its name, or under it for a
   * pass-through key.
   *
   * @param relativeKey e.g. {@code producer.linger.ms}
   * @return {@code true} if it belongs here
   */
  public boolean covers(String relativeKey) {
    return type == Type.PASS_THROUGH ? relativeKey.startsWith(name) : relativeKey.equals(name);
  }

  /**
   * The default as the configuration reference shows it.
   *
   * @return e.g. {@code 5s}, {@code hermod-<instance id>}, {@code (required)} or {@code (none)}
   */
  public String defaultText() {
    if (defaultText != null) {
      return defaultText;
    }
    if (requiredFix != null) {
      return "(required)";
    }
    if (type == Type.PASS_THROUGH || defaultValue == null) {
      return "(none)";
    }
    if (defaultValue instanceof Duration d) {
      return Settings.formatDuration(d);
    }
    return String.valueOf(defaultValue);
  }

  /**
   * The type as the configuration reference shows it.
   *
   * @return e.g. {@code integer 1..1000}, never {@code null}
   */
  public String typeText() {
    return switch (type) {
      case STRING -> "string";
      case SECRET -> "secret string";
      case INTEGER -> "integer " + min + ".." + max;
      case DECIMAL -> "number ≥ " + minDecimal();
      case BOOLEAN -> "true / false";
      case DURATION -> "duration ≤ " + Settings.formatDuration(maxDuration);
      case CHOICE -> String.join(" / ", choices);
      case PASS_THROUGH -> "client properties";
    };
  }

  /**
   * The environment variable that sets this key under {@code prefix}: upper case, dots and dashes
   * as underscores. A pass-through key's variable is a prefix ({@code HERMOD_KAFKA_PRODUCER_}).
   *
   * @param prefix the full prefix, e.g. {@code hermod.kafka.}
   * @return e.g. {@code HERMOD_KAFKA_BOOTSTRAP_SERVERS}, never {@code null}
   */
  public String environmentVariable(String prefix) {
    return (prefix + name).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The name and type, for messages. */
  @Override
  public String toString() {
    return name + " (" + typeText() + ")";
  }
}
