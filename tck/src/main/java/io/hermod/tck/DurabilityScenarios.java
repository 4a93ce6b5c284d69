package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.Publisher;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receipt;
import io.hermod.api.Receiver;
import io.hermod.api.StartPosition;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * F. Durability and faults: subscriber restarts, consumer crashes, replay, broker restarts.
 *
 * <p>Scenarios: F01-F05 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface DurabilityScenarios extends Scenarios {

  /** The send timeout the fault scenarios configure, so an outage costs seconds, not minutes. */
  Duration FAULT_SEND_TIMEOUT = Duration.ofSeconds(4);

  /** Core settings for the fault scenarios: short send timeout, quickly re-probing circuit. */
  Map<String, String> FAULT_CONFIG =
      Map.of(
          "hermod.send-timeout", FAULT_SEND_TIMEOUT.toSeconds() + "s",
          "hermod.circuit-breaker.wait-in-open", "1s",
          "hermod.circuit-breaker.minimum-calls", "5");

  /** How long the broker stays down in each outage. */
  Duration OUTAGE = Duration.ofSeconds(1);

  @Test
  @Scenario(requires = Capability.PERSISTENT, counts = "lost")
  @DisplayName("F01 no loss across subscriber close and reopen, five times, while publishing")
  default void subscriberCloseReopen() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("f01");
    ChannelSpec spec = tck.queue(channel).build();
    Messaging producer = tck.messaging();
    producer.declare(spec);
    int n = tck.count(500);
    List<Message<String>> sent = Traffic.texts("f01", n);
    List<String> ids = Traffic.ids(sent);
    DeliveryLog log = new DeliveryLog();
    AtomicInteger published = new AtomicInteger();
    Publisher<String> publisher = producer.publisher(channel, String.class);
    CompletableFuture<Void> publishing =
        CompletableFuture.runAsync(
            () -> {
              for (Message<String> m : sent) {
                Traffic.send(publisher, m);
                published.incrementAndGet();
                // Paced, so the subscriber is closed and reopened while messages keep coming.
                LockSupport.parkNanos(Duration.ofMillis(3).toNanos());
              }
            });

    for (int cycle = 0; cycle < 5; cycle++) {
      String consumer = "subscriber-" + cycle;
      Messaging instance = tck.messaging();
      instance.declare(spec);
      Subscription subscription =
          instance.subscribe(channel, String.class, d -> log.record(consumer, d.message().id()));
      int before = log.distinct();
      tck.await(
          "progress of subscriber " + cycle,
          tck.deadline(),
          () -> log.distinct() >= Math.min(before + Math.max(1, n / 10), n),
          () -> "published " + published.get() + ", " + log.summary(ids));
      // Alternately close only the subscription and the whole application instance.
      if (cycle % 2 == 0) {
        subscription.close();
      } else {
        instance.close();
      }
    }
    Messaging last = tck.messaging();
    last.declare(spec);
    last.subscribe(channel, String.class, d -> log.record("subscriber-last", d.message().id()));
    publishing.get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);

    tck.await(
        "all " + n + " messages across five subscriber restarts",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
  }

  @Test
  @Scenario(requires = Capability.PERSISTENT, counts = "unacked messages lost")
  @DisplayName("F02 a consumer crashing mid-batch: every unacked message goes to another consumer")
  default void crashedConsumerRedelivers() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("f02");
    ChannelSpec spec = tck.queue(channel).build();
    Messaging producer = tck.messaging();
    producer.declare(spec);
    int n = 20;
    int batch = 10;
    List<Message<String>> sent = Traffic.texts("f02", n);
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(producer.publisher(channel, String.class), sent);

    Messaging crashing = tck.messaging();
    crashing.declare(spec);
    Receiver<String> receiver =
        crashing.receiver(
            channel, String.class, SubscriptionOptions.builder().prefetch(batch).build());
    List<String> unacked = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      Optional<PulledDelivery<String>> d = receiver.receive(Traffic.RECEIPT_WAIT);
      assertThat(d).as("delivery %d of the batch taken before the crash", i + 1).isPresent();
      unacked.add(d.get().message().id());
    }
    // The crash: the application instance goes away with the batch unacknowledged.
    crashing.close();

    Messaging survivor = tck.messaging();
    survivor.declare(spec);
    DeliveryLog log = new DeliveryLog();
    survivor.subscribe(channel, String.class, d -> log.record(d.message().id()));
    tck.await(
        "the " + unacked.size() + " unacked messages (and the rest) at the surviving consumer",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> "unacked lost " + log.lost(unacked) + "; " + log.summary(ids));
    assertThat(log.lost(unacked)).as("unacked messages never redelivered").isEmpty();
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
  }

  @Test
  @Scenario(requires = Capability.REPLAY, counts = "retained messages missed")
  @DisplayName("F03 a new subscription can start from the earliest retained message")
  default void replayFromEarliest() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("f03");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    int n = tck.count(100);
    List<Message<String>> sent = Traffic.texts("f03", n);
    List<String> ids = Traffic.ids(sent);
    Traffic.sendInOrder(messaging.publisher(channel, String.class), sent);

    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().name("replay").startPosition(StartPosition.EARLIEST).build(),
        d -> log.record(d.message().id()));
    tck.await(
        "all " + n + " messages published before the subscription existed",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
  }

  @Test
  @Scenario(requires = Capability.PERSISTENT, counts = "receipted messages lost")
  @DisplayName(
      "F04 broker restarted twice under 10,000 messages from 10 publishers: no receipted loss")
  default void brokerRestartsLoseNothingReceipted() throws Exception {
    TckSupport tck = tck();
    BrokerFixture fixture = tck.fixture();
    tck.assume(
        fixture.canRestart(),
        "the " + fixture.bindingName() + " fixture cannot restart its broker");
    String channel = tck.name("f04");
    ChannelSpec spec = tck.queue(channel).build();
    Messaging consumer = tck.messaging(FAULT_CONFIG);
    consumer.declare(spec);
    DeliveryLog log = new DeliveryLog();
    consumer.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> log.record(d.message().id()));
    Messaging producer = tck.messaging(FAULT_CONFIG);
    producer.declare(spec);

    int publishers = 10;
    int total = tck.count(10_000);
    int each = Math.max(1, total / publishers);
    Set<String> receipted = ConcurrentHashMap.newKeySet();
    List<RetryingPublisher> apps = new ArrayList<>();
    List<CompletableFuture<Void>> running = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      List<Message<String>> mine = Traffic.texts("f04-p" + p, each);
      all.addAll(Traffic.ids(mine));
      RetryingPublisher app =
          new RetryingPublisher(producer.publisher(channel, String.class), mine, receipted);
      apps.add(app);
      running.add(app.start());
    }
    CompletableFuture<Void> done =
        CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]));
    try {
      for (int restart = 1; restart <= 2; restart++) {
        int target = all.size() * restart / 3;
        tck.await(
            target + " receipted sends before restart " + restart,
            tck.deadline(),
            () -> receipted.size() >= target || done.isDone(),
            () -> "receipted " + receipted.size());
        fixture.stopBroker();
        try {
          TckSupport.pause(OUTAGE);
        } finally {
          fixture.startBroker();
        }
      }
      done.get(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      apps.forEach(RetryingPublisher::stop);
    }
    assertThat(receipted)
        .as(
            "messages with a receipt after retrying failed sends (%d send attempts, %d failed)",
            apps.stream().mapToInt(RetryingPublisher::attempts).sum(),
            apps.stream().mapToInt(RetryingPublisher::failures).sum())
        .hasSize(all.size());
    List<String> expected = new ArrayList<>(receipted);
    tck.await(
        "every receipted message after two broker restarts",
        tck.deadline().plus(tck.deadline()),
        () -> log.containsAll(expected),
        () -> log.summary(expected));
    assertThat(log.lost(expected)).as(log.summary(expected)).isEmpty();
  }

  @Test
  @Scenario(counts = {"sends that hang during the outage", "sends failing after recovery"})
  @DisplayName(
      "F05 sends during an outage fail fast or are buffered; the circuit closes again after")
  default void outageFailsFastAndRecovers() throws Exception {
    TckSupport tck = tck();
    BrokerFixture fixture = tck.fixture();
    tck.assume(
        fixture.canRestart(),
        "the " + fixture.bindingName() + " fixture cannot restart its broker");
    String channel = tck.name("f05");
    ChannelSpec spec = tck.queue(channel).build();
    Messaging messaging = tck.messaging(FAULT_CONFIG);
    messaging.declare(spec);
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    Traffic.send(publisher, Message.of("f05-before"));

    Duration fast = FAULT_SEND_TIMEOUT.dividedBy(2);
    CompletableFuture<Receipt> buffered = null;
    Message<String> probe = Message.of("f05-probe");
    fixture.stopBroker();
    try {
      // Enough failing sends to open the circuit (minimum-calls 5, failure rate 50%).
      List<CompletableFuture<Receipt>> tripping = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tripping.add(publisher.send(Message.of("f05-outage-" + i)).toCompletableFuture());
      }
      for (CompletableFuture<Receipt> f : tripping) {
        try {
          Receipt r = f.get(FAULT_SEND_TIMEOUT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
          fail("a send got a receipt while the broker was down: " + r);
        } catch (ExecutionException expected) {
          // The outage makes sends fail; that is what opens the circuit.
        } catch (TimeoutException e) {
          fail(
              "a send during the outage neither failed nor succeeded within the send timeout "
                  + FAULT_SEND_TIMEOUT
                  + " plus 5 s");
        }
      }
      long start = System.nanoTime();
      CompletableFuture<Receipt> f = publisher.send(probe).toCompletableFuture();
      try {
        Receipt r = f.get(fast.toMillis(), TimeUnit.MILLISECONDS);
        fail("a send got a receipt while the broker was down: " + r);
      } catch (ExecutionException e) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.getCause())
            .as("the error of a send while the circuit is open (took %s)", took)
            .isInstanceOf(MessagingException.class);
      } catch (TimeoutException e) {
        // Not failed fast: then it must be buffered and complete once the broker is back.
        buffered = f;
      }
    } finally {
      fixture.startBroker();
    }
    if (buffered != null) {
      try {
        Receipt r = buffered.get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r.messageId()).as("receipt of the buffered send").isEqualTo(probe.id());
      } catch (ExecutionException e) {
        fail(
            "a send during the outage took longer than "
                + fast
                + " (half the send timeout "
                + FAULT_SEND_TIMEOUT
                + ") and then failed, so it neither failed fast nor was buffered: "
                + e.getCause(),
            e.getCause());
      }
    }

    Message<String> first = Message.of("f05-recovered");
    tck.await(
        "a send to succeed again after the broker returned",
        tck.deadline(),
        () -> {
          CompletableFuture<Receipt> attempt = publisher.send(first).toCompletableFuture();
          try {
            try {
              attempt.get(FAULT_SEND_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
              // Let it end before the next try: a send failing after a later one succeeded
              // counts against the circuit the sequential sends below go through.
              attempt.get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          } catch (ExecutionException | TimeoutException e) {
            return false;
          }
        },
        () -> "sends still failing");
    // Once one send got through, the circuit is closed: sends one after another all succeed.
    List<Message<String>> after = Traffic.texts("f05-after", 10);
    List<String> outcomes = new ArrayList<>();
    boolean anyFailed = false;
    for (int i = 0; i < after.size(); i++) {
      try {
        Traffic.send(publisher, after.get(i));
        outcomes.add(i + ": receipt");
      } catch (AssertionError e) {
        anyFailed = true;
        outcomes.add(i + ": " + (e.getCause() != null ? e.getCause() : e.getMessage()));
      }
    }
    assertThat(anyFailed)
        .as(
            "a failure among %d sequential sends after the broker returned and a send had"
                + " succeeded again; outcomes: %s",
            after.size(), outcomes)
        .isFalse();
    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(channel, String.class, d -> log.record(d.message().id()));
    List<String> ids = Traffic.ids(after);
    tck.await(
        "the messages sent after recovery",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));
  }
}
