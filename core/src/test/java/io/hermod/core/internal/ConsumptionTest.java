package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receiver;
import io.hermod.api.Requester;
import io.hermod.api.RetryExhaustion;
import io.hermod.api.StandardHeaders;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consumption pipeline against an SPI test double: what core does with each delivery. */
class ConsumptionTest {

  private final ManualBinding binding = new ManualBinding();
  private CoreMessaging messaging = binding.messaging();

  @AfterEach
  void close() {
    messaging.close();
  }

  private static Message<byte[]> text(String payload) {
    return text(payload, null);
  }

  private static Message<byte[]> text(String payload, String key) {
    return Message.builder(payload.getBytes(StandardCharsets.UTF_8)).key(key).build();
  }

  private static void await(String what, BooleanSupplier condition) {
    Deadline.await(what, condition);
  }

  @Test
  void handlersRunOnTheSubscriptionsWorkers() {
    messaging.declare(ChannelSpec.queue("plain").build());
    Map<String, String> ranOn = new ConcurrentHashMap<>();
    messaging.subscribe(
        "plain", String.class, d -> ranOn.put(d.channel(), Thread.currentThread().getName()));
    ManualBinding.Manual plain = binding.deliver("plain", text("x"), 1);
    await("settled", plain::settled);
    assertThat(ranOn.get("plain")).startsWith("hermod-plain-");
  }

  @Test
  void aFailureOnAnUnorderedChannelIsNackedWithTheBackoff() {
    messaging.declare(ChannelSpec.queue("q").build());
    messaging.subscribe(
        "q",
        String.class,
        d -> {
          throw new IllegalStateException("no");
        });
    ManualBinding.Manual d = binding.deliver("q", text("x"), 2);
    await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("nack 200ms");
  }

  @Test
  void exhaustedMessagesAreDeadLetteredWithTheFailureThenAcked() {
    messaging.declare(ChannelSpec.topic("t").maxDeliveryAttempts(3).build());
    messaging.subscribe(
        "t",
        String.class,
        SubscriptionOptions.named("s1"),
        d -> {
          throw new IllegalStateException("always");
        });
    Message<byte[]> m =
        Message.builder("x".getBytes(StandardCharsets.UTF_8)).header("h", "v").build();
    ManualBinding.Manual d = binding.deliver("t", m, 3);
    await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("ack");
    Message<byte[]> dead = binding.sent("t.dlq").get(0);
    assertThat(dead.id()).isEqualTo(m.id());
    assertThat(dead.payload()).isEqualTo(m.payload());
    assertThat(dead.headers())
        .containsEntry("h", "v")
        .containsEntry(StandardHeaders.DLQ_ORIGINAL_CHANNEL, "t")
        .containsEntry(StandardHeaders.DLQ_SUBSCRIPTION, "s1")
        .containsEntry(StandardHeaders.DLQ_ATTEMPTS, "3")
        .containsEntry(StandardHeaders.DLQ_ERROR_CLASS, IllegalStateException.class.getName())
        .containsEntry(StandardHeaders.DLQ_ERROR_MESSAGE, "always")
        .containsEntry(StandardHeaders.DLQ_REASON, "exhausted");
  }

  @Test
  void undecodableMessagesNeverReachTheHandler() {
    record Order(String id) {}
    messaging.declare(ChannelSpec.queue("q").build());
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe("q", Order.class, d -> calls.incrementAndGet());
    ManualBinding.Manual bad = binding.deliver("q", text("{not json"), 1);
    await("settled", bad::settled);
    assertThat(bad.settlement.get()).isEqualTo("ack");
    Message<byte[]> dead = binding.sent("q.dlq").get(0);
    assertThat(dead.headers())
        .containsEntry(StandardHeaders.DLQ_REASON, "undecodable")
        .containsEntry(StandardHeaders.DLQ_ERROR_CLASS, "io.hermod.api.SerializationException");
    ManualBinding.Manual good = binding.deliver("q", text("{\"id\":\"a\"}"), 1);
    await("settled", good::settled);
    assertThat(calls).hasValue(1);
  }

  @Test
  void withoutADeadLetterChannelStopPausesAndLeavesTheMessageOnTheBroker() {
    messaging.declare(
        ChannelSpec.queue("q")
            .deadLetter(false)
            .maxDeliveryAttempts(1)
            .onRetriesExhausted(RetryExhaustion.STOP)
            .build());
    Subscription s =
        messaging.subscribe(
            "q",
            String.class,
            d -> {
              throw new IllegalStateException("no");
            });
    ManualBinding.Manual d = binding.deliver("q", text("x"), 1);
    await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("nack 0ms");
    assertThat(s.isPaused()).isTrue();
    assertThat(binding.inbounds.get("q").paused).isTrue();
    s.resume();
    assertThat(binding.inbounds.get("q").paused).isFalse();
  }

