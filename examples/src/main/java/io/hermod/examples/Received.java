package io.hermod.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a listener has received, in arrival order, with a way to wait for more: listeners run on
 * Hermod's threads while the application (or a test) reads on its own. Thread-safe.
 *
 * @param <T> what is received
 */
final class Received<T> {

  private final List<T> items = new ArrayList<>();

  synchronized void add(T item) {
    items.add(item);
    notifyAll();
  }

  synchronized List<T> snapshot() {
    return List.copyOf(items);
  }

  /** Waits until at least {@code count} items arrived; {@code false} if the timeout passed. */
  synchronized boolean await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (items.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
