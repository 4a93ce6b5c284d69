package io.hermod.binding.artemis.internal;

import io.hermod.api.Filter;
import io.hermod.spi.support.WireHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link Filter} into a JMS selector that Artemis evaluates on the broker (as the filter of
 * a subscription queue, or of a queue consumer). Stateless and thread-safe.
 *
 * <p>Why selectors and not Artemis wildcard addresses: a wildcard address would have to carry the
 * routing key in the address name ({@code <channel>.<routing key>}), so a subscription to channel
 * {@code orders} with {@code #} would also match channel {@code orders.eu}, breaking channel
 * isolation, and every routing key would create an address on the broker. A selector on the
 * subscription queue keeps one address per channel and still filters on the broker: a message that
 * does not match never enters the queue.
 *
 * <p>Wildcards need two properties the outbound side writes on every message: the word count
 * ({@link JmsNames#ROUTING_WORD_COUNT}) and the words each wrapped in dots ({@link
 * JmsNames#ROUTING_WORDS}, {@code .orders..eu..created.}). In that form a pattern word is {@code
 * .word.} and can only match one whole word, {@code *} becomes {@code .%.} and {@code #} becomes
 * {@code %}, which matches zero or more whole words. The selector is exact for patterns with {@code
 * *} only (the word count pins every {@code *} to one word) and for patterns with {@code #} only. A
 * pattern mixing both is translated to a superset (a {@code *} could absorb several words); {@link
 * #isExact(Filter)} says so, and core's client-side filter removes the extra messages.
 */
final class Selectors {

  private static final char ESCAPE = '!';

  private Selectors() {}

  /**
   * The selector for {@code filter}.
   *
   * @param filter the filter
   * @return the selector, or {@code null} if the filter selects everything
   */
  static @Nullable String of(Filter filter) {
    List<String> parts = new ArrayList<>();
    String pattern = filter.routingPattern();
    if (pattern != null && !pattern.equals("#")) {
      parts.add(routing(pattern));
    }
    // Sorted, so the same filter always yields the same selector text.
    for (Map.Entry<String, String> e : new TreeMap<>(filter.headers()).entrySet()) {
      parts.add(JmsNames.property(e.getKey()) + " = " + literal(e.getValue()));
    }
    if (parts.isEmpty()) {
      return null;
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(") AND (", parts) + ")";
  }

  /**
   * Whether the selector of {@code filter} selects exactly what {@link Filter#matches} does.
   *
   * @param filter the filter
   * @return {@code false} only for routing patterns that mix {@code *} and {@code #}
   */
  static boolean isExact(Filter filter) {
    String p = filter.routingPattern();
    return p == null || !(p.contains("*") && p.contains("#"));
  }

  private static String routing(String pattern) {
    if (!pattern.contains("*") && !pattern.contains("#")) {
      return JmsNames.property(WireHeaders.JMS.cePrefix() + "hermodroutingkey")
          + " = "
          + literal(pattern);
    }
    String[] words = pattern.split("\\.", -1);
    StringBuilder like = new StringBuilder();
    int fixed = 0;
    boolean hash = false;
    for (String w : words) {
      switch (w) {
        case "#" -> {
          hash = true;
          like.append('%');
        }
        case "*" -> {
          fixed++;
          like.append(".%.");
        }
        default -> {
          fixed++;
          like.append('.').append(escapeLike(w)).append('.');
        }
      }
    }
    String count = JmsNames.ROUTING_WORD_COUNT + (hash ? " >= " : " = ") + fixed;
    String shape =
        JmsNames.ROUTING_WORDS + " LIKE " + literal(like.toString()) + " ESCAPE '" + ESCAPE + "'";
    return count + " AND " + shape;
  }

  private static String escapeLike(String word) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '%' || c == '_' || c == ESCAPE) {
        sb.append(ESCAPE);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * The value of {@link JmsNames#ROUTING_WORDS} for a routing key.
   *
   * @param routingKey the key, or {@code null}
   * @return the wrapped words, empty for no key
   */
  static String wrappedWords(@Nullable String routingKey) {
    if (routingKey == null || routingKey.isEmpty()) {
      return "";
    }
    return "." + routingKey.replace(".", "..") + ".";
  }

  /**
   * The value of {@link JmsNames#ROUTING_WORD_COUNT} for a routing key.
   *
   * @param routingKey the key, or {@code null}
   * @return the number of words, {@code 0} for no key
   */
  static int wordCount(@Nullable String routingKey) {
    if (routingKey == null || routingKey.isEmpty()) {
      return 0;
    }
    return routingKey.split("\\.", -1).length;
  }
}
