package io.hermod.spi.support;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
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
 * Typed access to the settings under one prefix (such as {@code hermod.kafka.}), read through the
 * {@link ConfigKey}s declared for it, that collects every problem, each naming the full key, the
 * rule, the value and the fix, and reports them at once from {@link #validate()}. A present key
 * that no declaration covers is reported as unknown, with the closest declared key suggested;
 * reading an undeclared key is a programming error ({@link IllegalArgumentException}). Secret
 * values never appear in messages or {@link #toString()}.
 *
 * <p>A key that is present with an empty (or blank) value is a problem, not the default: an empty
 * line in a file or an empty variable is more often a mistake than a wish for the default, and
 * removing the key says the latter unambiguously. Durations are bounded ({@link #MAX_TIMEOUT}
 * unless a setting asks for another bound) so that no value overflows later arithmetic or a broker
 * client's own limit.
 *
 * <p>Not thread-safe: read it while creating a binding; core calls {@link #validate()} after {@link
 * io.hermod.spi.BindingProvider#create}.
 *
 * @since 0.1
 */
public final class Settings {

  /**
   * The largest duration a {@link ConfigKey#duration} key accepts unless it asks for another bound:
   * {@link Integer#MAX_VALUE} milliseconds (about 24.8 days). Kafka's and the AWS SDK's clients
   * take their timeouts as 32-bit millisecond counts, so a larger value would fail, or wrap around,
   * in the client under a key the user never set.
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
  private final Map<String, ConfigKey<?>> declared = new LinkedHashMap<>();
  private final Set<String> problems = new LinkedHashSet<>();
  private final Set<String> reportedEmpty = new LinkedHashSet<>();

  private Settings(
      String subject,
      String prefix,
      Map<String, String> values,
      Collection<? extends ConfigKey<?>> keys) {
    this.subject = subject;
    this.prefix = prefix;
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    for (ConfigKey<?> k : keys) {
      if (declared.put(k.name(), k) != null) {
        throw new IllegalArgumentException("key " + prefix + k.name() + " is declared twice");
      }
    }
  }

  /**
   * Settings for the keys under {@code prefix}.
   *
   * @param subject what is configured, e.g. {@code binding 'kafka'}, used in the error headline
   * @param prefix the full prefix, ending with a dot, e.g. {@code hermod.kafka.}
   * @param relativeValues the values keyed by the part after the prefix
   * @param keys every key that may appear under the prefix
   * @return the settings, never {@code null}
   * @since 0.2
   */
  public static Settings of(
      String subject,
      String prefix,
      Map<String, String> relativeValues,
      Collection<? extends ConfigKey<?>> keys) {
    return new Settings(subject, prefix, relativeValues, keys);
  }

  /**
   * The value of a declared key, or its default when absent. A present but invalid value records a
   * problem and reads as the default.
   *
   * @param <T> the value type
   * @param key a key declared for these settings, with a default or required
   * @return the value or the default; {@code null} only for a required key that is absent (the
   *     problem is recorded and {@link #validate()} reports it)
   * @throws IllegalArgumentException if the key is not declared here, or has no default and is not
   *     required (read it with {@link #find})
   */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    declaredOrFail(key);
    if (key.type() == ConfigKey.Type.PASS_THROUGH) {
      return (T) passThrough(key.name());
    }
    if (key.requiredFix().isPresent()) {
      return (T) required(key.name(), key.requiredFix().get());
    }
    T fallback =
        key.defaultValue()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        key(key) + " has no default: read it with find(key)"));
    return find(key).orElse(fallback);
  }

  /**
   * The value of a declared key when it is present and valid. A present but invalid value records a
   * problem and reads as empty. The declared default is not applied.
   *
   * @param <T> the value type
   * @param key a key declared for these settings
   * @return the value, or empty
   * @throws IllegalArgumentException if the key is not declared here
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(ConfigKey<T> key) {
    declaredOrFail(key);
    String name = key.name();
    Object v =
        switch (key.type()) {
          case STRING, SECRET -> optional(name).orElse(null);
          case INTEGER -> optional(name).isEmpty() ? null : integer(name, key.min(), key.max());
          case DECIMAL ->
              optional(name).isEmpty()
                  ? null
                  : decimal(name, key.minDecimal(), (Double) key.defaultValue().orElseThrow());
          case BOOLEAN -> optional(name).isEmpty() ? null : bool(name);
          case DURATION ->
              optional(name).isEmpty()
                  ? null
                  : duration(name, (Duration) key.defaultValue().orElse(null), key.maxDuration());
          case CHOICE -> optional(name).isEmpty() ? null : oneOf(name, key.choices());
          case PASS_THROUGH -> passThrough(name);
        };
    return Optional.ofNullable((T) v);
  }

  /**
   * The full key of a declaration.
   *
   * @param key the key
   * @return e.g. {@code hermod.kafka.bootstrap-servers}
   * @since 0.2
   */
  public String key(ConfigKey<?> key) {
    return key(key.name());
  }

  /**
   * The declarations these settings are read with.
   *
   * @return the keys in declaration order, never {@code null}
   * @since 0.2
   */
  public List<ConfigKey<?>> keys() {
    return List.copyOf(declared.values());
  }

  private void declaredOrFail(ConfigKey<?> key) {
    if (declared.get(key.name()) != key) {
      throw new IllegalArgumentException(
          key(key)
              + " is read but not declared for "
              + subject
              + ": add it to the keys the settings are made with (BindingProvider.configKeys())");
    }
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
   * The raw value. A key present with an empty or blank value records a problem (once) naming the
   * key: the default applies only when the key is absent.
   */
  private Optional<String> optional(String name) {
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

  private @Nullable String required(String name, String fix) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      if (!reportedEmpty.contains(name)) {
        problems.add(key(name) + " is required but not set: " + fix);
      }
      return null;
    }
    return v.get();
  }

  /** A present value within {@code [min, max]}, or {@code null} (a problem is recorded). */
  private @Nullable Integer integer(String name, int min, int max) {
    String v = optional(name).orElseThrow();
    String range =
        key(name) + " must be between " + min + " and " + max + ", was " + shown(name, v);
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        problems.add(range);
        return null;
      }
      return i;
    } catch (NumberFormatException e) {
      // A whole number just too large for an int: the range is the useful part.
      problems.add(
          DIGITS.matcher(v).matches()
              ? range
              : key(name) + " must be a whole number, was '" + shown(name, v) + "'");
      return null;
    }
  }

  private @Nullable Double decimal(String name, double min, double example) {
    String v = optional(name).orElseThrow();
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (d >= min && !Double.isInfinite(d)) {
      return d;
    }
    problems.add(
        key(name)
            + " must be a number >= "
            + min
            + ", was '"
            + shown(name, v)
            + "'; e.g. "
            + example);
    return null;
  }

  private @Nullable Boolean bool(String name) {
    String v = optional(name).orElseThrow();
    String s = v.toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    problems.add(key(name) + " must be true or false, was '" + shown(name, v) + "'");
    return null;
  }

  /**
   * A present duration of at most {@code max}: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, a
   * number of milliseconds, or ISO-8601 ({@code PT5S}, {@code P1D}); {@code null} when invalid.
   */
  private @Nullable Duration duration(String name, @Nullable Duration example, Duration max) {
    String v = optional(name).orElseThrow();
    Optional<Duration> d;
    boolean tooLarge;
    try {
      d = parse(v);
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
              + shown(name, v)
              + "'"
              + (example == null ? "" : "; set it to e.g. " + formatDuration(example)));
      return null;
    }
    if (d.isEmpty() || d.get().isNegative()) {
      problems.add(
          key(name)
              + " must be a duration such as 500ms, 5s, 2m or PT5S, was '"
              + shown(name, v)
              + "'");
      return null;
    }
    return d.get();
  }

  /** A present value of a fixed set (case-insensitive), in lower case; {@code null} if invalid. */
  private @Nullable String oneOf(String name, List<String> allowed) {
    String v = optional(name).orElseThrow();
    String s = v.toLowerCase(Locale.ROOT);
    if (allowed.contains(s)) {
      return s;
    }
    String hint =
        Suggestions.closest(s, allowed).map(c -> "; did you mean '" + c + "'?").orElse("");
    problems.add(
        key(name) + " must be one of " + allowed + ", was '" + shown(name, v) + "'" + hint);
    return null;
  }

  /** Every setting under a sub-prefix, keyed by the part after it. */
  private Map<String, String> passThrough(String subPrefix) {
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
   * Reads every declared key (so that an invalid value is reported even when the binding did not
   * read it), then reports every present key no declaration covers, with the closest declared key,
   * and every recorded problem, at once.
   *
   * @throws ConfigurationException if there is any problem
   */
  public void validate() {
    for (ConfigKey<?> k : declared.values()) {
      if (k.requiredFix().isPresent()) {
        get(k);
      } else {
        find(k);
      }
    }
    List<String> all = new ArrayList<>(problems);
    List<String> names =
        declared.values().stream()
            .filter(k -> k.type() != ConfigKey.Type.PASS_THROUGH)
            .map(ConfigKey::name)
            .toList();
    for (String k : values.keySet()) {
      if (declared.values().stream().anyMatch(d -> d.covers(k))) {
        continue;
      }
      String hint =
          Suggestions.closest(k, names)
              .map(c -> "; did you mean " + key(c) + "?")
              .orElse("; known keys: " + declared.keySet().stream().map(this::key).toList());
      all.add("unknown key " + key(k) + hint);
    }
    if (!all.isEmpty()) {
      throw new ConfigurationException(subject, all);
    }
  }

  private String shown(String name, String value) {
    return isSecret(name) ? "****" : value;
  }

  /**
   * Declared secret, or (for keys handed through to a client, which declare no type) named like
   * one.
   */
  private boolean isSecret(String name) {
    ConfigKey<?> k = declared.get(name);
    return k != null ? k.isSecret() : looksSecret(name);
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
   * {@code 99999999999999999h}) is unparseable here; reading the key reports it as too large.
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
    values.forEach((k, v) -> shown.put(key(k), isSecret(k) ? "****" : v));
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