  @Test
  void withoutADeadLetterChannelDropAcks() {
    messaging.declare(ChannelSpec.queue("q").deadLetter(false).maxDeliveryAttempts(2).build());
    messaging.subscribe(
        "q",
        String.class,
        d -> {
          throw new IllegalStateException("no");
        });
    ManualBinding.Manual d = binding.deliver("q", text("x"), 2);
    await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("ack");
    assertThat(binding.sent("q.dlq")).isEmpty();
  }

  @Test
  void expiredAndFilteredMessagesAreAckedWithoutTheHandler() {
    messaging.declare(ChannelSpec.topic("t").build());
    List<String> seen = new CopyOnWriteArrayList<>();
    messaging.subscribe(
        "t",
        String.class,
        SubscriptionOptions.builder().name("s").filter(Filter.routingKey("orders.*")).build(),
        d -> seen.add(d.payload()));
    Message<byte[]> expired =
        Message.builder("old".getBytes(StandardCharsets.UTF_8))
            .routingKey("orders.eu")
            .expiresAt(Instant.now().minusSeconds(1))
            .build();
    Message<byte[]> other =
        Message.builder("other".getBytes(StandardCharsets.UTF_8)).routingKey("logs.x").build();
    Message<byte[]> wanted =
        Message.builder("wanted".getBytes(StandardCharsets.UTF_8)).routingKey("orders.eu").build();
    ManualBinding.Manual a = binding.deliver("t", expired, 1);
    ManualBinding.Manual b = binding.deliver("t", other, 1);
    ManualBinding.Manual c = binding.deliver("t", wanted, 1);
    await("settled", () -> a.settled() && b.settled() && c.settled());
    assertThat(seen).containsExactly("wanted");
    assertThat(List.of(a.settlement.get(), b.settlement.get(), c.settlement.get()))
        .containsExactly("ack", "ack", "ack");
  }

