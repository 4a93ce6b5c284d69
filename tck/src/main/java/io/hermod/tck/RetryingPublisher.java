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
import java.util.function.IntSupplier;

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
  private final Duration pace;
  private final IntSupplier allowed;
  private int taken;

  /**
   * Prepares a publisher application.
   *
   * @param publisher where to send
   * @param messages what to send, in order
   * @param receipted where to add the id of every message that got a receipt (shared)
   */
  RetryingPublisher(
      Publisher<String> publisher, List<Message<String>> messages, Set<String> receipted) {
    this(publisher, messages, receipted, Duration.ZERO, messages::size);
  }

  /**
   * Prepares a paced publisher application that sends in phases: it pauses {@code pace} after each
   * first send of a message, and takes a new message only while it has taken fewer than {@code
   * allowed} says (retries of messages already taken always go on).
   *
   * @param publisher where to send
   * @param messages what to send, in order
   * @param receipted where to add the id of every message that got a receipt (shared)
   * @param pace the pause after each first send
   * @param allowed how many of its messages the publisher may have taken so far
   */
  RetryingPublisher(
      Publisher<String> publisher,
      List<Message<String>> messages,
      Set<String> receipted,
      Duration pace,
      IntSupplier allowed) {
    this.publisher = publisher;
    this.fresh = new ArrayDeque<>(messages);
    this.receipted = receipted;
    this.total = messages.size();
    this.pace = pace;
    this.allowed = allowed;
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
      boolean first = false;
      if (m != null) {
        LockSupport.parkNanos(RETRY_PACING.toNanos());
      } else if (taken < allowed.getAsInt()) {
        m = fresh.poll();
        first = m != null;
        if (first) {
          taken++;
        }
      }
      if (m == null) {
        // Everything is in flight, or the phase allows no more; look again shortly.
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
      if (first && !pace.isZero()) {
        LockSupport.parkNanos(pace.toNanos());
      }
    }
  }
}
