package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.Capability;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receiver;
import io.hermod.api.SendResult;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G. Batching and flow control: batch send and receive, backpressure, pause and resume.
 *
 * <p>Scenarios: G01-G04 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface FlowScenarios extends Scenarios {

  /** A window in which something must NOT happen (a delivery while paused or over prefetch). */
  Duration QUIET = Duration.ofSeconds(1);

  @Test
  @Scenario(
      requires = Capability.BATCH,
      counts = {"per-entry receipts", "failing entries failing the batch"})
  @DisplayName(
      "G01 batch send: per-entry receipts, a failing entry reported without failing the batch")
  default void batchSend() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("g01");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    Map<String, byte[]> received = new ConcurrentHashMap<>();
    messaging.subscribe(channel, byte[].class, d -> received.put(d.message().id(), d.payload()));
    int max = messaging.capabilities().maxPayloadBytes();
    // Where the binding declares a payload limit, one entry breaks it.
    boolean withOversized =
        tck.supports(Capability.LIMITS) && max < LifecycleScenarios.LARGEST_TESTED_PAYLOAD;
    int oversizedAt = withOversized ? 5 : -1;
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(Message.builder(("g01-" + i).getBytes(StandardCharsets.UTF_8)).build());
      if (i == oversizedAt - 1) {
        batch.add(Message.builder(Payloads.bytes(max + 1)).build());
      }
    }
    Publisher<byte[]> publisher = messaging.publisher(channel, byte[].class);

    List<SendResult> results =
        publisher
            .sendAll(batch)
            .toCompletableFuture()
            .get(Traffic.RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(results).as("one result per entry").hasSize(batch.size());
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Message<byte[]> entry = batch.get(i);
      SendResult r = results.get(i);
      assertThat(r.messageId()).as("message id of result %d", i).isEqualTo(entry.id());
      if (i == oversizedAt) {
        assertThat(r.isSuccess())
            .as("result of the oversized entry %d (%d bytes)", i, max + 1)
            .isFalse();
        assertThat(r.error())
            .as("error of the oversized entry %d", i)
            .isNotNull()
            .satisfies(
                e ->
                    assertThat(Traffic.causedBy(e, MessageTooLargeException.class))
                        .as("error %s is (or is caused by) MessageTooLargeException", e)
                        .isTrue());
      } else {
        assertThat(r.isSuccess()).as("result of entry %d (error: %s)", i, r.error()).isTrue();
        assertThat(r.receipt().messageId())
            .as("receipt message id of entry %d", i)
            .isEqualTo(entry.id());
        assertThat(r.receipt().channel()).as("receipt channel of entry %d", i).isEqualTo(channel);
        accepted.add(entry.id());
      }
    }
    tck.await(
        "the " + accepted.size() + " accepted entries",
        tck.deadline(),
        () -> received.keySet().containsAll(accepted),
        () -> "received " + received.size() + " of " + accepted.size());
    for (Message<byte[]> entry : batch) {
      if (accepted.contains(entry.id())) {
        assertThat(received.get(entry.id()))
            .as("payload of %s", entry.id())
            .isEqualTo(entry.payload());
      }
    }
    if (withOversized) {
      TckSupport.pause(QUIET);
      assertThat(received)
          .as("the rejected entry must never reach the broker")
          .doesNotContainKey(batch.get(oversizedAt).id());
    }
  }

  @Test
  @Scenario(
      requires = Capability.BATCH,
      counts = {"batch sizes and waits", "per-entry acks"})
  @DisplayName(
      "G02 batch receive: batches respect max size and max wait; entries are acked one by one")
  default void batchReceive() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("g02");
    Messaging messaging = tck.messaging();
    messaging.declare(
        tck.queue(channel)
            .maxDeliveryAttempts(5)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(false)
            .build());
    Receiver<String> receiver =
        messaging.receiver(
            channel, String.class, SubscriptionOptions.builder().prefetch(32).build());
    int maxSize = 10;

    // Max wait: on an empty channel the batch comes back empty, after the wait.
    Duration maxWait = Duration.ofMillis(300);
    long start = System.nanoTime();
    List<PulledDelivery<String>> empty = receiver.receiveBatch(maxSize, maxWait);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(empty).as("a batch from an empty channel").isEmpty();
    assertThat(took)
        .as("time an empty batch took (max wait %s)", maxWait)
        .isGreaterThanOrEqualTo(maxWait.minusMillis(50))
        .isLessThanOrEqualTo(maxWait.plusSeconds(5));

    int n = 25;
    List<Message<String>> sent = Traffic.texts("g02", n);
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);

    // Per-entry settlement: odd messages are nacked on their first delivery, the rest acked.
    AttemptLog attempts = new AttemptLog();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    List<Integer> sizes = new ArrayList<>();
    long end = System.nanoTime() + tck.deadline().toNanos();
    while (!acked.containsAll(ids) && System.nanoTime() < end) {
      List<PulledDelivery<String>> batch = receiver.receiveBatch(maxSize, Duration.ofSeconds(1));
      sizes.add(batch.size());
      for (PulledDelivery<String> d : batch) {
        String id = d.message().id();
        attempts.record(id, d.attempt());
        if (Integer.parseInt(d.message().header("seq")) % 2 == 1 && d.attempt() == 1) {
          d.nack();
        } else {
          d.ack();
          acked.add(id);
        }
      }
    }
    assertThat(acked).as("ids acked (batch sizes seen %s)", sizes).containsAll(ids);
    assertThat(sizes).as("batch sizes (max size %d)", maxSize).allMatch(s -> s <= maxSize);
    assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElse(0))
        .as("largest batch, with %d messages waiting (batch sizes %s)", n, sizes)
        .isEqualTo(maxSize);
    List<PulledDelivery<String>> late = receiver.receiveBatch(maxSize, QUIET);
    assertThat(late.stream().map(d -> d.message().id()).toList())
        .as("deliveries after every entry was acked (acked entries must not come back)")
        .isEmpty();
    for (int i = 0; i < n; i++) {
      String id = ids.get(i);
      assertThat(attempts.attempts(id))
          .as("attempts of %s (%s on its first delivery)", id, i % 2 == 1 ? "nacked" : "acked")
          .containsExactlyElementsOf(i % 2 == 1 ? List.of(1, 2) : List.of(1));
    }
  }

  @Test
  @Scenario(counts = "unacked messages above the prefetch")
  @DisplayName(
      "G03 backpressure: a consumer with prefetch P never holds more than P unacked messages")
  default void backpressure() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("g03");
    Messaging messaging = tck.messaging();
    // Backpressure does not depend on durability; a memory queue keeps the large backlog cheap.
    messaging.declare(tck.queue(channel).durability(Durability.MEMORY).build());
    int backlog = tck.count(100_000);
    Traffic.sendBulk(
        messaging.publisher(channel, String.class),
        Traffic.texts("g03", backlog),
        tck.supports(Capability.BATCH),
        500);
    int prefetch = Math.min(10, backlog);
    Receiver<String> receiver =
        messaging.receiver(
            channel, String.class, SubscriptionOptions.builder().prefetch(prefetch).build());

    List<PulledDelivery<String>> held = new ArrayList<>();
    for (int i = 0; i < prefetch; i++) {
      Optional<PulledDelivery<String>> d = receiver.receive(Traffic.RECEIPT_WAIT);
      assertThat(d)
          .as("delivery %d of %d allowed by prefetch, with %d waiting", i + 1, prefetch, backlog)
          .isPresent();
      held.add(d.get());
    }
    assertThat(receiver.receive(QUIET))
        .as("a delivery beyond prefetch %d while %d are unacked", prefetch, held.size())
        .isEmpty();

    held.remove(0).ack();
    if (backlog > prefetch) {
      Optional<PulledDelivery<String>> next = receiver.receive(Traffic.RECEIPT_WAIT);
      assertThat(next).as("a delivery after one of %d was acked", prefetch).isPresent();
      held.add(next.get());
      assertThat(receiver.receive(QUIET))
          .as("a delivery beyond prefetch %d after taking the freed slot", prefetch)
          .isEmpty();
    }
    held.forEach(PulledDelivery::ack);
    held.clear();
    int more = Math.min(prefetch, Math.max(0, backlog - prefetch - 1));
    for (int i = 0; i < more; i++) {
      assertThat(receiver.receive(Traffic.RECEIPT_WAIT))
          .as("delivery %d after all held ones were acked", i + 1)
          .isPresent()
          .get()
          .satisfies(PulledDelivery::ack);
    }
  }

  @Test
  @Scenario(
      requires = Capability.PAUSE,
      counts = {"deliveries while paused", "lost after resume"})
  @DisplayName("G04 pause stops deliveries, resume delivers the rest")
  default void pauseResume() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("g04");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    DeliveryLog log = new DeliveryLog();
    Subscription subscription =
        messaging.subscribe(channel, String.class, d -> log.record(d.message().id()));
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    List<Message<String>> before = Traffic.texts("g04-before", 10);
    List<String> beforeIds = Traffic.ids(before);
    Traffic.sendPipelined(publisher, before);
    tck.await(
        "the messages sent before pausing",
        tck.deadline(),
        () -> log.containsAll(beforeIds),
        () -> log.summary(beforeIds));

    subscription.pause();
    assertThat(subscription.isPaused()).as("isPaused after pause()").isTrue();
    List<Message<String>> during = Traffic.texts("g04-during", 20);
    List<String> duringIds = Traffic.ids(during);
    Traffic.sendPipelined(publisher, during);
    TckSupport.pause(QUIET);
    assertThat(log.total())
        .as("deliveries while paused (" + log.summary(duringIds) + ")")
        .isEqualTo(beforeIds.size());

    subscription.resume();
    assertThat(subscription.isPaused()).as("isPaused after resume()").isFalse();
    List<String> all = new ArrayList<>(beforeIds);
    all.addAll(duringIds);
    tck.await(
        "the messages sent while paused, after resume",
        tck.deadline(),
        () -> log.containsAll(all),
        () -> log.summary(all));
    assertThat(log.lost(all)).as(log.summary(all)).isEmpty();
  }
}
