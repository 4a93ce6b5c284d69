package io.hermod.binding.sqs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Collects settlement requests (deletes, visibility changes) and sends them in SQS batches of up to
 * 10, with a few calls in flight at once. Under load requests pile up while calls are in flight and
 * go out in full batches; when idle a request goes out at once, so there is no linger delay.
 * Thread-safe.
 *
 * @param <T> the request type
 */
final class Batcher<T> {

  static final int MAX_BATCH = 10;

  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
  private final Function<List<T>, CompletableFuture<?>> sender;
  private final int maxCalls;

  /**
   * Creates a batcher.
   *
   * @param sender sends one batch; its future completes when the call is done (failures are the
   *     sender's to log)
   * @param maxCalls the most calls in flight at once
   */
  Batcher(Function<List<T>, CompletableFuture<?>> sender, int maxCalls) {
    this.sender = sender;
    this.maxCalls = maxCalls;
  }

  /**
   * Queues a request and sends it as soon as a call slot is free.
   *
   * @param request the request
   */
  void add(T request) {
    queue.add(request);
    drain();
  }

  private void drain() {
    while (!queue.isEmpty()) {
      int c = calls.get();
      if (c >= maxCalls) {
        return;
      }
      if (!calls.compareAndSet(c, c + 1)) {
        continue;
      }
      List<T> batch = new ArrayList<>(MAX_BATCH);
      T next;
      while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
        batch.add(next);
      }
      if (batch.isEmpty()) {
        calls.decrementAndGet();
        continue;
      }
      CompletableFuture<?> f;
      try {
        f = sender.apply(batch);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      outstanding.add(f);
      CompletableFuture<?> sent = f;
      f.whenComplete(
          (r, e) -> {
            outstanding.remove(sent);
            calls.decrementAndGet();
            drain();
          });
    }
  }

  /**
   * A future that completes when everything queued so far has been sent (successfully or not).
   *
   * @return the future, never {@code null}
   */
  CompletableFuture<Void> flushed() {
    drain();
    if (queue.isEmpty() && outstanding.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<?>[] now = outstanding.toArray(CompletableFuture<?>[]::new);
    return CompletableFuture.allOf(now)
        .handle((r, e) -> null)
        .thenCompose(
            v ->
                queue.isEmpty() && outstanding.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : flushed());
  }
}