  @Test
  void orderedChannelsRetryInPlaceBlockingOnlyTheKey() throws Exception {
    messaging.declare(
        ChannelSpec.queue("o")
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .backoff(Backoff.fixed(Duration.ofMillis(300)))
            .build());
    List<String> log = new CopyOnWriteArrayList<>();
    CountDownLatch b1Done = new CountDownLatch(1);
    messaging.subscribe(
        "o",
        String.class,
        SubscriptionOptions.builder().concurrency(2).build(),
        d -> {
          log.add(d.payload() + "#" + d.attempt());
          if (d.payload().equals("a1") && d.attempt() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
          if (d.payload().equals("b1")) {
            b1Done.countDown();
          }
        });
    ManualBinding.Manual a1 = binding.deliver("o", text("a1", "a"), 1);
    ManualBinding.Manual a2 = binding.deliver("o", text("a2", "a"), 1);
    ManualBinding.Manual b1 = binding.deliver("o", text("b1", "b"), 1);
    assertThat(b1Done.await(20, TimeUnit.SECONDS)).isTrue();
    await("all settled", () -> a1.settled() && a2.settled() && b1.settled());
    assertThat(a1.settlement.get()).isEqualTo("ack");
    assertThat(log.stream().filter(s -> s.startsWith("a")).toList())
        .containsExactly("a1#1", "a1#2", "a2#1");
  }

  @Test
  void duplicatesOnExactlyOnceChannelsAreAckedWithoutTheHandler() {
    messaging.declare(ChannelSpec.queue("e").guarantee(DeliveryGuarantee.EXACTLY_ONCE).build());
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe("e", String.class, d -> calls.incrementAndGet());
    Message<byte[]> m = text("x");
    ManualBinding.Manual first = binding.deliver("e", m, 1);
    await("first", first::settled);
    ManualBinding.Manual again = binding.deliver("e", m, 2);
    await("again", again::settled);
    assertThat(calls).hasValue(1);
    assertThat(again.settlement.get()).isEqualTo("ack");
  }

  @Test
  void neverMoreHandlersThanTheConcurrency() throws Exception {
    messaging.declare(ChannelSpec.queue("c").build());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    messaging.subscribe(
        "c",
        String.class,
        SubscriptionOptions.builder().concurrency(3).build(),
        d -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          release.await();
          running.decrementAndGet();
        });
    List<ManualBinding.Manual> ds = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 10; i++) {
      ds.add(binding.deliver("c", text("m" + i), 1));
    }
    await("three running", () -> running.get() == 3);
    release.countDown();
    await("all settled", () -> ds.stream().allMatch(ManualBinding.Manual::settled));
    assertThat(peak).hasValue(3);
  }

  @Test
  void closingReleasesWhatWasBufferedButNotStartedInItsPlace() throws Exception {
    messaging.declare(ChannelSpec.queue("c").build());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Subscription s =
        messaging.subscribe(
            "c",
            String.class,
            d -> {
              started.countDown();
              release.await();
            });
    ManualBinding.Manual running = binding.deliver("c", text("a"), 1);
    ManualBinding.Manual waiting = binding.deliver("c", text("b"), 1);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
    await("waiting one released", waiting::settled);
    assertThat(waiting.settlement.get()).isEqualTo("release");
    release.countDown();
    closing.get(20, TimeUnit.SECONDS);
    assertThat(running.settlement.get()).isEqualTo("ack");
    assertThat(binding.inbounds.get("c").closed).isTrue();
  }

  @Test
  void closingMessagingReleasesEveryThreadAndTheBinding() {
    messaging.declare(ChannelSpec.queue("c").build());
    messaging.subscribe(
        "c", String.class, SubscriptionOptions.builder().concurrency(4).build(), d -> {});
    messaging.receiver("c", String.class, SubscriptionOptions.named("pull"));
    messaging.publisher("c", String.class).send("x").toCompletableFuture().join();
    messaging.close();
    messaging.close(); // idempotent
    assertThat(binding.closed).isTrue();
    await(
        "no hermod threads left",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("hermod-")));
  }

  @Test
  void pulledDeliveriesSettleExplicitly() {
    messaging.declare(ChannelSpec.queue("p").maxDeliveryAttempts(2).build());
    Receiver<String> r = messaging.receiver("p", String.class, SubscriptionOptions.defaults());
    assertThat(r.receive(Duration.ofMillis(1))).isEmpty();
    ManualBinding.Manual a = binding.deliver("p", text("a"), 1);
    ManualBinding.Manual b = binding.deliver("p", text("b"), 2);
    ManualBinding.Manual c = binding.deliver("p", text("c"), 1);
    List<PulledDelivery<String>> batch = r.receiveBatch(5, Duration.ofMillis(50));
    assertThat(batch).extracting(PulledDelivery::payload).containsExactly("a", "b", "c");
    batch.get(0).nack();
    batch.get(1).nack();
    batch.get(2).nack(Duration.ofSeconds(7));
    batch.get(2).ack(); // ignored: already settled
    assertThat(a.settlement.get()).isEqualTo("nack 100ms");
    await("b dead-lettered", b::settled);
    assertThat(b.settlement.get()).isEqualTo("ack");
    assertThat(binding.sent("p.dlq")).hasSize(1);
    assertThat(c.settlement.get()).isEqualTo("nack 7000ms");
    ManualBinding.Manual d = binding.deliver("p", text("d"), 1);
    r.close();
    assertThat(d.settlement.get()).isEqualTo("release");
    assertThat(r.receive(Duration.ofMillis(1))).isEqualTo(Optional.empty());
  }

  @Test
  void requestsGetTheirOwnRepliesAndLateRepliesAreDropped() throws Exception {
    messaging.declare(ChannelSpec.queue("rpc").build());
    messaging.respond(
        "rpc", String.class, String.class, SubscriptionOptions.defaults(), d -> d.payload() + "!");
    Requester<String, String> requester =
        messaging.requester("rpc", String.class, String.class, Duration.ofSeconds(10));
    assertThat(requester.request("hi").toCompletableFuture().get(20, TimeUnit.SECONDS))
        .isEqualTo("hi!");
    String replyQueue =
        binding.sent.keySet().stream()
            .filter(n -> n.startsWith("rpc.reply."))
            .findFirst()
            .orElseThrow();
    ManualBinding.Manual late =
        binding.deliver(
            replyQueue,
            Message.builder("late".getBytes(StandardCharsets.UTF_8))
                .correlationId("nobody")
                .build(),
            1);
    await("late reply settled", late::settled);
    assertThat(late.settlement.get()).isEqualTo("ack");
    requester.close();
    assertThat(binding.decommissioned).containsExactly(replyQueue);
    assertThat(Map.copyOf(binding.sent)).containsKey("rpc");
  }
}
