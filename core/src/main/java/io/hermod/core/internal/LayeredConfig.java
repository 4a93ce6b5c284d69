package io.hermod.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Configuration merged from several sources, later puts winning, that remembers where each key came
 * from so a problem with an external key can say which file, variable or property set it. Not
 * thread-safe: filled and read while starting.
 */
public final class LayeredConfig {

  /** The first Hermod key a problem names. */
  private static final Pattern KEY = Pattern.compile("hermod\\.[A-Za-z0-9._-]*[A-Za-z0-9_-]");

  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, String> origins = new HashMap<>();

  /**
   * Sets a key, replacing an earlier value and its origin.
   *
   * @param key the full key
   * @param value the value
   * @param origin where it was set, e.g. {@code environment variable HERMOD_SEND_TIMEOUT}, or
   *     {@code null} when set in code (problems with it then need no pointer)
   */
  public void put(String key, String value, @Nullable String origin) {
    values.put(key, value);
    if (origin == null) {
      origins.remove(key);
    } else {
      origins.put(key, origin);
    }
  }

  /**
   * Sets every key of a source.
   *
   * @param source full keys and values
   * @param origin where they were set, or {@code null} when set in code
   */
  public void putAll(Map<String, String> source, @Nullable String origin) {
    source.forEach((k, v) -> put(k, v, origin));
  }

  /**
   * The merged values.
   *
   * @return full keys and values, sorted, never {@code null}
   */
  public Map<String, String> values() {
    return new TreeMap<>(values);
  }

  /**
   * Where a key was set.
   *
   * @param key the full key
   * @return the origin, or {@code null} if set in code or not at all
   */
  public @Nullable String origin(String key) {
    return origins.get(key);
  }

  /**
   * A problem with a pointer to where its key was set, when that was outside the code.
   *
   * @param problem a problem naming a key, e.g. {@code unknown key hermod.send-timout; ...}
   * @return the problem, followed by {@code (set by <origin>)} when known
   */
  public String locate(String problem) {
    Matcher m = KEY.matcher(problem);
    if (!m.find()) {
      return problem;
    }
    String origin = origins.get(m.group());
    return origin == null ? problem : problem + " (set by " + origin + ")";
  }
}
