package io.hermod.cli.internal;

import io.hermod.api.Delivery;
import io.hermod.api.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo's consumers received, in arrival order, with a wait for "n have arrived" bounded by
 * a deadline. Thread-safe: handlers add from Hermod's worker threads while the demo waits.
 */
final class Inbox {

  /**
   * One delivery, labelled with the consumer that took it.
   *
   * @param consumer the consumer's name in the narration
   * @param delivery the delivery
   */
  record Entry(String consumer, Delivery<String> delivery) {}

  private final List<Entry> entries = new ArrayList<>();

  /**
   * Records a delivery.
   *
   * @param consumer who took it
   * @param delivery what it took
   */
  synchronized void add(String consumer, Delivery<String> delivery) {
    entries.add(new Entry(consumer, delivery));
    notifyAll();
  }

  /**
   * Waits until at least {@code n} deliveries arrived or {@code timeout} passed.
   *
   * @param n how many
   * @param timeout the longest wait
   * @return whether {@code n} arrived
   * @throws InterruptedException if interrupted while waiting
   */
  synchronized boolean await(int n, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (entries.size() < n) {
      long left = Duration.between(Instant.now(), deadline).toMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /**
   * The messages one consumer received, in arrival order.
   *
   * @param consumer the consumer's name
   * @return the messages, never {@code null}
   */
  synchronized List<Message<String>> messages(String consumer) {
    List<Message<String>> p = new ArrayList<>();
    for (Entry e : entries) {
      if (e.consumer().equals(consumer)) {
        p.add(e.delivery().message());
      }
    }
    return p;
  }

  /**
   * Every delivery so far, in arrival order.
   *
   * @return a snapshot, never {@code null}
   */
  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * How many deliveries arrived so far.
   *
   * @return the count
   */
  synchronized int size() {
    return entries.size();
  }
}
