package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Messaging;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.RetryExhaustion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {

  private static final BindingDiscovery MANUAL =
      new BindingDiscovery(List.of(new TestBindings.Kafka()));

  private static List<ChannelSpec> read(Map<String, String> properties, List<String> problems) {
    return ChannelConfig.read(properties, problems);
  }

  private static List<String> problems(Map<String, String> properties) {
    List<String> problems = new ArrayList<>();
    read(properties, problems);
    return problems;
  }

  @Test
  void everyPropertyIsRead() {
    Map<String, String> c = new LinkedHashMap<>();
    String p = "hermod.channels.orders.created.";
    c.put(p + "kind", "TOPIC");
    c.put(p + "guarantee", "exactly-once");
    c.put(p + "durability", "memory");
    c.put(p + "ttl", "1m");
    c.put(p + "max-delivery-attempts", "3");
    c.put(p + "backoff.initial", "50ms");
    c.put(p + "backoff.multiplier", "1.5");
    c.put(p + "backoff.max", "2s");
    c.put(p + "dead-letter", "false");
    c.put(p + "on-retries-exhausted", "stop");
    c.put(p + "max-length", "100");
    c.put(p + "overflow", "block");
    c.put(p + "dedup-window", "10m");
    c.put("hermod.channels.jobs.kind", "queue");
    List<String> problems = new ArrayList<>();
    assertThat(read(c, problems))
        .containsExactly(
            ChannelSpec.queue("jobs").build(),
            ChannelSpec.topic("orders.created")
                .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .durability(Durability.MEMORY)
                .ttl(Duration.ofMinutes(1))
                .maxDeliveryAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(50), 1.5, Duration.ofSeconds(2)))
                .deadLetter(false)
                .onRetriesExhausted(RetryExhaustion.STOP)
                .maxLength(100, OverflowPolicy.BLOCK)
                .dedupWindow(Duration.ofMinutes(10))
                .build());
    assertThat(problems).isEmpty();
  }

  @Test
  void theKindIsRequired() {
    assertThat(problems(Map.of("hermod.channels.orders.ttl", "1m")))
        .containsExactly(
            "hermod.channels.orders.kind is required but not set: set it to queue or topic");
  }

  @Test
  void everyWrongValueNamesTheFullKey() {
    Map<String, String> c = new LinkedHashMap<>();
    String p = "hermod.channels.orders.";
    c.put(p + "kind", "queu");
    c.put(p + "guarantee", "exactly_once");
    c.put(p + "ttl", "0");
    c.put(p + "max-delivery-attempts", "0");
    c.put(p + "backoff.multiplier", "0.5");
    c.put(p + "backoff.initial", "5s");
    c.put(p + "backoff.max", "1s");
    c.put(p + "dead-letter", "yes");
    c.put(p + "max-length", "-1");
    c.put(p + "overflow", "drop");
    c.put(p + "dedup-window", "later");
    assertThat(problems(c))
        .containsExactly(
            "hermod.channels.orders.kind must be one of [queue, topic], was 'queu'; did you mean"
                + " 'queue'?",
            "hermod.channels.orders.guarantee must be one of [at-least-once, exactly-once], was"
                + " 'exactly_once'; did you mean 'exactly-once'?",
            "hermod.channels.orders.ttl must be a positive duration, was 0; set it to e.g. 1m",
            "hermod.channels.orders.max-delivery-attempts must be between 1 and 2147483647, was 0",
            "hermod.channels.orders.backoff.multiplier must be a number >= 1.0, was '0.5'; e.g. 2.0",
            "hermod.channels.orders.backoff.max must be at least hermod.channels.orders.backoff.initial"
                + " (5s), was 1s; raise it or lower the initial delay",
            "hermod.channels.orders.dead-letter must be true or false, was 'yes'",
            "hermod.channels.orders.max-length must be between 0 and 2147483647, was -1",
            "hermod.channels.orders.overflow must be one of [reject, block], was 'drop'",
            "hermod.channels.orders.dedup-window must be a duration such as 500ms, 5s, 2m or PT5S,"
                + " was 'later'");
  }

  @Test
  void everyDurationIsBounded() {
    Map<String, String> c = new LinkedHashMap<>();
    String p = "hermod.channels.orders.";
    c.put(p + "kind", "queue");
    c.put(p + "ttl", "9223372036854775807s");
    c.put(p + "backoff.initial", "99999999999999999h");
    c.put(p + "backoff.max", "P30D");
    c.put(p + "dedup-window", "P366D");
    String timeout =
        " must be at most 2147483647ms (about 24.8 days: broker clients count timeouts in 32-bit"
            + " milliseconds), was '";
    assertThat(problems(c))
        .containsExactly(
            p + "ttl must be at most 8760h (365 days), was '9223372036854775807s'",
            p + "backoff.initial" + timeout + "99999999999999999h'; set it to e.g. 100ms",
            p + "backoff.max" + timeout + "P30D'; set it to e.g. 10s",
            p + "dedup-window must be at most 8760h (365 days), was 'P366D'; set it to e.g. 5m");
    Map<String, String> year = new LinkedHashMap<>();
    year.put(p + "kind", "queue");
    year.put(p + "ttl", "P365D");
    year.put(p + "dedup-window", "P30D");
    List<String> none = new ArrayList<>();
    assertThat(read(year, none))
        .containsExactly(
            ChannelSpec.queue("orders")
                .ttl(Duration.ofDays(365))
                .dedupWindow(Duration.ofDays(30))
                .build());
    assertThat(none).isEmpty();
  }

  @Test
  void aMisspeltPropertySuggestsTheClosest() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.channels.orders.kind", "queue");
    c.put("hermod.channels.orders.backoff.initil", "1s");
    c.put("hermod.channels.orders", "queue");
    assertThat(problems(c))
        .containsExactly(
            "unknown key hermod.channels.orders.backoff.initil; did you mean"
                + " hermod.channels.orders.backoff.initial?",
            "unknown key hermod.channels.orders; a channel key is hermod.channels.<name>.<property>"
                + " with property one of [kind, guarantee, durability, ttl, max-delivery-attempts,"
                + " backoff.initial, backoff.multiplier, backoff.max, dead-letter,"
                + " on-retries-exhausted, max-length, overflow, dedup-window]");
  }

  @Test
  void aBadChannelNameIsReportedWithItsKey() {
    assertThat(problems(Map.of("hermod.channels.-bad.kind", "queue")))
        .containsExactly(
            "hermod.channels.-bad.*: channel name must be 1-200 characters of letters, digits, '.',"
                + " '_' or '-' starting with a letter or digit, was '-bad'; rename the channel");
  }

  @Test
  void configuredChannelsAreDeclaredAtStartAlongsideCodeDeclaredOnes() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.kafka.host", "localhost");
    c.put("hermod.channels.orders.kind", "queue");
    c.put("hermod.channels.orders.durability", "memory");
    ChannelSpec same = ChannelSpec.queue("orders").durability(Durability.MEMORY).build();
    ChannelSpec other = ChannelSpec.topic("events").durability(Durability.MEMORY).build();
    try (Messaging m = Bootstrap.start(c, MANUAL, List.of(), List.of(same, other))) {
      assertThat(m.channel("orders")).contains(same);
      assertThat(m.channel("orders.dlq")).isPresent();
      assertThat(m.channel("events")).contains(other);
    }
  }

  @Test
  void configAndCodeMustAgree() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.kafka.host", "localhost");
    c.put("hermod.channels.orders.kind", "queue");
    c.put("hermod.channels.orders.durability", "memory");
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Bootstrap.start(
                    c,
                    MANUAL,
                    List.of(),
                    List.of(ChannelSpec.topic("orders").durability(Durability.MEMORY).build())));
    assertThat(e).hasMessageContaining("declare it the same way everywhere or use another name");
  }

  @Test
  void channelProblemsAreReportedWithTheOthers() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.kafka.host", "localhost");
    c.put("hermod.send-timeout", "soon");
    c.put("hermod.channels.orders.knd", "queue");
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> Bootstrap.start(c, MANUAL, List.of(), List.of()));
    assertThat(e.problems())
        .containsExactly(
            "hermod.send-timeout must be a duration such as 500ms, 5s, 2m or PT5S, was 'soon'",
            "unknown key hermod.channels.orders.knd; did you mean hermod.channels.orders.kind?");
  }
}
