package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hermod.api.BindingNotFoundException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Messaging;
import io.hermod.api.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  private static final BindingDiscovery KAFKA_ONLY =
      new BindingDiscovery(List.of(new TestBindings.Kafka()));

  private static Map<String, String> valid() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hermod.binding", "kafka");
    m.put("hermod.kafka.host", "localhost");
    return m;
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> m = valid();
    m.put(key, value);
    return m;
  }

  private static ConfigurationException failure(Map<String, String> config) {
    return catchThrowableOfType(
        ConfigurationException.class,
        () -> Bootstrap.start(config, KAFKA_ONLY, List.of(), List.of()));
  }

  @Test
  void aValidConfigurationStartsWithTheDefaults() {
    try (Messaging m = Bootstrap.start(valid(), KAFKA_ONLY, List.of(), List.of())) {
      assertThat(m.bindingName()).isEqualTo("kafka");
      assertThat(((CoreMessaging) m).config())
          .isEqualTo(
              new CoreConfig(
                  "kafka",
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(30),
                  100_000,
                  50,
                  Duration.ofSeconds(5),
                  20));
    }
  }

  @Test
  void everyCoreKeyIsRead() {
    Map<String, String> c = valid();
    c.put("hermod.send-timeout", "2s");
    c.put("hermod.connect-timeout", "500ms");
    c.put("hermod.request-timeout", "PT1M");
    c.put("hermod.dedup.max-ids", "10");
    c.put("hermod.circuit-breaker.failure-rate-threshold", "100");
    c.put("hermod.circuit-breaker.wait-in-open", "1s");
    c.put("hermod.circuit-breaker.minimum-calls", "5");
    try (Messaging m = Bootstrap.start(c, KAFKA_ONLY, List.of(), List.of())) {
      assertThat(((CoreMessaging) m).config())
          .isEqualTo(
              new CoreConfig(
                  "kafka",
                  Duration.ofSeconds(2),
                  Duration.ofMillis(500),
                  Duration.ofMinutes(1),
                  10,
                  100,
                  Duration.ofSeconds(1),
                  5));
    }
  }

  @Test
  void anUnknownKeySuggestsTheClosest() {
    assertThat(failure(with("hermod.send-timout", "5s")))
        .hasMessage(
            "invalid configuration of Hermod: unknown key hermod.send-timout; did you mean"
                + " hermod.send-timeout?");
  }

  @Test
  void aBadDurationNamesKeyRuleAndValue() {
    assertThat(failure(with("hermod.send-timeout", "soon")))
        .hasMessage(
            "invalid configuration of Hermod: hermod.send-timeout must be a duration such as"
                + " 500ms, 5s, 2m or PT5S, was 'soon'");
  }

  @Test
  void aZeroTimeoutIsRejectedWithAnExample() {
    assertThat(failure(with("hermod.request-timeout", "0s")))
        .hasMessage(
            "invalid configuration of Hermod: hermod.request-timeout must be a positive duration,"
                + " was 0; set it to e.g. 30s");
  }

  private static final String AT_MOST_32_BIT_MILLIS =
      " must be at most 2147483647ms (about 24.8 days: broker clients count timeouts in 32-bit"
          + " milliseconds), was '";

  @Test
  void aTimeoutTooLargeForBrokerClientsNamesKeyValueAndRange() {
    // Each once escaped as a bare ArithmeticException, or (P30D) as Kafka's request.timeout.ms.
    for (String huge : List.of("99999999999999999h", "9223372036854775807s", "P30D")) {
      assertThat(failure(with("hermod.send-timeout", huge)))
          .hasMessage(
              "invalid configuration of Hermod: hermod.send-timeout"
                  + AT_MOST_32_BIT_MILLIS
                  + huge
                  + "'; set it to e.g. 10s");
    }
    Map<String, String> c = valid();
    c.put("hermod.connect-timeout", "P25D");
    c.put("hermod.request-timeout", "9223372036854775807");
    c.put("hermod.circuit-breaker.wait-in-open", "99999999999999999m");
    assertThat(failure(c).problems())
        .containsExactly(
            "hermod.connect-timeout" + AT_MOST_32_BIT_MILLIS + "P25D'; set it to e.g. 10s",
            "hermod.request-timeout"
                + AT_MOST_32_BIT_MILLIS
                + "9223372036854775807'; set it to e.g. 30s",
            "hermod.circuit-breaker.wait-in-open"
                + AT_MOST_32_BIT_MILLIS
                + "99999999999999999m'; set it to e.g. 5s");
  }

  @Test
  void theLargestTimeoutBrokerClientsTakeIsAccepted() {
    Map<String, String> c = valid();
    c.put("hermod.send-timeout", "P24D");
    c.put("hermod.request-timeout", "2147483647ms");
    try (Messaging m = Bootstrap.start(c, KAFKA_ONLY, List.of(), List.of())) {
      assertThat(((CoreMessaging) m).config().sendTimeout()).isEqualTo(Duration.ofDays(24));
      assertThat(((CoreMessaging) m).config().requestTimeout())
          .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
    }
  }

  @Test
  void anEmptyValueIsAnErrorNotTheDefault() {
    String fix = " is empty; remove the line to use the default, or give a value";
    assertThat(failure(with("hermod.send-timeout", "")))
        .hasMessage("invalid configuration of Hermod: hermod.send-timeout" + fix);
    assertThat(failure(with("hermod.binding", " ")))
        .hasMessage("invalid configuration of Hermod: hermod.binding" + fix);
    assertThat(failure(with("hermod.kafka.port", "")))
        .hasMessage("invalid configuration of binding 'kafka': hermod.kafka.port" + fix);
    assertThat(failure(with("hermod.channels.orders.kind", "")))
        .hasMessage("invalid configuration of Hermod: hermod.channels.orders.kind" + fix);
  }

  @Test
  void aNumberTooLargeForAnIntIsOutOfRange() {
    assertThat(failure(with("hermod.dedup.max-ids", "99999999999")))
        .hasMessage(
            "invalid configuration of Hermod: hermod.dedup.max-ids must be between 1 and"
                + " 2147483647, was 99999999999");
  }

  @Test
  void aWrongNumberNamesKeyRuleAndValue() {
    assertThat(failure(with("hermod.dedup.max-ids", "lots")))
        .hasMessage(
            "invalid configuration of Hermod: hermod.dedup.max-ids must be a whole number, was"
                + " 'lots'");
    assertThat(failure(with("hermod.circuit-breaker.failure-rate-threshold", "150")))
        .hasMessage(
            "invalid configuration of Hermod: hermod.circuit-breaker.failure-rate-threshold must be"
                + " between 1 and 100, was 150");
    // The fault-injection knob left core for the kit (io.hermod.tck.LostAcks): unknown here.
    assertThat(failure(with("hermod.chaos.lost-ack-rate", "0.5")))
        .hasMessageStartingWith(
            "invalid configuration of Hermod: unknown key hermod.chaos.lost-ack-rate");
  }

  @Test
  void noBindingOnTheClassPathNamesTheArtifacts() {
    assertThatThrownBy(
            () -> Bootstrap.start(Map.of(), new BindingDiscovery(List.of()), List.of(), List.of()))
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessage(
            "invalid configuration of hermod.binding: no Hermod binding found on the class path;"
                + " add one of io.hermod:hermod-binding-inmemory, io.hermod:hermod-binding-artemis,"
                + " io.hermod:hermod-binding-kafka or io.hermod:hermod-binding-sqs");
  }

  @Test
  void theEntryPointNeverFallsBackToANoOp() {
    // Core's own test class path has no binding.
    assertThatThrownBy(() -> io.hermod.core.Hermod.builder().build())
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessageStartingWith(
            "invalid configuration of hermod.binding: no Hermod binding found on the class path");
    assertThatThrownBy(io.hermod.core.Hermod::fromConfig)
        .isInstanceOf(BindingNotFoundException.class);
  }

  @Test
  void everyProblemIsReportedAtOnceIncludingTheBindings() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.send-timeout", "soon");
    c.put("hermod.kafka.hots", "localhost");
    c.put("hermod.kafka.port", "x");
    c.put("hermod.sqs.region", "eu-west-1");
    c.put("kafka.host", "localhost");
    ConfigurationException e = failure(c);
    assertThat(e.problems())
        .containsExactly(
            "key 'kafka.host' is not a Hermod key: every key starts with 'hermod.'",
            "key hermod.sqs.region configures binding 'sqs', which is not on the class path; add"
                + " io.hermod:hermod-binding-sqs or remove the key",
            "hermod.send-timeout must be a duration such as 500ms, 5s, 2m or PT5S, was 'soon'",
            "hermod.kafka.host is required but not set: set it to the broker's host name, e.g."
                + " localhost",
            "hermod.kafka.port must be a whole number, was 'x'",
            "unknown key hermod.kafka.hots; did you mean hermod.kafka.host?");
    assertThat(e).hasMessageStartingWith("invalid configuration of Hermod: 6 problems");
  }

  @Test
  void secretsNeverAppearInErrors() {
    Map<String, String> c = with("hermod.kafka.password", "hunter2");
    c.put("hermod.kafka.port", "x");
    c.put("hermod.kafka.token-secret", "s3cr3t");
    ConfigurationException e = failure(c);
    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("s3cr3t");
  }

  @Test
  void declaringWhatTheBindingCannotKeepSaysTheFix() {
    try (Messaging m = Bootstrap.start(valid(), KAFKA_ONLY, List.of(), List.of())) {
      assertThatThrownBy(
              () -> m.declare(ChannelSpec.queue("q").durability(Durability.PERSISTENT).build()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessage(
              "[binding=kafka channel=q] channel 'q' asks for PERSISTENT durability but binding"
                  + " 'kafka' keeps messages in memory only; declare it with"
                  + " .durability(Durability.MEMORY) or choose a persistent binding");
      assertThatThrownBy(
              () ->
                  m.declare(
                      ChannelSpec.queue("q")
                          .durability(Durability.MEMORY)
                          .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                          .build()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessage(
              "[binding=kafka channel=q] channel 'q' asks for EXACTLY_ONCE but binding 'kafka'"
                  + " cannot keep it; declare it with .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)"
                  + " and make the handler idempotent, or choose a binding that declares"
                  + " EXACTLY_ONCE");
    }
  }

  @Test
  void redeclaringDifferentlyFailsAndUndeclaredChannelsSayHowToDeclare() {
    try (Messaging m = Bootstrap.start(valid(), KAFKA_ONLY, List.of(), List.of())) {
      ChannelSpec q = ChannelSpec.queue("q").durability(Durability.MEMORY).build();
      m.declare(q).declare(q);
      assertThat(m.channel("q")).contains(q);
      assertThat(m.channel("q.dlq")).isPresent();
      assertThatThrownBy(() -> m.declare(q.toBuilder().maxDeliveryAttempts(9).build()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("declare it the same way everywhere or use another name");
      assertThatThrownBy(() -> m.publisher("nope", String.class))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "[binding=kafka channel=nope] invalid configuration of channel 'nope': channel"
                  + " 'nope' is not declared; declare it first with"
                  + " messaging.declare(ChannelSpec.queue(\"nope\").build()) (or ChannelSpec.topic)"
                  + " or Hermod.builder().declare(...)");
    }
  }
}
