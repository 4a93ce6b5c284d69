package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Confirm;
import io.hermod.api.Confirmation;
import io.hermod.api.Message;
import io.hermod.api.ProcessingReport;
import io.hermod.api.SignatureCheck;
import io.hermod.api.StandardHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A durable confirmation channel and its listener: a publisher facade started again after the first
 * one ended still receives the confirmations of what the first one sent.
 */
class ConfirmationListenerTest {

  private final ManualBinding binding = new ManualBinding();

  private CoreMessaging publisher() {
    CoreConfig config =
        new CoreConfig(
            "manual",
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            1000,
            50,
            Duration.ofSeconds(5),
            20);
    return new CoreMessaging(
        binding,
        "manual",
        config,
        new ConfirmSettings("publisher", null, Map.of(), "orders.confirmations"),
        Codecs.create(List.of(), false),
        Clock.systemUTC(),
        null);
  }

  @Test
  void aRestartedPublisherCollectsTheConfirmationsOfWhatItSentBefore() throws Exception {
    CoreMessaging consumer = binding.messaging();
    consumer.declare(ChannelSpec.queue("orders").build());
    List<String> handled = new CopyOnWriteArrayList<>();
    consumer.subscribe("orders", String.class, d -> handled.add(d.message().id()));

    // The first publisher sends, and its report completes as usual.
    CoreMessaging first = publisher();
    first.declare(ChannelSpec.queue("orders").build());
    ProcessingReport report =
        first
            .publisher("orders", String.class)
            .send(Message.builder("a").id("order-1").build(), Confirm.processed())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(report.allProcessed()).isTrue();
    Message<byte[]> sentBefore = binding.sent("orders").get(0);
    assertThat(sentBefore.header(StandardHeaders.CONFIRM_TO)).isEqualTo("orders.confirmations");
    first.close();
    assertThat(binding.decommissioned)
        .as("a durable confirmation channel outlives its publisher")
        .doesNotContain("orders.confirmations");

    // Started again: the message the first one sent is redelivered and confirmed again.
    CoreMessaging second = publisher();
    List<Confirmation> heard = new CopyOnWriteArrayList<>();
    List<SignatureCheck> checks = new CopyOnWriteArrayList<>();
    second.confirmations(
        (c, check) -> {
          heard.add(c);
          checks.add(check);
        });
    binding.deliver("orders", sentBefore, 2);

    Deadline.await("the listener heard the confirmation of order-1", () -> !heard.isEmpty());
    assertThat(heard.get(0).messageId()).isEqualTo("order-1");
    assertThat(heard.get(0).attempts()).isEqualTo(2);
    assertThat(
            new String(
                binding.sent("orders.confirmations").get(1).payload(), StandardCharsets.UTF_8))
        .isEqualTo(heard.get(0).statement());
    assertThat(checks).containsExactly(SignatureCheck.NOT_REQUIRED);
    second.close();
    consumer.close();
  }
}
