package io.hermod.binding.artemis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Filter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header-name escaping and filter-to-selector translation, without a broker. */
class WireNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "snake_case",
        "content-type",
        "JMSType",
        "JMSXGroupID",
        "_AMQ_DUPL_ID",
        "AND",
        "null",
        "1st",
        "ünï cödé",
        "hx$already",
        "HERMOD$rkn",
        "a.b",
        "$",
        ""
      })
  @DisplayName("every header name becomes a valid, unreserved JMS identifier and comes back intact")
  void escapingRoundTrips(String header) {
    String property = JmsNames.property(header);
    assertThat(property).matches("[A-Za-z_][A-Za-z0-9_$]*");
    assertThat(property)
        .doesNotStartWith("JMS")
        .doesNotStartWith("_AMQ")
        .doesNotStartWith(JmsNames.INTERNAL_PREFIX);
    assertThat(JmsNames.header(property)).isEqualTo(header);
  }

  @Test
  @DisplayName("safe names travel unchanged, so plain JMS clients see them as they are")
  void safeNamesUnchanged() {
    assertThat(JmsNames.property("tenant")).isEqualTo("tenant");
    assertThat(JmsNames.property("cloudEvents_id")).isEqualTo("cloudEvents_id");
  }

  @Test
  @DisplayName("binding-internal and JMS properties are not headers")
  void internalPropertiesHidden() {
    assertThat(JmsNames.header(JmsNames.ROUTING_WORDS)).isNull();
    assertThat(JmsNames.header("JMSXDeliveryCount")).isNull();
    assertThat(JmsNames.header("_AMQ_DUPL_ID")).isNull();
  }

  @Test
  @DisplayName(
      "selectors: none for an empty filter or '#', exact key, wildcards via word properties")
  void selectors() {
    assertThat(Selectors.of(Filter.none())).isNull();
    assertThat(Selectors.of(Filter.routingKey("#"))).isNull();
    assertThat(Selectors.of(Filter.routingKey("error")))
        .isEqualTo("cloudEvents_hermodroutingkey = 'error'");
    assertThat(Selectors.of(Filter.routingKey("orders.*.created")))
        .isEqualTo("HERMOD$rkn = 3 AND HERMOD$rkw LIKE '.orders..%..created.' ESCAPE '!'");
    assertThat(Selectors.of(Filter.routingKey("orders.#")))
        .isEqualTo("HERMOD$rkn >= 1 AND HERMOD$rkw LIKE '.orders.%' ESCAPE '!'");
    assertThat(Selectors.of(Filter.header("it's", "o'k").andHeader("a", "b")))
        .isEqualTo("(a = 'b') AND (hx$it$0027s = 'o''k')");
    assertThat(Selectors.isExact(Filter.routingKey("a.*.#"))).isFalse();
    assertThat(Selectors.isExact(Filter.routingKey("a.*.b"))).isTrue();
  }
}
