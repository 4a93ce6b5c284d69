package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hermod.api.Backoff;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.Publisher;
import io.hermod.api.SubscriptionOptions;
import io.hermod.api.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * C. Delivery guarantees: redelivery, attempts, per-key order, exactly-once.
 *
 * <p>Scenarios: C01-C08 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface GuaranteeScenarios extends Scenarios {

  /** A window in which something must NOT happen (a late duplicate, a late redelivery). */
  Duration QUIET = Duration.ofSeconds(1);

  @Test
  @Scenario(counts = {"lost", "failed attempts"})
  @DisplayName("C01 at-least-once redelivery: every message is processed, failed attempts counted")
  default void atLeastOnceRedelivery() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c01");
    Messaging messaging = tck.messaging();
    messaging.declare(
        tck.queue(channel)
            .maxDeliveryAttempts(5)
            .backoff(Backoff.exponential(Duration.ofMillis(50), 2.0, Duration.ofMillis(200)))
            .build());
    int n = tck.count(100);
    List<Message<String>> sent = Traffic.texts("c01", n);
    List<String> ids = Traffic.ids(sent);
    // Every tenth message fails its first two attempts.
    List<String> failing =
        IntStream.range(0, n).filter(i -> i % 10 == 0).mapToObj(ids::get).toList();
    AttemptLog attempts = new AttemptLog();
    DeliveryLog processed = new DeliveryLog();
    messaging.subscribe(
        channel,
        String.class,
        d -> {
          String id = d.message().id();
          attempts.record(id, d.attempt());
          if (failing.contains(id) && d.attempt() < 3) {
            throw new InjectedFailure("c01 fails attempt " + d.attempt() + " of " + id);
          }
          processed.record(id);
        });

    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);

    tck.await(
        "all " + n + " messages processed, " + failing.size() + " of them on their third attempt",
        tck.deadline(),
        () -> processed.containsAll(ids),
        () -> processed.summary(ids));
    assertThat(processed.lost(ids)).as(processed.summary(ids)).isEmpty();
    for (String id : failing) {
      assertThat(attempts.attempts(id))
          .as("attempts the handler saw for %s, which failed attempts 1 and 2", id)
          .startsWith(1, 2, 3);
    }
    for (String id : ids) {
      if (!failing.contains(id)) {
        assertThat(attempts.attempts(id))
            .as("attempts the handler saw for %s, which never failed", id)
            .startsWith(1);
      }
    }
  }

  @Test
  @Scenario(counts = "lost after handler failures")
  @DisplayName("C02 handler failures do not stop later messages from flowing")
  default void failuresDoNotStall() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c02");
    Messaging messaging = tck.messaging();
    // A generous attempt budget: the blocker below fails for as long as the others have not all
    // been processed, so if failures stalled the channel the scenario would time out.
    messaging.declare(
        tck.queue(channel)
            .maxDeliveryAttempts(100)
            .backoff(Backoff.exponential(Duration.ofMillis(50), 1.5, Duration.ofMillis(500)))
            .deadLetter(false)
            .build());
    int n = tck.count(100);
    Message<String> blocker = Message.of("c02-blocker");
    List<Message<String>> later = Traffic.texts("c02", n);
    List<String> laterIds = Traffic.ids(later);
    AttemptLog attempts = new AttemptLog();
    DeliveryLog processed = new DeliveryLog();
    AtomicBoolean blockerDone = new AtomicBoolean();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(1).build(),
        d -> {
          String id = d.message().id();
          attempts.record(id, d.attempt());
          if (id.equals(blocker.id())) {
            if (!processed.containsAll(laterIds)) {
              throw new InjectedFailure("c02 blocker fails while later messages are pending");
            }
            blockerDone.set(true);
            return;
          }
          // Every tenth later message fails once too.
          if (Integer.parseInt(d.message().header("seq")) % 10 == 0 && d.attempt() == 1) {
            throw new InjectedFailure("c02 transient failure of " + id);
          }
          processed.record(id);
        });
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    Traffic.send(publisher, blocker);
    tck.await("the first attempt of the failing message", () -> attempts.count(blocker.id()) > 0);

    Traffic.sendPipelined(publisher, later);

    tck.await(
        "all " + n + " later messages processed while an earlier message keeps failing",
        tck.deadline(),
        () -> processed.containsAll(laterIds),
        () -> processed.summary(laterIds) + ", blocker attempts " + attempts.count(blocker.id()));
    tck.await("the failing message to succeed once the others were done", blockerDone::get);
    assertThat(processed.lost(laterIds)).as(processed.summary(laterIds)).isEmpty();
    assertThat(attempts.count(blocker.id()))
        .as("attempts of the message that failed while the others flowed")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  @Scenario(counts = "attempt numbers seen by the handler")
  @DisplayName("C03 the delivery attempt counter is visible to the handler and increments")
  default void attemptCounterIncrements() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c03");
    Messaging messaging = tck.messaging();
    messaging.declare(
        tck.queue(channel)
            .maxDeliveryAttempts(5)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(false)
            .build());
    AttemptLog attempts = new AttemptLog();
    List<String> channels = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    messaging.subscribe(
        channel,
        String.class,
        d -> {
          attempts.record(d.message().id(), d.attempt());
          channels.add(d.channel());
          if (d.attempt() < 5) {
            throw new InjectedFailure("c03 fails attempt " + d.attempt());
          }
          done.set(true);
        });
    Message<String> m = Message.of("c03");
    Traffic.send(messaging.publisher(channel, String.class), m);

    tck.await(
        "the fifth attempt to succeed",
        tck.deadline(),
        done::get,
        () -> "attempts seen " + attempts.attempts(m.id()));
    TckSupport.pause(Duration.ofMillis(300));
    assertThat(attempts.attempts(m.id()))
        .as("attempt numbers the handler saw for a message failing 4 times")
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(channels).as("Delivery.channel() of each attempt").containsOnly(channel);
  }

  @Test
  @Scenario(
      requires = {Capability.ORDERED, Capability.EXACTLY_ONCE},
      counts = {"order violations", "lost"})
  @DisplayName("C04 per-key order: 1,000 messages over 16 keys with 4 consumers arrive in order")
  default void perKeyOrder() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c04");
    ChannelSpec spec = tck.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    int n = tck.count(1000);
    int keys = 16;
    Map<String, List<Integer>> observed = new ConcurrentHashMap<>();
    DeliveryLog log = new DeliveryLog();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    for (int c = 0; c < 4; c++) {
      String consumer = "consumer-" + c;
      Messaging instance = tck.messaging();
      instance.declare(spec);
      instance.subscribe(
          channel,
          String.class,
          SubscriptionOptions.builder().concurrency(2).build(),
          d -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              List<Integer> seqs =
                  observed.computeIfAbsent(d.message().key(), k -> new ArrayList<>());
              synchronized (seqs) {
                seqs.add(Integer.parseInt(d.message().header("seq")));
              }
              log.record(consumer, d.message().id());
              // Simulated work, so that keys handled in parallel overlap visibly.
              LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            } finally {
              running.decrementAndGet();
            }
          });
    }
    Messaging producer = tck.messaging();
    producer.declare(spec);
    List<Message<String>> sent =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    Message.builder("c04-" + i)
                        .key("key-" + (i % keys))
                        .header("seq", Integer.toString(i / keys))
                        .build())
            .toList();
    List<String> ids = Traffic.ids(sent);
    Traffic.sendInOrder(producer.publisher(channel, String.class), sent);

    tck.await(
        "all " + n + " messages",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
    assertThat(log.duplicates()).as("duplicates on an exactly-once channel").isEmpty();
    for (int k = 0; k < keys; k++) {
      String key = "key-" + k;
      int perKey = (int) sent.stream().filter(m -> key.equals(m.key())).count();
      List<Integer> seqs = observed.getOrDefault(key, List.of());
      synchronized (seqs) {
        assertThat(seqs)
            .as("sequence numbers observed for %s (must be 0..%d in order)", key, perKey - 1)
            .containsExactlyElementsOf(IntStream.range(0, perKey).boxed().toList());
      }
    }
    assertThat(maxRunning.get())
        .as("most handlers running at once across keys (different keys must progress in parallel)")
        .isGreaterThan(1);
  }

  @Test
  @Scenario(
      requires = {Capability.ORDERED, Capability.EXACTLY_ONCE},
      counts = {"other keys blocked", "order violations"})
  @DisplayName("C05 a failing message blocks only its own key, not the others")
  default void failureBlocksOnlyItsKey() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c05");
    Messaging messaging = tck.messaging();
    messaging.declare(
        tck.queue(channel)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .maxDeliveryAttempts(100)
            .backoff(Backoff.exponential(Duration.ofMillis(50), 1.5, Duration.ofMillis(500)))
            .deadLetter(false)
            .build());
    int perOtherKey = 10;
    List<Message<String>> others = new ArrayList<>();
    List<Message<String>> blockedLater = new ArrayList<>();
    for (int i = 0; i < perOtherKey; i++) {
      if (i < 4) {
        blockedLater.add(
            Message.builder("c05-k1-" + (i + 1)).key("k1").header("seq", "" + (i + 1)).build());
      }
      for (int k = 2; k <= 5; k++) {
        others.add(
            Message.builder("c05-k" + k + "-" + i).key("k" + k).header("seq", "" + i).build());
      }
    }
    Message<String> first = Message.builder("c05-k1-0").key("k1").header("seq", "0").build();
    List<String> otherIds = Traffic.ids(others);
    AttemptLog attempts = new AttemptLog();
    DeliveryLog otherLog = new DeliveryLog();
    List<Integer> k1Order = new CopyOnWriteArrayList<>();
    List<String> startedTooEarly = new CopyOnWriteArrayList<>();
    AtomicBoolean firstDone = new AtomicBoolean();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> {
          Message<String> m = d.message();
          attempts.record(m.id(), d.attempt());
          if (!"k1".equals(m.key())) {
            otherLog.record(m.id());
            return;
          }
          int seq = Integer.parseInt(m.header("seq"));
          if (seq == 0) {
            // Keeps failing until every other key's messages were handled: if the failure
            // blocked other keys, this never ends and the scenario times out.
            if (!otherLog.containsAll(otherIds)) {
              throw new InjectedFailure("c05 k1 first message fails while other keys flow");
            }
            k1Order.add(seq);
            firstDone.set(true);
            return;
          }
          if (!firstDone.get()) {
            startedTooEarly.add(m.id());
          }
          k1Order.add(seq);
        });
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    Traffic.send(publisher, first);
    tck.await("the first attempt of k1's first message", () -> attempts.count(first.id()) > 0);
    List<Message<String>> rest = new ArrayList<>(blockedLater);
    rest.addAll(others);
    Traffic.sendInOrder(publisher, rest);

    tck.await(
        "every message of keys k2..k5 while k1 is blocked",
        tck.deadline(),
        () -> otherLog.containsAll(otherIds),
        () -> otherLog.summary(otherIds) + ", k1 attempts " + attempts.count(first.id()));
    tck.await(
        "all 5 messages of k1 after its first one succeeded",
        tck.deadline(),
        () -> k1Order.size() >= 5,
        () -> "k1 order so far " + k1Order);
    assertThat(otherLog.lost(otherIds)).as(otherLog.summary(otherIds)).isEmpty();
    assertThat(attempts.count(first.id()))
        .as("attempts of k1's first message, which failed while the other keys flowed")
        .isGreaterThanOrEqualTo(2);
    assertThat(startedTooEarly)
        .as("k1 messages handed to the handler before k1's failing first message succeeded")
        .isEmpty();
    assertThat(k1Order)
        .as("order in which k1's messages were handled")
        .containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  @Scenario(
      requires = Capability.EXACTLY_ONCE,
      counts = {"duplicates", "lost"})
  @DisplayName("C06 dedup: the same id sent twice is delivered once; a different id is delivered")
  default void dedupById() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c06");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build());
    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(channel, String.class, d -> log.record(d.message().id()));
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // A producer retry: the very same message (same id) sent again.
      Message<String> m = Message.builder("c06-" + i).key("key-" + (i % 3)).build();
      Traffic.send(publisher, m);
      Traffic.send(publisher, m);
      // The same payload and key under a different id is a different message.
      Message<String> other = Message.builder("c06-" + i).key("key-" + (i % 3)).build();
      Traffic.send(publisher, other);
      expected.add(m.id());
      expected.add(other.id());
    }

    tck.await(
        "all " + expected.size() + " distinct ids",
        tck.deadline(),
        () -> log.containsAll(expected),
        () -> log.summary(expected));
    TckSupport.pause(QUIET);
    assertThat(log.lost(expected)).as(log.summary(expected)).isEmpty();
    assertThat(log.duplicates())
        .as("ids delivered more than once: " + log.summary(expected))
        .isEmpty();
    assertThat(log.total()).as("deliveries in all").isEqualTo(expected.size());
  }

  @Test
  @Scenario(
      requires = Capability.EXACTLY_ONCE,
      counts = {"lost", "duplicates"})
  @DisplayName("C07 strict count: resends and lost acks, each of 2,000 ids handled exactly once")
  default void strictCount() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c07");
    ChannelSpec spec =
        tck.queue(channel)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .maxDeliveryAttempts(10)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .build();
    int n = tck.count(2000);
    List<Message<String>> unique =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    Message.builder("c07-" + i)
                        .key("key-" + (i % 16))
                        .header("seq", Integer.toString(i))
                        .build())
            .toList();
    List<String> ids = Traffic.ids(unique);
    // Producer retries: about 10% of the messages are sent a second time, right after the first.
    List<Message<String>> sent = new ArrayList<>();
    int resends = 0;
    for (int i = 0; i < n; i++) {
      sent.add(unique.get(i));
      if (i % 10 == 3) {
        sent.add(unique.get(i));
        resends++;
      }
    }
    // Consumer failures after processing: 5% of the acks are lost, so the broker redelivers.
    Messaging consumer = tck.messagingLosingAcks(0.05);
    consumer.declare(spec);
    DeliveryLog handled = new DeliveryLog();
    AttemptLog attempts = new AttemptLog();
    consumer.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> {
          String id = d.message().id();
          attempts.record(id, d.attempt());
          // A few plain handler failures too: every 100th message fails its first attempt.
          if (Integer.parseInt(d.message().header("seq")) % 100 == 7 && d.attempt() == 1) {
            throw new InjectedFailure("c07 handler failure of " + id);
          }
          handled.record(id);
        });
    Messaging producer = tck.messaging();
    producer.declare(spec);
    Traffic.sendPipelined(producer.publisher(channel, String.class), sent);

    tck.await(
        "all " + n + " ids handled (" + resends + " resent, lost acks injected)",
        tck.deadline(),
        () -> handled.containsAll(ids),
        () -> handled.summary(ids));
    TckSupport.pause(QUIET);
    assertThat(handled.lost(ids)).as(handled.summary(ids)).isEmpty();
    assertThat(handled.duplicates())
        .as("ids handled successfully more than once: " + handled.summary(ids))
        .isEmpty();
    assertThat(handled.total()).as("successful handler calls in all").isEqualTo(n);
  }

  @Test
  @Scenario(counts = "declarations downgraded instead of failing")
  @DisplayName("C08 declaring what the binding cannot keep fails at declaration, never downgrades")
  default void unsupportedGuaranteeFailsAtDeclaration() {
    TckSupport tck = tck();
    Messaging messaging = tck.messaging();
    String channel = tck.name("c08");
    Optional<Capability> missing =
        !tck.supports(Capability.EXACTLY_ONCE)
            ? Optional.of(Capability.EXACTLY_ONCE)
            : List.of(Capability.PERSISTENT, Capability.BOUNDED, Capability.TTL).stream()
                .filter(c -> !tck.supports(c))
                .findFirst();
    tck.assume(
        missing.isPresent(),
        "binding '"
            + messaging.bindingName()
            + "' declares EXACTLY_ONCE, PERSISTENT, BOUNDED and TTL: nothing to reject");
    Capability capability = missing.orElseThrow();
    ChannelSpec spec = specNeeding(tck, channel, capability);

    Throwable thrown = catchThrowable(() -> messaging.declare(spec));

    assertThat(thrown)
        .as("declaring %s needing %s on a binding without it", channel, capability)
        .isInstanceOf(UnsupportedCapabilityException.class);
    UnsupportedCapabilityException e = (UnsupportedCapabilityException) thrown;
    assertThat(e.capability()).as("the capability the exception names").isEqualTo(capability);
    assertThat(e.channel()).as("the channel the exception names").isEqualTo(channel);
    assertThat(messaging.channel(channel))
        .as("the rejected declaration must not be registered in a downgraded form")
        .isEmpty();
  }

  private static ChannelSpec specNeeding(TckSupport tck, String channel, Capability capability) {
    ChannelSpec.Builder b = tck.queue(channel);
    switch (capability) {
      case EXACTLY_ONCE -> b.guarantee(DeliveryGuarantee.EXACTLY_ONCE);
      case PERSISTENT -> b.durability(Durability.PERSISTENT);
      case BOUNDED -> b.maxLength(10, OverflowPolicy.REJECT);
      case TTL -> b.ttl(Duration.ofMinutes(1));
      default -> throw new IllegalArgumentException("no spec needs " + capability);
    }
    return b.build();
  }
}
