package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receiver;
import io.hermod.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pull receiver on an ordered channel holds a key while one of its deliveries is out. */
class PulledKeyOrderTest {

  private final ManualBinding binding = new ManualBinding();
  private final CoreMessaging messaging = binding.messaging();

  @AfterEach
  void close() {
    messaging.close();
  }

  private static Message<byte[]> text(String payload, String key) {
    return Message.builder(payload.getBytes(StandardCharsets.UTF_8)).key(key).build();
  }

  private Receiver<String> orderedReceiver() {
    messaging.declare(
        ChannelSpec.queue("o")
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .backoff(Backoff.fixed(Duration.ofMillis(20)))
            .maxDeliveryAttempts(5)
            .build());
    return messaging.receiver("o", String.class, SubscriptionOptions.defaults());
  }

  @Test
  void theNextMessageOfAKeyWaitsUntilTheFirstIsSettled() {
    Receiver<String> r = orderedReceiver();
    binding.deliver("o", text("k1-1", "k1"), 1);
    binding.deliver("o", text("k1-2", "k1"), 1);
    binding.deliver("o", text("k2-1", "k2"), 1);
    PulledDelivery<String> first = r.receive(Duration.ofSeconds(5)).orElseThrow();
    assertThat(first.payload()).isEqualTo("k1-1");
    // Another key flows; the held key does not.
    assertThat(r.receive(Duration.ofSeconds(5)).map(PulledDelivery::payload)).contains("k2-1");
    assertThat(r.receive(Duration.ofMillis(100))).isEmpty();
    first.ack();
    assertThat(r.receive(Duration.ofSeconds(5)).map(PulledDelivery::payload)).contains("k1-2");
  }

  @Test
  void aNackedMessageIsRetriedInPlaceAheadOfTheLaterMessagesOfItsKey() {
    Receiver<String> r = orderedReceiver();
    ManualBinding.Manual m1 = binding.deliver("o", text("m1", "k"), 1);
    binding.deliver("o", text("m2", "k"), 1);
    PulledDelivery<String> first = r.receive(Duration.ofSeconds(5)).orElseThrow();
    assertThat(first.payload()).isEqualTo("m1");
    first.nack();
    PulledDelivery<String> again = r.receive(Duration.ofSeconds(5)).orElseThrow();
    assertThat(again.payload()).isEqualTo("m1");
    assertThat(again.attempt()).isEqualTo(2);
    // Retried in place, not returned to the broker (where it would land behind m2).
    assertThat(m1.settled()).isFalse();
    again.ack();
    assertThat(r.receive(Duration.ofSeconds(5)).map(PulledDelivery::payload)).contains("m2");
    Deadline.await("m1 acked", m1::settled);
    assertThat(m1.settlement.get()).isEqualTo("ack");
  }

  @Test
  void unorderedChannelsHandOutEveryMessageAtOnce() {
    messaging.declare(ChannelSpec.queue("u").build());
    Receiver<String> r = messaging.receiver("u", String.class, SubscriptionOptions.defaults());
    binding.deliver("u", text("a", "k"), 1);
    binding.deliver("u", text("b", "k"), 1);
    assertThat(r.receiveBatch(5, Duration.ofMillis(200)))
        .extracting(PulledDelivery::payload)
        .containsExactly("a", "b");
  }

  @Test
  void closingGivesBackTheHeldMessagesInPlace() {
    Receiver<String> r = orderedReceiver();
    ManualBinding.Manual m1 = binding.deliver("o", text("m1", "k"), 1);
    ManualBinding.Manual m2 = binding.deliver("o", text("m2", "k"), 1);
    Optional<PulledDelivery<String>> out = r.receive(Duration.ofSeconds(5));
    assertThat(out).isPresent();
    r.close();
    assertThat(m2.settlement.get()).isEqualTo("release");
    assertThat(m1.settled()).isFalse(); // out with the caller: the endpoint's close returns it
    assertThat(binding.inbounds.get("o").closed).isTrue();
  }
}
