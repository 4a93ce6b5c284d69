package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.RetryExhaustion;
import io.hermod.api.StandardHeaders;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * D. Failure handling: poison messages, dead-lettering, malformed payloads, backoff, exhaustion.
 *
 * <p>Scenarios: D01-D05 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface FailureScenarios extends Scenarios {

  /** A window in which something must NOT happen (a further redelivery, a late delivery). */
  Duration QUIET = Duration.ofSeconds(1);

  @Test
  @Scenario(
      requires = Capability.DEAD_LETTER,
      counts = {"dead-lettered with the failure in headers", "redeliveries after"})
  @DisplayName("D01 a poison message is dead-lettered with the failure in headers, then left alone")
  default void poisonMessageIsDeadLettered() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("d01");
    Messaging messaging = tck.messaging();
    ChannelSpec spec =
        tck.queue(channel)
            .maxDeliveryAttempts(3)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(true)
            .build();
    messaging.declare(spec);
    DeadLetterProbe<String> dlq = DeadLetterProbe.open(messaging, spec, String.class);
    AttemptLog attempts = new AttemptLog();
    messaging.subscribe(
        channel,
        String.class,
        d -> {
          attempts.record(d.message().id(), d.attempt());
          throw new InjectedFailure("d01 poison attempt " + d.attempt());
        });
    Message<String> poison = Message.builder("d01-poison").header("tenant", "acme").build();
    Traffic.send(messaging.publisher(channel, String.class), poison);

    tck.await(
        "the poison message in " + spec.deadLetterChannel(),
        tck.deadline(),
        () -> dlq.size() > 0,
        () -> "handler attempts " + attempts.attempts(poison.id()));
    TckSupport.pause(QUIET);
    assertThat(attempts.count(poison.id()))
        .as("handler calls for the poison message (maxDeliveryAttempts 3), after a quiet window")
        .isEqualTo(3);
    assertThat(dlq.messages()).as("messages in %s", spec.deadLetterChannel()).hasSize(1);
    Message<String> dead = dlq.messages().get(0);
    assertThat(dead.payload()).as("dead letter payload").isEqualTo(poison.payload());
    assertThat(dead.header(StandardHeaders.DLQ_ORIGINAL_CHANNEL))
        .as("header %s", StandardHeaders.DLQ_ORIGINAL_CHANNEL)
        .isEqualTo(channel);
    assertThat(dead.header(StandardHeaders.DLQ_ATTEMPTS))
        .as("header %s", StandardHeaders.DLQ_ATTEMPTS)
        .isEqualTo("3");
    assertThat(dead.header(StandardHeaders.DLQ_ERROR_CLASS))
        .as("header %s", StandardHeaders.DLQ_ERROR_CLASS)
        .isEqualTo(InjectedFailure.class.getName());
    assertThat(dead.header(StandardHeaders.DLQ_ERROR_MESSAGE))
        .as("header %s", StandardHeaders.DLQ_ERROR_MESSAGE)
        .contains("d01 poison attempt 3");
    assertThat(dead.header(StandardHeaders.DLQ_REASON))
        .as("header %s", StandardHeaders.DLQ_REASON)
        .isEqualTo("exhausted");
  }

  @Test
  @Scenario(requires = Capability.DEAD_LETTER, counts = "unrelated messages lost or blocked")
  @DisplayName("D02 a poison message does not block unrelated traffic")
  default void poisonDoesNotBlock() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("d02");
    Messaging messaging = tck.messaging();
    // The poison's last attempt comes at least 2 x 1.5 s after its first: the other messages,
    // published right after its first attempt, must all be handled before that.
    ChannelSpec spec =
        tck.queue(channel)
            .maxDeliveryAttempts(3)
            .backoff(Backoff.fixed(Duration.ofMillis(1500)))
            .build();
    messaging.declare(spec);
    DeadLetterProbe<String> dlq = DeadLetterProbe.open(messaging, spec, String.class);
    int n = tck.count(100);
    List<Message<String>> good = Traffic.texts("d02", n);
    List<String> goodIds = Traffic.ids(good);
    Message<String> poison = Message.of("d02-poison");
    AttemptLog attempts = new AttemptLog();
    DeliveryLog processed = new DeliveryLog();
    List<Integer> goodDoneAtPoisonAttempt = new CopyOnWriteArrayList<>();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(1).build(),
        d -> {
          String id = d.message().id();
          attempts.record(id, d.attempt());
          if (id.equals(poison.id())) {
            goodDoneAtPoisonAttempt.add(processed.distinct());
            throw new InjectedFailure("d02 poison attempt " + d.attempt());
          }
          processed.record(id);
        });
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    Traffic.send(publisher, poison);
    tck.await("the poison message's first attempt", () -> attempts.count(poison.id()) > 0);
    Traffic.sendPipelined(publisher, good);

    tck.await(
        "all " + n + " unrelated messages",
        tck.deadline(),
        () -> processed.containsAll(goodIds),
        () -> processed.summary(goodIds));
    tck.await(
        "the poison message in " + spec.deadLetterChannel(),
        tck.deadline(),
        () -> dlq.size() > 0,
        () -> "poison attempts " + attempts.attempts(poison.id()));
    assertThat(processed.lost(goodIds)).as(processed.summary(goodIds)).isEmpty();
    assertThat(goodDoneAtPoisonAttempt)
        .as("unrelated messages already handled when the poison was tried (attempts 1, 2, 3)")
        .hasSize(3)
        .last()
        .isEqualTo(n);
  }

  @Test
  @Scenario(counts = {"malformed payloads reaching the handler", "lost"})
  @DisplayName(
      "D03 a malformed payload never reaches the handler, is dead-lettered, traffic goes on")
  default void malformedPayload() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("d03");
    Messaging messaging = tck.messaging();
    // Without DEAD_LETTER the message is rejected (logged and acked) instead of dead-lettered.
    boolean deadLetter = tck.supports(Capability.DEAD_LETTER);
    ChannelSpec spec =
        tck.queue(channel)
            .maxDeliveryAttempts(3)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(deadLetter)
            .build();
    messaging.declare(spec);
    DeadLetterProbe<byte[]> dlq =
        deadLetter ? DeadLetterProbe.open(messaging, spec, byte[].class) : null;
    List<OrderPayload> handled = new CopyOnWriteArrayList<>();
    messaging.subscribe(channel, OrderPayload.class, d -> handled.add(d.payload()));
    byte[] garbage = "\u0001 this is { not JSON".getBytes(StandardCharsets.UTF_8);
    Message<byte[]> malformed = Message.builder(garbage).build();
    Traffic.send(messaging.publisher(channel, byte[].class), malformed);
    OrderPayload valid = new OrderPayload("d03-valid", 7);
    Traffic.send(messaging.publisher(channel, OrderPayload.class), Message.of(valid));

    tck.await(
        "the valid message after the malformed one",
        tck.deadline(),
        () -> handled.contains(valid),
        () -> "handled " + handled);
    if (dlq != null) {
      tck.await("the malformed message in " + spec.deadLetterChannel(), () -> dlq.size() > 0);
    }
    TckSupport.pause(QUIET);
    assertThat(handled)
        .as("payloads the handler received (the malformed one must never reach it)")
        .containsExactly(valid);
    if (dlq != null) {
      assertThat(dlq.messages()).as("messages in %s", spec.deadLetterChannel()).hasSize(1);
      Message<byte[]> dead = dlq.messages().get(0);
      assertThat(dead.payload()).as("dead letter payload (the original bytes)").isEqualTo(garbage);
      assertThat(dead.header(StandardHeaders.DLQ_REASON))
          .as("header %s", StandardHeaders.DLQ_REASON)
          .isEqualTo("undecodable");
      assertThat(dead.header(StandardHeaders.DLQ_ERROR_CLASS))
          .as("header %s", StandardHeaders.DLQ_ERROR_CLASS)
          .containsIgnoringCase("serializ");
      assertThat(dead.header(StandardHeaders.DLQ_ORIGINAL_CHANNEL))
          .as("header %s", StandardHeaders.DLQ_ORIGINAL_CHANNEL)
          .isEqualTo(channel);
    }
  }

  @Test
  @Scenario(counts = "redelivery delays against the backoff")
  @DisplayName("D04 redelivery delays follow the configured backoff")
  default void backoffPolicy() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("d04");
    Messaging messaging = tck.messaging();
    Backoff backoff = Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2));
    messaging.declare(
        tck.queue(channel).maxDeliveryAttempts(4).backoff(backoff).deadLetter(false).build());
    AttemptLog attempts = new AttemptLog();
    messaging.subscribe(
        channel,
        String.class,
        d -> {
          attempts.record(d.message().id(), d.attempt());
          if (d.attempt() < 4) {
            throw new InjectedFailure("d04 attempt " + d.attempt());
          }
        });
    Message<String> m = Message.of("d04");
    Traffic.send(messaging.publisher(channel, String.class), m);

    tck.await(
        "four attempts",
        tck.deadline(),
        () -> attempts.count(m.id()) >= 4,
        () -> "attempts " + attempts.attempts(m.id()));
    List<AttemptLog.Call> calls = attempts.calls(m.id());
    assertThat(calls.stream().map(AttemptLog.Call::attempt).toList())
        .as("attempt numbers")
        .containsExactly(1, 2, 3, 4);
    Duration tolerance = Duration.ofMillis(50);
    Duration slack = Duration.ofSeconds(2);
    List<String> gaps = new ArrayList<>();
    for (int i = 1; i < calls.size(); i++) {
      gaps.add((calls.get(i).nanoTime() - calls.get(i - 1).nanoTime()) / 1_000_000 + " ms");
    }
    for (int i = 1; i < calls.size(); i++) {
      Duration expected =
          Duration.ofMillis(Math.round(200 * Math.pow(2.0, i - 1))); // 200, 400, 800 ms
      Duration gap = Duration.ofNanos(calls.get(i).nanoTime() - calls.get(i - 1).nanoTime());
      assertThat(gap)
          .as("gap before attempt %d (configured %s; all gaps %s)", i + 1, expected, gaps)
          .isGreaterThanOrEqualTo(expected.minus(tolerance))
          .isLessThanOrEqualTo(expected.plus(slack));
    }
  }

  @Test
  @Scenario(counts = "outcome against the declared exhaustion policy")
  @DisplayName("D05 retry exhaustion without a dead-letter channel drops or stops, as declared")
  default void exhaustionWithoutDeadLetter() throws Exception {
    TckSupport tck = tck();
    Messaging messaging = tck.messaging();

    // DROP: the message is given up after its attempts and later messages keep flowing.
    String dropChannel = tck.name("d05-drop");
    messaging.declare(
        tck.queue(dropChannel)
            .maxDeliveryAttempts(3)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(false)
            .onRetriesExhausted(RetryExhaustion.DROP)
            .build());
    Message<String> dropped = Message.of("d05-drop-poison");
    List<Message<String>> after = Traffic.texts("d05-after", 10);
    List<String> afterIds = Traffic.ids(after);
    AttemptLog dropAttempts = new AttemptLog();
    DeliveryLog afterLog = new DeliveryLog();
    Subscription dropSub =
        messaging.subscribe(
            dropChannel,
            String.class,
            d -> {
              dropAttempts.record(d.message().id(), d.attempt());
              if (d.message().id().equals(dropped.id())) {
                throw new InjectedFailure("d05 drop poison attempt " + d.attempt());
              }
              afterLog.record(d.message().id());
            });
    Publisher<String> dropPublisher = messaging.publisher(dropChannel, String.class);
    Traffic.send(dropPublisher, dropped);
    tck.await(
        "three attempts of the message to drop",
        tck.deadline(),
        () -> dropAttempts.count(dropped.id()) >= 3,
        () -> "attempts " + dropAttempts.attempts(dropped.id()));
    Traffic.sendPipelined(dropPublisher, after);
    tck.await(
        "the messages sent after the dropped one",
        tck.deadline(),
        () -> afterLog.containsAll(afterIds),
        () -> afterLog.summary(afterIds));
    TckSupport.pause(QUIET);
    assertThat(dropAttempts.count(dropped.id()))
        .as("handler calls for the dropped message (maxDeliveryAttempts 3) after a quiet window")
        .isEqualTo(3);
    assertThat(dropSub.isPaused()).as("DROP subscription paused").isFalse();

    // STOP: the subscription is paused and the message stays on the broker.
    String stopChannel = tck.name("d05-stop");
    ChannelSpec stopSpec =
        tck.queue(stopChannel)
            .maxDeliveryAttempts(2)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(false)
            .onRetriesExhausted(RetryExhaustion.STOP)
            .build();
    messaging.declare(stopSpec);
    Message<String> stopper = Message.of("d05-stop-poison");
    AttemptLog stopAttempts = new AttemptLog();
    Subscription stopSub =
        messaging.subscribe(
            stopChannel,
            String.class,
            d -> {
              stopAttempts.record(d.message().id(), d.attempt());
              throw new InjectedFailure("d05 stop poison attempt " + d.attempt());
            });
    Traffic.send(messaging.publisher(stopChannel, String.class), stopper);
    tck.await(
        "the STOP subscription to pause after 2 failed attempts",
        tck.deadline(),
        stopSub::isPaused,
        () -> "attempts " + stopAttempts.attempts(stopper.id()));
    TckSupport.pause(QUIET);
    assertThat(stopAttempts.count(stopper.id()))
        .as("handler calls before the STOP subscription paused (maxDeliveryAttempts 2)")
        .isEqualTo(2);
    assertThat(stopSub.isPaused()).as("STOP subscription still paused").isTrue();
    stopSub.close();
    // The message was kept: another application instance consumes it.
    Messaging other = tck.messaging();
    other.declare(stopSpec);
    DeliveryLog kept = new DeliveryLog();
    other.subscribe(stopChannel, String.class, d -> kept.record(d.message().id()));
    tck.await(
        "the stopped message, kept on the broker, delivered to a new subscriber",
        tck.deadline(),
        () -> kept.containsAll(List.of(stopper.id())),
        () -> kept.summary(List.of(stopper.id())));
  }
}
