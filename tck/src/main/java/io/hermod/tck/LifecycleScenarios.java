package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Capability;
import io.hermod.api.ChannelFullException;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.Messaging;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.Publisher;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receipt;
import io.hermod.api.Receiver;
import io.hermod.api.SubscriptionOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * E. Lifecycle: expiry, delayed delivery, bounded channels, payload limits.
 *
 * <p>Scenarios: E01-E04 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface LifecycleScenarios extends Scenarios {

  /** A window in which something must NOT happen (an expired or rejected message arriving). */
  Duration QUIET = Duration.ofSeconds(1);

  /** Payload limits above this are not exercised: the kit would need that much heap per copy. */
  int LARGEST_TESTED_PAYLOAD = 64 * 1024 * 1024;

  @Test
  @Scenario(requires = Capability.TTL, counts = "expired messages delivered")
  @DisplayName("E01 an expired message is never delivered")
  default void expiredNeverDelivered() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("e01");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).ttl(Duration.ofMillis(400)).build());
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    // Expires by its own expiry instant.
    Message<String> ownExpiry =
        Message.builder("e01-own-expiry").expiresAt(Instant.now().plusMillis(300)).build();
    // Expires by the channel's ttl, having none of its own.
    Message<String> channelTtl = Message.of("e01-channel-ttl");
    // Outlives the wait: its own expiry overrides the channel's ttl.
    Message<String> fresh =
        Message.builder("e01-fresh").expiresAt(Instant.now().plusSeconds(120)).build();
    Traffic.send(publisher, ownExpiry);
    Traffic.send(publisher, channelTtl);
    Traffic.send(publisher, fresh);
    // Nobody consumes until both have expired.
    TckSupport.pause(Duration.ofMillis(800));

    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(channel, String.class, d -> log.record(d.message().id()));
    tck.await(
        "the unexpired message",
        tck.deadline(),
        () -> log.containsAll(List.of(fresh.id())),
        () -> log.summary(List.of(fresh.id())));
    TckSupport.pause(QUIET);
    assertThat(log.inOrder())
        .as(
            "ids delivered (expired: %s by its expiresAt, %s by the channel ttl)",
            ownExpiry.id(), channelTtl.id())
        .containsExactly(fresh.id());
  }

  @Test
  @Scenario(
      requires = Capability.DELAY,
      counts = {"delivered early", "lost"})
  @DisplayName("E02 a delayed message is invisible before its time and delivered after")
  default void delayedDelivery() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("e02");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    Map<String, Instant> arrived = new ConcurrentHashMap<>();
    messaging.subscribe(channel, String.class, d -> arrived.put(d.message().id(), Instant.now()));
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    Instant deliverAt = Instant.now().plusSeconds(2);
    Message<String> delayed = Message.builder("e02-delayed").deliverAt(deliverAt).build();
    Message<String> immediate = Message.of("e02-immediate");
    Traffic.send(publisher, delayed);
    Traffic.send(publisher, immediate);

    tck.await(
        "the undelayed message sent after the delayed one",
        tck.deadline(),
        () -> arrived.containsKey(immediate.id()),
        () -> "arrived " + arrived.keySet());
    assertThat(arrived)
        .as("the delayed message must not arrive before the undelayed one sent after it")
        .doesNotContainKey(delayed.id());
    tck.await(
        "the delayed message after its time",
        tck.deadline(),
        () -> arrived.containsKey(delayed.id()),
        () -> "arrived " + arrived.keySet());
    // Same JVM clock for both instants; 50 ms for the broker's timer granularity.
    assertThat(arrived.get(delayed.id()))
        .as("arrival of a message with deliverAt %s", deliverAt)
        .isAfterOrEqualTo(deliverAt.minusMillis(50));
  }

  @Test
  @Scenario(requires = Capability.BOUNDED, counts = "sends past the limit accepted")
  @DisplayName("E03 a bounded queue rejects or blocks at its limit as declared")
  default void boundedQueue() throws Exception {
    TckSupport tck = tck();
    Messaging messaging = tck.messaging();

    // REJECT: with no consumer, the send after maxLength fails and nothing is dropped.
    String reject = tck.name("e03-reject");
    int max = 10;
    messaging.declare(tck.queue(reject).maxLength(max, OverflowPolicy.REJECT).build());
    Publisher<String> rejectPublisher = messaging.publisher(reject, String.class);
    List<Message<String>> fill = Traffic.texts("e03-reject", max);
    Traffic.sendInOrder(rejectPublisher, fill);
    Message<String> overflow = Message.of("e03-overflow");
    Throwable error =
        Traffic.failure(
            "a send to a full REJECT queue",
            () -> rejectPublisher.send(overflow),
            Traffic.RECEIPT_WAIT);
    assertThat(error)
        .as("the error of a send to a full queue (maxLength %d, REJECT)", max)
        .isInstanceOf(ChannelFullException.class);
    DeliveryLog rejectLog = new DeliveryLog();
    messaging.subscribe(reject, String.class, d -> rejectLog.record(d.message().id()));
    List<String> fillIds = Traffic.ids(fill);
    tck.await(
        "the " + max + " accepted messages",
        tck.deadline(),
        () -> rejectLog.containsAll(fillIds),
        () -> rejectLog.summary(fillIds));
    TckSupport.pause(QUIET);
    assertThat(rejectLog.lost(fillIds)).as(rejectLog.summary(fillIds)).isEmpty();
    assertThat(rejectLog.inOrder())
        .as("ids delivered from the REJECT queue (the rejected one must not have been enqueued)")
        .doesNotContain(overflow.id());

    // BLOCK: the send after maxLength waits until a consumer makes room.
    String block = tck.name("e03-block");
    int small = 5;
    messaging.declare(tck.queue(block).maxLength(small, OverflowPolicy.BLOCK).build());
    Publisher<String> blockPublisher = messaging.publisher(block, String.class);
    List<Message<String>> blockFill = Traffic.texts("e03-block", small);
    Traffic.sendInOrder(blockPublisher, blockFill);
    Message<String> waiting = Message.of("e03-waiting");
    CompletableFuture<Receipt> blocked = blockPublisher.send(waiting).toCompletableFuture();
    TckSupport.pause(Duration.ofMillis(500));
    assertThat(blocked)
        .as("a send to a full BLOCK queue while nobody consumes (it must wait, not fail)")
        .isNotDone();
    Receiver<String> receiver =
        messaging.receiver(block, String.class, SubscriptionOptions.builder().prefetch(1).build());
    DeliveryLog blockLog = new DeliveryLog();
    Optional<PulledDelivery<String>> one = receiver.receive(Traffic.RECEIPT_WAIT);
    assertThat(one).as("a message from the full queue").isPresent();
    blockLog.record(one.get().message().id());
    one.get().ack();
    Receipt receipt = blocked.get(Traffic.RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(receipt.messageId())
        .as("receipt of the send that waited for room")
        .isEqualTo(waiting.id());
    List<String> blockIds = new ArrayList<>(Traffic.ids(blockFill));
    blockIds.add(waiting.id());
    tck.await(
        "all " + blockIds.size() + " messages of the BLOCK queue",
        tck.deadline(),
        () -> {
          receiver
              .receive(Duration.ofMillis(100))
              .ifPresent(
                  d -> {
                    blockLog.record(d.message().id());
                    d.ack();
                  });
          return blockLog.containsAll(blockIds);
        },
        () -> blockLog.summary(blockIds));
  }

  @Test
  @Scenario(
      requires = Capability.LIMITS,
      counts = {"payload at the maximum refused", "one byte more accepted"})
  @DisplayName(
      "E04 a payload at the declared maximum passes; one byte more fails before the broker")
  default void payloadLimit() throws Exception {
    TckSupport tck = tck();
    Messaging messaging = tck.messaging();
    int max = messaging.capabilities().maxPayloadBytes();
    tck.assume(
        max < LARGEST_TESTED_PAYLOAD,
        "binding '"
            + messaging.bindingName()
            + "' declares a maximum payload of "
            + max
            + " bytes, larger than the kit exercises ("
            + LARGEST_TESTED_PAYLOAD
            + ")");
    String channel = tck.name("e04");
    messaging.declare(tck.queue(channel).build());
    Map<String, byte[]> received = new ConcurrentHashMap<>();
    messaging.subscribe(channel, byte[].class, d -> received.put(d.message().id(), d.payload()));
    Publisher<byte[]> publisher = messaging.publisher(channel, byte[].class);
    byte[] atLimit = Payloads.bytes(max);
    Message<byte[]> fits = Message.builder(atLimit).build();
    Traffic.send(publisher, fits);

    byte[] tooLarge = Payloads.bytes(max + 1);
    Message<byte[]> over = Message.builder(tooLarge).build();
    Throwable error =
        Traffic.failure(
            "a send of " + (max + 1) + " bytes (limit " + max + ")",
            () -> publisher.send(over),
            Traffic.RECEIPT_WAIT);
    assertThat(error)
        .as("the error of a payload one byte over the declared maximum")
        .isInstanceOf(MessageTooLargeException.class);
    assertThat(error.getMessage())
        .as("the error message names the limit")
        .contains(Integer.toString(max));

    tck.await(
        "the payload of exactly " + max + " bytes",
        tck.deadline(),
        () -> received.containsKey(fits.id()),
        () -> "received " + received.keySet());
    assertThat(received.get(fits.id()))
        .as("the payload at the limit, byte for byte")
        .isEqualTo(atLimit);
    TckSupport.pause(QUIET);
    assertThat(received)
        .as("the oversized payload must never reach the broker")
        .doesNotContainKey(over.id());
  }
}
