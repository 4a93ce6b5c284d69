package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.InvalidMessageException;
import io.hermod.api.Message;
import io.hermod.api.Publisher;
import io.hermod.api.SendResult;
import io.hermod.api.StandardHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a send refuses before the broker: null messages, headers named like wire attributes. */
class SendValidationTest {

  private final ManualBinding binding = new ManualBinding();
  private final CoreMessaging messaging = binding.messaging();
  private final Publisher<String> orders;

  SendValidationTest() {
    messaging.declare(ChannelSpec.queue("orders").build());
    orders = messaging.publisher("orders", String.class);
  }

  @AfterEach
  void close() {
    messaging.close();
  }

  @Test
  void aReservedHeaderFailsTheSendNamingItAndTheRuleAndNothingReachesTheBroker() {
    Message<String> m =
        Message.builder("x")
            .header("ce_hermodexpiresat", "2000-01-01T00:00:00Z")
            .header("ok", "1")
            .build();
    assertThatThrownBy(() -> orders.send(m).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining(
            "message "
                + m.id()
                + " on channel 'orders' carries header [ce_hermodexpiresat] with a"
                + " name reserved for the wire (names starting with ce_, cloudEvents_")
        .hasMessageContaining("rename the header (for example with an x- prefix)");
    assertThat(binding.sent("orders")).isEmpty();
  }

  @Test
  void inABatchOnlyTheOffendingEntryFails() {
    Message<String> good = Message.builder("a").header("x-ce_id", "fine").build();
    Message<String> bad =
        Message.builder("b").header("Content-Type", "text/plain").header("JMSType", "t").build();
    List<SendResult> results = orders.sendAll(List.of(good, bad)).toCompletableFuture().join();
    assertThat(results.get(0).isSuccess()).isTrue();
    assertThat(results.get(1).isSuccess()).isFalse();
    assertThat(results.get(1).error())
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("carries headers [Content-Type, JMSType]");
    assertThat(binding.sent("orders")).extracting(Message::id).containsExactly(good.id());
  }

  @Test
  void deadLetterHeadersMayBeForwarded() {
    orders
        .send(Message.builder("x").header(StandardHeaders.DLQ_REASON, "exhausted").build())
        .toCompletableFuture()
        .join();
    assertThat(binding.sent("orders")).hasSize(1);
  }

  @Test
  void nullsAreRefusedWithTheChannelAndTheFix() {
    assertThatThrownBy(() -> orders.send((Message<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(
            "send((Message) null) on channel 'orders': a message must not be null; build one with"
                + " Message.builder(payload)");
    assertThatThrownBy(() -> orders.send((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("send(null) on channel 'orders'");
    assertThatThrownBy(() -> orders.sendAll(Arrays.asList(Message.of("a"), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("sendAll on channel 'orders': entry 1 is null");
  }
}
