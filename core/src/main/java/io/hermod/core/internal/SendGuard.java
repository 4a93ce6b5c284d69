package io.hermod.core.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.hermod.api.ChannelFullException;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Receipt;
import io.hermod.api.SerializationException;
import io.hermod.api.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Guards every send of one {@code Messaging}: bounds each receipt by the send timeout and runs
 * the sends through one Resilience4j circuit breaker, so that while the broker is down sends fail
 * fast instead of each waiting for its timeout; after {@code wait-in-open} the breaker lets a few
 * sends probe and closes again once they succeed. Thread-safe.
 */
final class SendGuard {

  private final String binding;
  private final Duration sendTimeout;
  private final Duration waitInOpen;
  private final ScheduledExecutorService scheduler;
  private final CircuitBreaker breaker;
  /** Sends not yet confirmed or failed, so that close can flush them. */
  private final Set<CompletableFuture<Receipt>> inFlight = ConcurrentHashMap.newKeySet();

  SendGuard(String binding, CoreConfig config, ScheduledExecutorService scheduler) {
    this.binding = binding;
    this.sendTimeout = config.sendTimeout();
    this.waitInOpen = config.waitInOpen();
    this.scheduler = scheduler;
    CircuitBreakerConfig cbc =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(config.failureRateThreshold())
            .minimumNumberOfCalls(config.minimumCalls())
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(Math.max(config.minimumCalls(), 100))
            .waitDurationInOpenState(config.waitInOpen())
            .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(10, config.minimumCalls())))
            .build();
    this.breaker = CircuitBreaker.of("hermod-" + binding + "-send", cbc);
  }

  /**
   * Sends a batch through the breaker with the timeout applied to every entry.
   *
   * @param channel the channel, for errors
   * @param size the number of entries
   * @param send performs the send
   * @return one future per entry, never {@code null}
   */
  List<CompletableFuture<Receipt>> send(
      String channel, int size, Supplier<List<CompletableFuture<Receipt>>> send) {
    if (!breaker.tryAcquirePermission()) {
      ConnectionException open =
          new ConnectionException(
              binding,
              channel,
              "circuit open after repeated send failures; retrying in "
                  + Durations.format(waitInOpen)
                  + " (hermod.circuit-breaker.wait-in-open); check that the broker is reachable",
              null);
      return failedAll(size, open);
    }
    long start = System.nanoTime();
    List<CompletableFuture<Receipt>> raw;
    try {
      raw = send.get();
      if (raw.size() != size) {
        throw new IllegalStateException(
            "binding returned " + raw.size() + " results for " + size + " messages");
      }
    } catch (RuntimeException e) {
      raw = failedAll(size, normalize(channel, e));
    }
    List<CompletableFuture<Receipt>> settled = new ArrayList<>(size);
    List<CompletableFuture<Receipt>> out = new ArrayList<>(size);
    for (CompletableFuture<Receipt> f : raw) {
      settled.add(bounded(channel, f));
      out.add(new CompletableFuture<>());
    }
    // The caller sees each outcome only after the breaker has recorded it: a caller that sends
    // one message after another's receipt must never find the half-open breaker still counting
    // the previous call as in flight and be rejected with "circuit open".
    CompletableFuture.allOf(settled.toArray(new CompletableFuture<?>[0]))
        .whenComplete(
            (v, t) -> {
              try {
                record(settled, System.nanoTime() - start);
              } finally {
                complete(settled, out);
              }
            });
    return out;
  }

  /** Hands each settled outcome to the caller's future of the same entry. */
  private static void complete(
      List<CompletableFuture<Receipt>> settled, List<CompletableFuture<Receipt>> out) {
    for (int i = 0; i < out.size(); i++) {
      CompletableFuture<Receipt> target = out.get(i);
      settled
          .get(i)
          .whenComplete(
              (r, e) -> {
                if (e == null) {
                  target.complete(r);
                } else {
                  target.completeExceptionally(unwrap(e));
                }
              });
    }
  }

  /** The breaker's current state, for logs and tests. */
  CircuitBreaker.State state() {
    return breaker.getState();
  }

  private void record(List<CompletableFuture<Receipt>> results, long nanos) {
    Throwable failure = null;
    for (CompletableFuture<Receipt> f : results) {
      Throwable t = f.handle((r, e) -> e).join();
      if (t != null && countsAsBrokerFailure(unwrap(t))) {
        failure = unwrap(t);
        break;
      }
    }
    if (failure == null) {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    } else {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
    }
  }

  /** Rejections by a live broker (full, too large, misconfigured) say nothing about its health. */
  private static boolean countsAsBrokerFailure(Throwable t) {
    return !(t instanceof ChannelFullException
        || t instanceof MessageTooLargeException
        || t instanceof SerializationException
        || t instanceof ConfigurationException
        || t instanceof UnsupportedCapabilityException);
  }

  /**
   * Waits until every send made so far is confirmed or failed; each is bounded by the send
   * timeout, so this returns within about that long.
   *
   * @param slack how long to wait beyond the send timeout
   * @return {@code true} if nothing is left in flight
   */
  boolean flush(Duration slack) {
    CompletableFuture<?>[] pending = inFlight.toArray(new CompletableFuture<?>[0]);
    if (pending.length == 0) {
      return true;
    }
    try {
      CompletableFuture.allOf(pending)
          .handle((v, t) -> null)
          .get(sendTimeout.plus(slack).toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private CompletableFuture<Receipt> bounded(String channel, CompletableFuture<Receipt> f) {
    CompletableFuture<Receipt> out = new CompletableFuture<>();
    inFlight.add(out);
    out.whenComplete((r, e) -> inFlight.remove(out));
    ScheduledFuture<?> timer = null;
    if (!f.isDone()) {
      try {
        timer =
            scheduler.schedule(
                () ->
                    out.completeExceptionally(
                        new MessagingTimeoutException(
                            binding,
                            channel,
                            "send not confirmed by the broker within "
                                + Durations.format(sendTimeout)
                                + " (hermod.send-timeout); check that the broker is reachable or"
                                + " raise hermod.send-timeout",
                            null)),
                sendTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Messaging is closing: the binding's own failure completes the future.
      }
    }
    ScheduledFuture<?> t = timer;
    f.whenComplete(
        (r, e) -> {
          if (t != null) {
            t.cancel(false);
          }
          if (e == null) {
            out.complete(r);
          } else {
            out.completeExceptionally(normalize(channel, e));
          }
        });
    return out;
  }

  MessagingException normalize(String channel, Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof MessagingException me) {
      return me;
    }
    return new ConnectionException(
        binding, channel, "send failed: " + e.getClass().getName() + ": " + e.getMessage(), e);
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static List<CompletableFuture<Receipt>> failedAll(int size, Throwable error) {
    List<CompletableFuture<Receipt>> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(CompletableFuture.failedFuture(error));
    }
    return out;
  }
}
