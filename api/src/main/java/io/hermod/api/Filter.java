package io.hermod.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a subscription selects: a routing-key pattern and/or header equalities, all of which must
 * match.
 *
 * <p>Routing keys are {@code .}-separated words. In a pattern {@code *} matches exactly one word
 * and {@code #} matches zero or more words, so {@code orders.*.created} matches {@code
 * orders.eu.created} and {@code orders.#} matches {@code orders}, {@code orders.eu} and {@code
 * orders.eu.created.late}. A pattern without wildcards is an exact routing key (routed pub/sub).
 *
 * @param routingPattern the routing-key pattern, or {@code null} for any routing key
 * @param headers headers that must be present with exactly these values
 * @since 0.1
 */
public record Filter(@Nullable String routingPattern, Map<String, String> headers) {

  private static final Filter NONE = new Filter(null, Map.of());

  /** Validates the pattern and freezes the headers. */
  public Filter {
    if (routingPattern != null) {
      if (routingPattern.isEmpty()) {
        throw new IllegalArgumentException("routing pattern must not be empty");
      }
      for (String word : routingPattern.split("\\.", -1)) {
        if (word.isEmpty()) {
          throw new IllegalArgumentException(
              "routing pattern '" + routingPattern + "' has an empty word; use 'a.b', not 'a..b'");
        }
        if (word.length() > 1 && (word.contains("*") || word.contains("#"))) {
          throw new IllegalArgumentException(
              "routing pattern '"
                  + routingPattern
                  + "': '*' and '#' must be whole words, found '"
                  + word
                  + "'");
        }
      }
    }
    headers = Map.copyOf(headers);
  }

  /**
   * Selects everything.
   *
   * @return the empty filter, never {@code null}
   */
  public static Filter none() {
    return NONE;
  }

  /**
   * Selects by routing-key pattern.
   *
   * @param pattern an exact key or a pattern with {@code *} and {@code #}
   * @return a filter, never {@code null}
   */
  public static Filter routingKey(String pattern) {
    return new Filter(pattern, Map.of());
  }

  /**
   * Selects messages whose header {@code name} equals {@code value}.
   *
   * @param name the header name
   * @param value the required value
   * @return a filter, never {@code null}
   */
  public static Filter header(String name, String value) {
    return new Filter(null, Map.of(name, value));
  }

  /**
   * This filter plus one more header equality.
   *
   * @param name the header name
   * @param value the required value
   * @return a new filter, never {@code null}
   */
  public Filter andHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Filter(routingPattern, h);
  }

  /**
   * Whether this filter selects everything.
   *
   * @return {@code true} if there is no pattern and no header condition
   */
  public boolean isEmpty() {
    return routingPattern == null && headers.isEmpty();
  }

  /**
   * Whether a message with this routing key and these headers is selected.
   *
   * @param routingKey the message's routing key, or {@code null} (matched only by a filter without
   *     a routing pattern, or by the pattern {@code #})
   * @param messageHeaders the message's headers
   * @return {@code true} if every condition holds
   */
  public boolean matches(@Nullable String routingKey, Map<String, String> messageHeaders) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (!e.getValue().equals(messageHeaders.get(e.getKey()))) {
        return false;
      }
    }
    return routingPattern == null || matchesRoutingKey(routingPattern, routingKey);
  }

  /**
   * Whether {@code routingKey} matches {@code pattern} under the {@code *} / {@code #} rules.
   *
   * @param pattern the pattern
   * @param routingKey the key, or {@code null} (treated as zero words)
   * @return {@code true} on a match
   */
  public static boolean matchesRoutingKey(String pattern, @Nullable String routingKey) {
    String[] p = pattern.split("\\.", -1);
    String[] k =
        routingKey == null || routingKey.isEmpty() ? new String[0] : routingKey.split("\\.", -1);
    // Dynamic programming over (pattern word, key word): '#' may absorb zero or more words.
    boolean[] prev = new boolean[k.length + 1];
    prev[0] = true;
    for (String word : p) {
      boolean[] cur = new boolean[k.length + 1];
      if (word.equals("#")) {
        boolean any = false;
        for (int j = 0; j <= k.length; j++) {
          any |= prev[j];
          cur[j] = any;
        }
      } else {
        for (int j = 1; j <= k.length; j++) {
          cur[j] = prev[j - 1] && (word.equals("*") || word.equals(k[j - 1]));
        }
      }
      prev = cur;
    }
    return prev[k.length];
  }
}
