package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Filter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterRoutingKeyTest {

  private static final List<String> KEYS =
      List.of(
          "orders",
          "orders.eu",
          "orders.eu.created",
          "orders.us.created",
          "orders.eu.created.late",
          "orders.eu.shipped",
          "orders.created",
          "returns.eu.created",
          "logs.error",
          "error",
          "ordersx.eu.created");

  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("orders.*.created", List.of("orders.eu.created", "orders.us.created")),
        Arguments.of(
            "orders.#",
            List.of(
                "orders",
                "orders.eu",
                "orders.eu.created",
                "orders.us.created",
                "orders.eu.created.late",
                "orders.eu.shipped",
                "orders.created")),
        Arguments.of("#", KEYS),
        Arguments.of("*", List.of("orders", "error")),
        Arguments.of("orders.eu", List.of("orders.eu")),
        Arguments.of("error", List.of("error")),
        Arguments.of("orders", List.of("orders")),
        Arguments.of(
            "#.created",
            List.of(
                "orders.eu.created",
                "orders.us.created",
                "orders.created",
                "returns.eu.created",
                "ordersx.eu.created")),
        Arguments.of("orders.#.late", List.of("orders.eu.created.late")),
        Arguments.of("*.*", List.of("orders.eu", "orders.created", "logs.error")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void patternSelectsExactlyTheExpectedKeys(String pattern, List<String> expected) {
    List<String> matched = KEYS.stream().filter(k -> Filter.matchesRoutingKey(pattern, k)).toList();
    assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void edgeCasesOfOrdersWildcards() {
    assertThat(Filter.matchesRoutingKey("orders.*.created", "orders")).isFalse();
    assertThat(Filter.matchesRoutingKey("orders.*.created", "orders.eu")).isFalse();
    assertThat(Filter.matchesRoutingKey("orders.*.created", "orders.eu.created.late")).isFalse();
    assertThat(Filter.matchesRoutingKey("orders.#", "orders")).isTrue();
    assertThat(Filter.matchesRoutingKey("orders.#", "orders.eu")).isTrue();
    assertThat(Filter.matchesRoutingKey("orders.#", "orders.eu.created.late")).isTrue();
  }

  @Test
  void missingRoutingKeyMatchesOnlyHashOrNoPattern() {
    assertThat(Filter.matchesRoutingKey("#", null)).isTrue();
    assertThat(Filter.matchesRoutingKey("*", null)).isFalse();
    assertThat(Filter.matchesRoutingKey("orders", null)).isFalse();
    assertThat(Filter.none().matches(null, Map.of())).isTrue();
    assertThat(Filter.routingKey("orders.#").matches(null, Map.of())).isFalse();
  }

  @Test
  void headerPredicatesMustAllHold() {
    Filter f = Filter.routingKey("orders.#").andHeader("region", "eu");
    assertThat(f.matches("orders.new", Map.of("region", "eu", "x", "y"))).isTrue();
    assertThat(f.matches("orders.new", Map.of("region", "us"))).isFalse();
    assertThat(f.matches("orders.new", Map.of())).isFalse();
    assertThat(f.matches("returns.new", Map.of("region", "eu"))).isFalse();
  }
}
