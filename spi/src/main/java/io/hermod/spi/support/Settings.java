package io.hermod.spi.support;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
 * Typed access to the settings under one prefix (such as {@code hermod.kafka.}) that collects
 * every problem, each naming the full key, the rule, the value and the fix, and reports them at
 * once from {@link #validate()}. Keys that were never read are reported as unknown, with the
 * closest known key suggested. Secret values never appear in messages or {@link #toString()}.
 *
 * <p>Not thread-safe: read it while creating a binding, then call {@link #validate()}.
 *
 * @since 0.1
 */
public final class Settings {

  private final String subject;
  private final String prefix;
  private final Map<String, String> values;
  private final Set<String> known = new LinkedHashSet<>();
  private final Set<String> passThroughPrefixes = new LinkedHashSet<>();
  private final Set<String> secrets = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

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
   * The raw value, marking the key known.
   *
   * @param name the relative name
   * @return the trimmed value, or empty when absent or blank
   */
  public Optional<String> optional(String name) {
    known.add(name);
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
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
   * A required string. When absent, records a problem naming the key and {@code fix}.
   *
   * @param name the relative name
   * @param fix what to set, e.g. {@code "set it to the broker's host:port, e.g. localhost:9092"}
   * @return the value, or {@code null} when absent (a problem is recorded)
   */
  public @Nullable String required(String name, String fix) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      problems.add(key(name) + " is required but not set: " + fix);
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
            key(name) + " must be between " + min + " and " + max + ", was " + shown(name, v.get()));
        return defaultValue;
      }
      return i;
    } catch (NumberFormatException e) {
      problems.add(key(name) + " must be a whole number, was '" + shown(name, v.get()) + "'");
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
   * A duration: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, a number of milliseconds, or
   * ISO-8601 ({@code PT5S}).
   *
   * @param name the relative name
   * @param defaultValue the default
   * @return the value, or the default when absent or invalid (a problem is recorded)
   */
  public Duration duration(String name, Duration defaultValue) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    Optional<Duration> d = parseDuration(v.get());
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
    String hint = Suggestions.closest(s, allowed).map(c -> "; did you mean '" + c + "'?").orElse("");
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

  /**
   * Parses a duration in any of the accepted forms.
   *
   * @param text the text
   * @return the duration, or empty if unparseable
   */
  public static Optional<Duration> parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
      }
      if (s.endsWith("ms")) {
        return Optional.of(Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim())));
      }
      if (s.endsWith("s")) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim())));
      }
      if (s.endsWith("m")) {
        return Optional.of(Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim())));
      }
      if (s.endsWith("h")) {
        return Optional.of(Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim())));
      }
      return Optional.of(Duration.ofMillis(Long.parseLong(s)));
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
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
    return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("key");
  }
}
