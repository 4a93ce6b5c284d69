package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hermod.api.ChannelFullException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Receipt;
import io.hermod.spi.observation.CircuitState;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.SendObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendGuardTest {

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private SendGuard guard(Duration sendTimeout, Duration waitInOpen) {
    CoreConfig config =
        new CoreConfig(
            "t", sendTimeout, Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 50, waitInOpen, 2);
    return new SendGuard("t", config, scheduler, null);
  }

  /** A send nobody observes. */
  private static List<CompletableFuture<Receipt>> send(
      SendGuard g, String channel, int size, Supplier<List<CompletableFuture<Receipt>>> send) {
    return g.send(channel, size, send, null);
  }

  private static List<CompletableFuture<Receipt>> ok() {
    return List.of(
        CompletableFuture.completedFuture(new Receipt("t", "c", "id", "", Instant.now())));
  }

  private static List<CompletableFuture<Receipt>> down() {
    return List.of(CompletableFuture.failedFuture(new ConnectionException("t", "c", "down", null)));
  }

  private static Throwable failureOf(CompletableFuture<Receipt> f) throws InterruptedException {
    try {
      f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("send never completed", e);
    }
  }

  private static void await(BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aSendTheBrokerNeverConfirmsTimesOut() throws Exception {
    SendGuard g = guard(Duration.ofMillis(50), Duration.ofSeconds(5));
    CompletableFuture<Receipt> never = new CompletableFuture<>();
    Throwable t = failureOf(send(g, "c", 1, () -> List.of(never)).get(0));
    assertThat(t)
        .isInstanceOf(MessagingTimeoutException.class)
        .hasMessage(
            "[binding=t channel=c] send not confirmed by the broker within 50ms"
                + " (hermod.send-timeout); check that the broker is reachable or raise"
                + " hermod.send-timeout");
  }

  @Test
  void aConfirmationAfterTheTimeoutIsIgnoredAndTheOthersOfTheBatchKeepTheirOutcome()
      throws Exception {
    SendGuard g = guard(Duration.ofMillis(50), Duration.ofSeconds(5));
    CompletableFuture<Receipt> late = new CompletableFuture<>();
    Receipt receipt = ok().get(0).join();
    List<CompletableFuture<Receipt>> out =
        send(g, "c", 2, () -> List.of(CompletableFuture.completedFuture(receipt), late));
    assertThat(failureOf(out.get(1))).isInstanceOf(MessagingTimeoutException.class);
    // The batch is reported once every entry has an outcome, so the confirmed one waited too.
    assertThat(out.get(0).get()).isSameAs(receipt);
    late.complete(receipt);
    assertThat(out.get(1)).isCompletedExceptionally();
  }

  @Test
  void aBatchTheBindingSettledBeforeReturningIsHandedBackAtOnce() {
    SendGuard g = guard(Duration.ofSeconds(5), Duration.ofSeconds(5));
    List<CompletableFuture<Receipt>> out =
        send(
            g,
            "c",
            2,
            () ->
                List.of(
                    ok().get(0),
                    CompletableFuture.failedFuture(new IllegalStateException("refused"))));
    assertThat(out.get(0)).isCompletedWithValueMatching(r -> r.messageId().equals("id"));
    assertThat(out.get(1)).isCompletedExceptionally();
    assertThatThrownBy(() -> out.get(1).join())
        .hasCauseInstanceOf(ConnectionException.class)
        .hasMessageContaining("send failed: java.lang.IllegalStateException: refused");
    assertThat(g.flush(Duration.ZERO)).isTrue();
  }

  @Test
  void repeatedFailuresOpenTheCircuitWhichClosesWhenTheBrokerIsBack() throws Exception {
    SendGuard g = guard(Duration.ofSeconds(5), Duration.ofMillis(200));
    failureOf(send(g, "c", 1, SendGuardTest::down).get(0));
    failureOf(send(g, "c", 1, SendGuardTest::down).get(0));
    await(() -> g.state() == CircuitBreaker.State.OPEN);
    Throwable fast =
        failureOf(
            send(
                    g,
                    "c",
                    1,
                    () -> {
                      throw new AssertionError("must not reach the binding while open");
                    })
                .get(0));
    assertThat(fast)
        .isInstanceOf(ConnectionException.class)
        .hasMessage(
            "[binding=t channel=c] circuit open after repeated send failures; retrying in 200ms"
                + " (hermod.circuit-breaker.wait-in-open); check that the broker is reachable");
    // Once the wait is over, probes go through and close the circuit again.
    await(
        () -> {
          CompletableFuture<Receipt> f = send(g, "c", 1, SendGuardTest::ok).get(0);
          return !f.isCompletedExceptionally() && g.state() == CircuitBreaker.State.CLOSED;
        });
    assertThat(send(g, "c", 1, SendGuardTest::ok).get(0).get()).isNotNull();
  }

  @Test
  void rejectionsByALiveBrokerDoNotOpenTheCircuit() throws Exception {
    SendGuard g = guard(Duration.ofSeconds(5), Duration.ofSeconds(5));
    for (int i = 0; i < 5; i++) {
      failureOf(
          send(
                  g,
                  "c",
                  1,
                  () ->
                      List.of(
                          CompletableFuture.failedFuture(
                              new ChannelFullException("t", "c", "full", null))))
              .get(0));
    }
    assertThat(g.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void flushWaitsForSendsInFlight() throws Exception {
    SendGuard g = guard(Duration.ofSeconds(5), Duration.ofSeconds(5));
    CompletableFuture<Receipt> slow = new CompletableFuture<>();
    CompletableFuture<Receipt> out = send(g, "c", 1, () -> List.of(slow)).get(0);
    scheduler.schedule(() -> slow.complete(ok().get(0).join()), 20, TimeUnit.MILLISECONDS);
    assertThat(g.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(out).isCompleted();
    assertThat(g.flush(Duration.ZERO)).isTrue();
  }

  @Test
  void aBindingThatThrowsFailsEveryEntry() throws Exception {
    SendGuard g = guard(Duration.ofSeconds(5), Duration.ofSeconds(5));
    List<CompletableFuture<Receipt>> out =
        send(
            g,
            "c",
            2,
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThat(out).hasSize(2);
    assertThat(failureOf(out.get(1)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("send failed: java.lang.IllegalStateException: boom");
    assertThatThrownBy(() -> out.get(0).join()).hasCauseInstanceOf(ConnectionException.class);
  }

  /** Records what one send's observation was told, and whether its caller had already seen it. */
  private static final class RecordedSend implements SendObservation {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile @Nullable CompletableFuture<Receipt> caller;

    @Override
    public void confirmed(Receipt receipt) {
      events.add("confirmed, caller done: " + isCallerDone());
    }

    @Override
    public void failed(Throwable error) {
      events.add(error.getClass().getSimpleName() + ", caller done: " + isCallerDone());
    }

    private boolean isCallerDone() {
      CompletableFuture<Receipt> f = caller;
      return f != null && f.isDone();
    }
  }

  @Test
  void eachObservedEntryIsToldItsOutcomeBeforeItsCaller() throws Exception {
    SendGuard g = guard(Duration.ofMillis(200), Duration.ofSeconds(5));
    RecordedSend settled = new RecordedSend();
    RecordedSend refused = new RecordedSend();
    List<CompletableFuture<Receipt>> now =
        g.send(
            "c",
            3,
            () ->
                List.of(
                    ok().get(0),
                    CompletableFuture.failedFuture(new IllegalStateException("refused")),
                    ok().get(0)),
            new SendObservation[] {settled, refused, null});
    assertThat(now).allMatch(CompletableFuture::isDone);
    // Settled before returning: told before the caller even holds its future.
    assertThat(settled.events).containsExactly("confirmed, caller done: false");
    assertThat(refused.events).containsExactly("ConnectionException, caller done: false");

    RecordedSend later = new RecordedSend();
    RecordedSend lost = new RecordedSend();
    CompletableFuture<Receipt> confirm = new CompletableFuture<>();
    List<CompletableFuture<Receipt>> pending =
        g.send(
            "c",
            2,
            () -> List.of(confirm, new CompletableFuture<>()),
            new SendObservation[] {later, lost});
    later.caller = pending.get(0);
    lost.caller = pending.get(1);
    confirm.complete(ok().get(0).join());
    assertThat(failureOf(pending.get(1))).isInstanceOf(MessagingTimeoutException.class);
    assertThat(later.events).containsExactly("confirmed, caller done: false");
    assertThat(lost.events).containsExactly("MessagingTimeoutException, caller done: false");
  }

  @Test
  void theObserverSeesEveryStateOfTheCircuitOnceAndInOrder() throws Exception {
    List<CircuitState> states = new CopyOnWriteArrayList<>();
    MessagingObserver observer =
        new MessagingObserver() {
          @Override
          public void circuitState(String binding, CircuitState state) {
            states.add(state);
          }
        };
    CoreConfig config =
        new CoreConfig(
            "t",
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            10,
            50,
            Duration.ofMillis(100),
            2);
    SendGuard g = new SendGuard("t", config, scheduler, observer);
    failureOf(send(g, "c", 1, SendGuardTest::down).get(0));
    failureOf(send(g, "c", 1, SendGuardTest::down).get(0));
    RecordedSend rejected = new RecordedSend();
    g.send("c", 1, SendGuardTest::ok, new SendObservation[] {rejected});
    assertThat(rejected.events).containsExactly("ConnectionException, caller done: false");
    // Once the wait is over, the first permitted send half-opens the circuit; two probes close it.
    await(
        () -> {
          send(g, "c", 1, SendGuardTest::ok);
          return g.state() == CircuitBreaker.State.CLOSED;
        });
    assertThat(states)
        .containsExactly(
            CircuitState.CLOSED, CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
  }
}
