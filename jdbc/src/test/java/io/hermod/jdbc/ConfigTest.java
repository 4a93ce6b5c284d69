package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration: sane defaults, and every invalid value reported at once with its key. */
class ConfigTest {

  @Test
  @DisplayName("the defaults")
  void defaults() {
    OutboxConfig o = OutboxConfig.defaults();
    assertThat(o.table()).isEqualTo("hermod_outbox");
    assertThat(o.createSchema()).isTrue();
    assertThat(o.lanes()).isEqualTo(16);
    assertThat(o.batchSize()).isEqualTo(100);
    assertThat(o.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.retention()).isZero();
    InboxConfig i = InboxConfig.defaults();
    assertThat(i.table()).isEqualTo("hermod_inbox");
    assertThat(i.retention()).isEqualTo(Duration.ofDays(7));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "orders; DROP TABLE orders",
        "\"quoted\"",
        "1starts_with_digit",
        "a.b.c",
        "has space",
        "",
        "app.",
        "a_name_that_is_far_too_long_for_postgresql_identifiers_xxxxxxxxxxxxxxxxxxxxxxx"
      })
  @DisplayName("a table name that is not a plain SQL identifier is refused, naming the key")
  void tableNamesMustBePlainIdentifiers(String name) {
    assertThatThrownBy(() -> OutboxConfig.custom().table(name).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("table is '" + name + "', not a plain SQL identifier");
    assertThatThrownBy(() -> InboxConfig.custom().table(name).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("table is '" + name + "', not a plain SQL identifier");
  }

  @Test
  @DisplayName("schema-qualified and mixed-case names are accepted")
  void qualifiedNamesAreAccepted() {
    assertThat(OutboxConfig.custom().table("app.Hermod_Outbox_2").build().table())
        .isEqualTo("app.Hermod_Outbox_2");
  }

  @Test
  @DisplayName("every invalid value is reported at once, each with its key and the rule")
  void everyProblemAtOnce() {
    assertThatThrownBy(
            () ->
                OutboxConfig.custom()
                    .table("x;y")
                    .lanes(0)
                    .batchSize(0)
                    .pollInterval(Duration.ZERO)
                    .lease(Duration.ofSeconds(10))
                    .sendTimeout(Duration.ofSeconds(5))
                    .retention(Duration.ofSeconds(-1))
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "table is 'x;y', not a plain SQL identifier: use letters, digits and _"
                            + " (not starting with a digit, at most 56 characters), optionally"
                            + " qualified by a schema, e.g. app.hermod_outbox",
                        "lanes is 0, must be between 1 and 1024",
                        "batchSize is 0, must be between 1 and 10000",
                        "pollInterval is PT0S, must be positive",
                        "lease is PT10S, must exceed twice sendTimeout (PT5S): a relay publishes"
                            + " only while its lease outlasts the send, so that no two relays"
                            + " publish a lane at once",
                        "retention is PT-1S, must be zero (delete when sent) or more"));
    assertThatThrownBy(
            () ->
                InboxConfig.custom()
                    .retention(Duration.ZERO)
                    .purgeInterval(Duration.ofSeconds(-1))
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "retention is PT0S, must be positive",
                        "purgeInterval is PT-1S, must be positive"));
  }

  @Test
  @DisplayName("a lease just over twice the send timeout is accepted (the bound is exclusive)")
  void leaseBoundary() {
    assertThat(
            OutboxConfig.custom()
                .lease(Duration.ofMillis(2001))
                .sendTimeout(Duration.ofSeconds(1))
                .build()
                .lease())
        .isEqualTo(Duration.ofMillis(2001));
    assertThatThrownBy(
            () ->
                OutboxConfig.custom()
                    .lease(Duration.ofSeconds(2))
                    .sendTimeout(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("lease is PT2S, must exceed twice sendTimeout (PT1S)");
  }
}
