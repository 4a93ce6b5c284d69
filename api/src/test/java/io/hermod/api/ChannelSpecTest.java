package io.hermod.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ChannelSpecTest {

  private static ChannelSpec.Builder full() {
    return ChannelSpec.topic("orders")
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .durability(Durability.PERSISTENT)
        .ttl(Duration.ofMinutes(1))
        .maxDeliveryAttempts(3)
        .backoff(Backoff.fixed(Duration.ofSeconds(2)))
        .deadLetter(false)
        .onRetriesExhausted(RetryExhaustion.STOP)
        .maxLength(10, OverflowPolicy.BLOCK)
        .dedupWindow(Duration.ofMinutes(2));
  }

  @Test
  void isAFinalClassWithoutPublicConstructors() {
    assertThat(ChannelSpec.class.isRecord()).isFalse();
    assertThat(Modifier.isFinal(ChannelSpec.class.getModifiers())).isTrue();
    assertThat(ChannelSpec.class.getConstructors()).isEmpty();
  }

  @Test
  void defaults() {
    ChannelSpec s = ChannelSpec.queue("orders").build();
    assertThat(s.name()).isEqualTo("orders");
    assertThat(s.kind()).isEqualTo(ChannelKind.QUEUE);
    assertThat(s.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(s.durability()).isEqualTo(Durability.PREFER_PERSISTENT);
    assertThat(s.ttl()).isNull();
    assertThat(s.maxDeliveryAttempts()).isEqualTo(5);
    assertThat(s.backoff())
        .isEqualTo(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)));
    assertThat(s.deadLetter()).isTrue();
    assertThat(s.onRetriesExhausted()).isEqualTo(RetryExhaustion.DROP);
    assertThat(s.maxLength()).isZero();
    assertThat(s.overflow()).isEqualTo(OverflowPolicy.REJECT);
    assertThat(s.dedupWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.ordered()).isFalse();
    assertThat(s.deadLetterChannel()).isEqualTo("orders.dlq");
    assertThat(ChannelSpec.topic("t").build().kind()).isEqualTo(ChannelKind.TOPIC);
  }

  @Test
  void theBuilderSetsEverySetting() {
    ChannelSpec s = full().build();
    assertThat(s.name()).isEqualTo("orders");
    assertThat(s.kind()).isEqualTo(ChannelKind.TOPIC);
    assertThat(s.guarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(s.ordered()).isTrue();
    assertThat(s.durability()).isEqualTo(Durability.PERSISTENT);
    assertThat(s.ttl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.maxDeliveryAttempts()).isEqualTo(3);
    assertThat(s.backoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(2)));
    assertThat(s.deadLetter()).isFalse();
    assertThat(s.onRetriesExhausted()).isEqualTo(RetryExhaustion.STOP);
    assertThat(s.maxLength()).isEqualTo(10);
    assertThat(s.overflow()).isEqualTo(OverflowPolicy.BLOCK);
    assertThat(s.dedupWindow()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void toBuilderRoundTripsEverySetting() {
    ChannelSpec s = full().build();
    ChannelSpec copy = s.toBuilder().build();
    assertThat(copy).isNotSameAs(s).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(copy.toString()).isEqualTo(s.toString());
    assertThat(ChannelSpec.queue("q").build().toBuilder().build())
        .isEqualTo(ChannelSpec.queue("q").build());
    assertThat(s.toBuilder().maxDeliveryAttempts(9).build().maxDeliveryAttempts()).isEqualTo(9);
    assertThat(s.maxDeliveryAttempts()).isEqualTo(3);
  }

  @Test
  void equalityCoversEverySetting() {
    ChannelSpec s = full().build();
    Map<String, UnaryOperator<ChannelSpec.Builder>> changes = new LinkedHashMap<>();
    changes.put("guarantee", b -> b.guarantee(DeliveryGuarantee.AT_LEAST_ONCE));
    changes.put("durability", b -> b.durability(Durability.MEMORY));
    changes.put("ttl", b -> b.ttl(null));
    changes.put("maxDeliveryAttempts", b -> b.maxDeliveryAttempts(4));
    changes.put("backoff", b -> b.backoff(Backoff.none()));
    changes.put("deadLetter", b -> b.deadLetter(true));
    changes.put("onRetriesExhausted", b -> b.onRetriesExhausted(RetryExhaustion.DROP));
    changes.put("maxLength", b -> b.maxLength(11, OverflowPolicy.BLOCK));
    changes.put("overflow", b -> b.maxLength(10, OverflowPolicy.REJECT));
    changes.put("dedupWindow", b -> b.dedupWindow(Duration.ofMinutes(3)));
    changes.forEach(
        (what, change) -> {
          ChannelSpec other = change.apply(s.toBuilder()).build();
          assertThat(other).as("differs in %s", what).isNotEqualTo(s);
          assertThat(other.hashCode()).as("hash differs in %s", what).isNotEqualTo(s.hashCode());
        });
    ChannelSpec renamed = ChannelSpec.topic("orders2").build();
    assertThat(renamed).isNotEqualTo(ChannelSpec.topic("orders").build());
    assertThat(ChannelSpec.queue("orders").build())
        .isNotEqualTo(ChannelSpec.topic("orders").build());
    assertThat(s).isNotEqualTo(null).isNotEqualTo("orders").isEqualTo(s);
  }

  @Test
  void toStringListsEverySettingLikeTheRecordDid() {
    assertThat(full().build())
        .hasToString(
            "ChannelSpec[name=orders, kind=TOPIC, guarantee=EXACTLY_ONCE, durability=PERSISTENT,"
                + " ttl=PT1M, maxDeliveryAttempts=3,"
                + " backoff=Backoff[initial=PT2S, multiplier=1.0, max=PT2S], deadLetter=false,"
                + " onRetriesExhausted=STOP, maxLength=10, overflow=BLOCK, dedupWindow=PT2M]");
    assertThat(ChannelSpec.queue("q").build())
        .hasToString(
            "ChannelSpec[name=q, kind=QUEUE, guarantee=AT_LEAST_ONCE,"
                + " durability=PREFER_PERSISTENT, ttl=null, maxDeliveryAttempts=5,"
                + " backoff=Backoff[initial=PT0.1S, multiplier=2.0, max=PT10S], deadLetter=true,"
                + " onRetriesExhausted=DROP, maxLength=0, overflow=REJECT, dedupWindow=PT5M]");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                ChannelSpec.queue("bad name")
                    .ttl(Duration.ZERO)
                    .maxDeliveryAttempts(0)
                    .maxLength(-1, OverflowPolicy.REJECT)
                    .dedupWindow(Duration.ofSeconds(-1))
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "channel name must be 1-200 characters of letters, digits, '.', '_' or '-'"
                            + " starting with a letter or digit, was 'bad name'",
                        "ttl must be positive or absent, was PT0S",
                        "maxDeliveryAttempts must be >= 1, was 0",
                        "maxLength must be >= 0 (0 = unbounded), was -1",
                        "dedupWindow must be positive, was PT-1S"));
    assertThatThrownBy(() -> ChannelSpec.queue(null).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("?");
    assertThatThrownBy(() -> ChannelSpec.queue("a".repeat(201)).build())
        .isInstanceOf(ConfigurationException.class);
    assertThat(ChannelSpec.queue("a".repeat(200)).build().name()).hasSize(200);
    assertThat(ChannelSpec.queue("A.b_c-9").build().name()).isEqualTo("A.b_c-9");
  }
}
