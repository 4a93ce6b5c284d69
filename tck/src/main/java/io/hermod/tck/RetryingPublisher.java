package io.hermod.tck;

import io.hermod.api.Message;
import io.hermod.api.Publisher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A publisher application that keeps sending through broker outages: up to {@link #WINDOW} sends in
 * flight, and every send that fails is sent again (same message, same id) until the broker gives it
 * a receipt. Records which ids got a receipt. Runs on a thread of its own; thread-safe.
 */
final class RetryingPublisher {

  /** Sends in flight per publisher. */
  static final int WINDOW = 32;

  /** Pause before resending a failed message, so an open circuit is not hammered. */
  static final Duration RETRY_PACING = Duration.ofMillis(50);

  private final Publisher<String> publisher;
  private final Deque<Message<String>> fresh;
  private final ConcurrentLinkedQueue<Message<String>> retries = new ConcurrentLinkedQueue<>();
  private final Set<String> receipted;
  private final int total;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();

  /**
   * Prepares a publisher application.
   *
   * @param publisher where to send
   * @param messages what to send, in order
   * @param receipted where to add the id of every message that got a receipt (shared)
   */
  RetryingPublisher(
      Publisher<String> publisher, List<Message<String>> messages, Set<String> receipted) {
    this.publisher = publisher;
    this.fresh = new ArrayDeque<>(messages);
    this.receipted = receipted;
    this.total = messages.size();
  }

  /**
   * Starts sending on a thread of its own.
   *
   * @return completes when every message got a receipt, or after {@link #stop()}
   */
  CompletableFuture<Void> start() {
    return CompletableFuture.runAsync(this::run);
  }

  /** Makes the sending thread give up. */
  void stop() {
    stop.set(true);
  }

  /** How many sends were made, retries included. */
  int attempts() {
    return attempts.get();
  }

  /** How many sends failed (and were retried). */
  int failures() {
    return failures.get();
  }

  private void run() {
    Semaphore window = new Semaphore(WINDOW);
    while (!stop.get() && done.get() < total) {
      Message<String> m = retries.poll();
      if (m != null) {
        LockSupport.parkNanos(RETRY_PACING.toNanos());
      } else {
        m = fresh.poll();
      }
      if (m == null) {
        // Everything is in flight; look again shortly.
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        continue;
      }
      try {
        if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
          retries.add(m);
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Message<String> sending = m;
      attempts.incrementAndGet();
      try {
        publisher
            .send(sending)
            .whenComplete(
                (r, e) -> {
                  window.release();
                  if (e == null) {
                    receipted.add(sending.id());
                    done.incrementAndGet();
                  } else {
                    // The send may still have reached the broker: at-least-once allows the
                    // resend to show up as a duplicate, never as a loss.
                    failures.incrementAndGet();
                    retries.add(sending);
                  }
                });
      } catch (RuntimeException e) {
        window.release();
        failures.incrementAndGet();
        retries.add(sending);
      }
    }
  }
}
