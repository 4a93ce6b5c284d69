package io.hermod.spi.support;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to the settings under one prefix (such as {@code hermod.kafka.}) that collects every
 * problem, each naming the full key, the rule, the value and the fix, and reports them at once from
 * {@link #validate()}. Keys that were never read are reported as unknown, with the closest known
 * key suggested. Secret values never appear in messages or {@link #toString()}.
 *
 * <p>A key that is present with an empty (or blank) value is a problem, not the default: an empty
 * line in a file or an empty variable is more often a mistake than a wish for the default, and
 * removing the key says the latter unambiguously. Durations are bounded ({@link #MAX_TIMEOUT}
 * unless a setting asks for another bound) so that no value overflows later arithmetic or a broker
 * client's own limit.
 *
 * <p>Not thread-safe: read it while creating a binding, then call {@link #validate()}.
 *
 * @since 0.1
 */
public final class Settings {

  /**
   * The largest duration {@link #duration(String, Duration)} accepts: {@link Integer#MAX_VALUE}
   * milliseconds (about 24.8 days). Kafka's and the AWS SDK's clients take their timeouts as 32-bit
   * millisecond counts, so a larger value would fail, or wrap around, in the client under a key the
   * user never set.
   *
   * @since 0.1
   */
  public static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  /** Why {@link #MAX_TIMEOUT} is the bound, for the problem that names it. */
  private static final String MAX_TIMEOUT_REASON =
      "about 24.8 days: broker clients count timeouts in 32-bit milliseconds";

  /** A whole number, possibly signed: too large for its type when parsing it still fails. */
  private static final java.util.regex.Pattern DIGITS =
      java.util.regex.Pattern.compile("[+-]?[0-9]+");

  private final String subject;
  private final String prefix;
  private final Map<String, String> values;
  private final Set<String> known = new LinkedHashSet<>();
  private final Set<String> passThroughPrefixes = new LinkedHashSet<>();
  private final Set<String> secrets = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();
  private final Set<String> reportedEmpty = new LinkedHashSet<>();

  private Settings(String subject, String prefix, Map<String, String> values) {
    this.subject = subject;
    this.prefix = prefix;
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /**
   * Settings for the keys under {@code prefix}.
   *
   * @param subject what is configured, e.g. {@code binding 'kafka'}, used in the error headline
   * @param prefix the full prefix, ending with a dot, e.g. {@code hermod.kafka.}
   * @param relativeValues the values keyed by the part after the prefix
   * @return the settings, never {@code null}
   */
  public static Settings of(String subject, String prefix, Map<String, String> relativeValues) {
    return new Settings(subject, prefix, relativeValues);
  }

  /**
   * The full key of a relative name.
   *
   * @param name the relative name, e.g. {@code bootstrap-servers}
   * @return e.g. {@code hermod.kafka.bootstrap-servers}
   */
  public String key(String name) {
    return prefix + name;
  }

  /**
   * The raw value, marking the key known. A key present with an empty or blank value records a
   * problem (once) naming the key: the default applies only when the key is absent.
   *
   * @param name the relative name
   * @return the trimmed value, or empty when absent or blank
   */
  public Optional<String> optional(String name) {
    known.add(name);
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isBlank()) {
      if (reportedEmpty.add(name)) {
        problems.add(key(name) + " is empty; remove the line to use the default, or give a value");
      }
      return Optional.empty();
    }
    return Optional.of(v.trim());
  }

  /**
   * A string with a default.
   *
   * @param name the relative name
   * @param defaultValue the default
   * @return the value or the default
   */
  public String string(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  /**
   * A required string. When absent, records a problem naming the key and {@code fix} (when empty,
   * the problem {@link #optional(String)} records).
   *
   * @param name the relative name
   * @param fix what to set, e.g. {@code "set it to the broker's host:port, e.g. localhost:9092"}
   * @return the value, or {@code null} when absent (a problem is recorded)
   */
  public @Nullable String required(String name, String fix) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      if (!reportedEmpty.contains(name)) {
        problems.add(key(name) + " is required but not set: " + fix);
      }
      return null;
    }
    return v.get();
  }

  /**
   * A secret (password, key): like {@link #optional(String)}, but its value is never shown.
   *
   * @param name the relative name
   * @return the value, or empty
   */
  public Optional<String> secret(String name) {
    secrets.add(name);
    return optional(name);
  }

  /**
   * An integer within {@code [min, max]}.
   *
   * @param name the relative name
   * @param defaultValue the default
   * @param min the smallest allowed
   * @param max the largest allowed
   * @return the value, or the default when absent or invalid (a problem is recorded)
   */
  public int integer(String name, int defaultValue, int min, int max) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int i = Integer.parseInt(v.get());
      if (i < min || i > max) {
        problems.add(
            key(name)
                + " must be between "
                + min
                + " and "
                + max
                + ", was "
                + shown(name, v.get()));
        return defaultValue;
      }
      return i;
    } catch (NumberFormatException e) {
      if (DIGITS.matcher(v.get()).matches()) {
        // A whole number, just too large for an int: the range is the useful part.
        problems.add(
            key(name)
                + " must be between "
                + min
                + " and "
                + max
                + ", was "
                + shown(name, v.get()));
      } else {
        problems.add(key(name) + " must be a whole number, was '" + shown(name, v.get()) + "'");
      }
      return defaultValue;
    }
  }

  /**
   * A boolean, {@code true} or {@code false}.
   *
   * @param name the relative name
   * @param defaultValue the default
   * @return the value, or the default when absent or invalid (a problem is recorded)
   */
  public boolean bool(String name, boolean defaultValue) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    problems.add(key(name) + " must be true or false, was '" + shown(name, v.get()) + "'");
    return defaultValue;
  }

  /**
   * A duration of at most {@link #MAX_TIMEOUT}: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h},
   * a number of milliseconds, or ISO-8601 ({@code PT5S}, {@code P1D}).
   *
   * @param name the relative name
   * @param defaultValue the default, also the example given when the value is too large
   * @return the value, or the default when absent or invalid (a problem is recorded)
   */
  public Duration duration(String name, Duration defaultValue) {
    return duration(name, defaultValue, MAX_TIMEOUT);
  }

  /**
   * A duration of at most {@code max}, for settings that are no timeout handed to a client (such as
   * a retention period); otherwise like {@link #duration(String, Duration)}.
   *
   * @param name the relative name
   * @param defaultValue the default, also the example given when the value is too large
   * @param max the largest allowed
   * @return the value, or the default when absent or invalid (a problem is recorded)
   * @since 0.1
   */
  public Duration duration(String name, Duration defaultValue, Duration max) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    Optional<Duration> d;
    boolean tooLarge;
    try {
      d = parse(v.get());
      tooLarge = d.isPresent() && d.get().compareTo(max) > 0;
    } catch (ArithmeticException e) {
      d = Optional.empty();
      tooLarge = true;
    }
    if (tooLarge) {
      problems.add(
          key(name)
              + " must be at most "
              + bound(max)
              + ", was '"
              + shown(name, v.get())
              + "'; set it to e.g. "
              + formatDuration(defaultValue));
      return defaultValue;
    }
    if (d.isEmpty() || d.get().isNegative()) {
      problems.add(
          key(name)
              + " must be a duration such as 500ms, 5s, 2m or PT5S, was '"
              + shown(name, v.get())
              + "'");
      return defaultValue;
    }
    return d.get();
  }

  /**
   * One of a fixed set of values (case-insensitive).
   *
   * @param name the relative name
   * @param defaultValue the default
   * @param allowed the allowed values, lower case
   * @return the value in lower case, or the default when absent or invalid
   */
  public String oneOf(String name, String defaultValue, List<String> allowed) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get().toLowerCase(Locale.ROOT);
    if (allowed.contains(s)) {
      return s;
    }
    String hint =
        Suggestions.closest(s, allowed).map(c -> "; did you mean '" + c + "'?").orElse("");
    problems.add(
        key(name) + " must be one of " + allowed + ", was '" + shown(name, v.get()) + "'" + hint);
    return defaultValue;
  }

  /**
   * Every setting under a sub-prefix, passed through untouched to a native client (for example
   * {@code hermod.kafka.producer.linger.ms}). Keys under it are never reported as unknown.
   *
   * @param subPrefix the relative sub-prefix ending with a dot, e.g. {@code producer.}
   * @return the values keyed by the part after the sub-prefix, never {@code null}
   */
  public Map<String, String> passThrough(String subPrefix) {
    passThroughPrefixes.add(subPrefix);
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(subPrefix)) {
            out.put(k.substring(subPrefix.length()), v);
          }
        });
    return out;
  }

  /**
   * Records a problem found by the binding's own checks.
   *
   * @param message the problem, naming the key, the rule, the value and the fix
   */
  public void problem(String message) {
    problems.add(message);
  }

  /**
   * The problems recorded so far.
   *
   * @return the problems, never {@code null}
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Reports unknown keys and every recorded problem at once.
   *
   * @throws ConfigurationException if there is any problem
   */
  public void validate() {
    List<String> all = new ArrayList<>(problems);
    for (String k : values.keySet()) {
      if (known.contains(k) || passThroughPrefixes.stream().anyMatch(k::startsWith)) {
        continue;
      }
      String hint =
          Suggestions.closest(k, known)
              .map(c -> "; did you mean " + key(c) + "?")
              .orElse("; known keys: " + known.stream().map(this::key).toList());
      all.add("unknown key " + key(k) + hint);
    }
    if (!all.isEmpty()) {
      throw new ConfigurationException(subject, all);
    }
  }

  private String shown(String name, String value) {
    return secrets.contains(name) ? "****" : value;
  }

  /** {@code 2147483647ms (about 24.8 days: ...)} or {@code 8760h (365 days)}. */
  private static String bound(Duration max) {
    if (max.equals(MAX_TIMEOUT)) {
      return formatDuration(max) + " (" + MAX_TIMEOUT_REASON + ")";
    }
    Duration day = ChronoUnit.DAYS.getDuration();
    if (max.compareTo(day) < 0) {
      return formatDuration(max);
    }
    String days =
        max.toMillis() % day.toMillis() == 0
            ? max.toDays() + " days"
            : String.format(
                Locale.ROOT, "about %.1f days", max.toMillis() / (double) day.toMillis());
    return formatDuration(max) + " (" + days + ")";
  }

  /**
   * Parses a duration in any of the accepted forms. A value too large for {@link Duration} (such as
   * {@code 99999999999999999h}) is unparseable here; {@link #duration(String, Duration)} reports it
   * as too large.
   *
   * @param text the text
   * @return the duration, or empty if unparseable, never {@code null}
   */
  public static Optional<Duration> parseDuration(String text) {
    try {
      return parse(text);
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * Like {@link #parseDuration(String)}, but a number too large for its unit throws instead of
   * counting as malformed, so the problem can name the bound rather than the syntax.
   */
  private static Optional<Duration> parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        // Duration.parse has matched digits when a number fails: the cause is an overflow.
        if (e.getCause() instanceof ArithmeticException
            || e.getCause() instanceof NumberFormatException) {
          throw new ArithmeticException("duration overflow: " + text);
        }
        return Optional.empty();
      }
    }
    if (s.endsWith("ms")) {
      return number(s.substring(0, s.length() - 2)).map(Duration::ofMillis);
    }
    if (s.endsWith("s")) {
      return number(s.substring(0, s.length() - 1)).map(Duration::ofSeconds);
    }
    if (s.endsWith("m")) {
      return number(s.substring(0, s.length() - 1)).map(Duration::ofMinutes);
    }
    if (s.endsWith("h")) {
      return number(s.substring(0, s.length() - 1)).map(Duration::ofHours);
    }
    return number(s).map(Duration::ofMillis);
  }

  /** A long, empty when malformed; throws {@link ArithmeticException} when out of range. */
  private static Optional<Long> number(String text) {
    String t = text.trim();
    try {
      return Optional.of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      if (!DIGITS.matcher(t).matches()) {
        return Optional.empty();
      }
      if (t.startsWith("-")) {
        return Optional.of(Long.MIN_VALUE); // rejected as negative, not as too large
      }
      throw new ArithmeticException("number overflow: " + t);
    }
  }

  /**
   * A duration in the shortest form {@link #parseDuration(String)} reads back exactly: whole hours,
   * minutes or seconds, else milliseconds.
   *
   * @param d the duration, at most {@link Long#MAX_VALUE} milliseconds
   * @return e.g. {@code 5s}, never {@code null}
   * @since 0.1
   */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** Shows the keys and values, with secrets as {@code ****}. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(key(k), secrets.contains(k) || looksSecret(k) ? "****" : v));
    return "Settings" + shown;
  }

  private static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.contains("key");
  }
}
