package io.hermod.tck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every delivery a scenario observes, so the kit can count exactly: what was lost, what was
 * duplicated, who got what. Thread-safe.
 *
 * @since 0.1
 */
public final class DeliveryLog {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byConsumer = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

  /**
   * Records that {@code consumer} processed message {@code id}.
   *
   * @param consumer a label for the consumer
   * @param id the message id
   */
  public void record(String consumer, String id) {
    counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    byConsumer.computeIfAbsent(consumer, k -> ConcurrentHashMap.newKeySet()).add(id);
    order.add(id);
  }

  /**
   * Records a delivery to an anonymous consumer.
   *
   * @param id the message id
   */
  public void record(String id) {
    record("-", id);
  }

  /**
   * How many distinct ids were seen.
   *
   * @return the count
   */
  public int distinct() {
    return counts.size();
  }

  /**
   * How many deliveries were seen in all.
   *
   * @return the count
   */
  public int total() {
    return order.size();
  }

  /**
   * The expected ids never seen.
   *
   * @param expected the ids that were sent
   * @return the lost ids, in the order given
   */
  public List<String> lost(Collection<String> expected) {
    List<String> lost = new ArrayList<>();
    for (String id : expected) {
      if (!counts.containsKey(id)) {
        lost.add(id);
      }
    }
    return lost;
  }

  /**
   * The ids seen more than once.
   *
   * @return the duplicated ids
   */
  public Set<String> duplicates() {
    Set<String> d = new LinkedHashSet<>();
    counts.forEach(
        (id, c) -> {
          if (c.get() > 1) {
            d.add(id);
          }
        });
    return d;
  }

  /**
   * Whether every expected id was seen.
   *
   * @param expected the ids that were sent
   * @return {@code true} when none is lost
   */
  public boolean containsAll(Collection<String> expected) {
    for (String id : expected) {
      if (!counts.containsKey(id)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The ids each consumer processed.
   *
   * @return consumer label to ids, a live view
   */
  public Map<String, Set<String>> byConsumer() {
    return byConsumer;
  }

  /**
   * Every id in the order recorded.
   *
   * @return a copy, never {@code null}
   */
  public List<String> inOrder() {
    return new ArrayList<>(order);
  }

  /**
   * A one-line summary for failure messages.
   *
   * @param expected the ids that were sent
   * @return e.g. "received 98 distinct of 100, lost 2 (first: [..]), duplicates 0"
   */
  public String summary(Collection<String> expected) {
    List<String> lost = lost(expected);
    return "received "
        + distinct()
        + " distinct of "
        + expected.size()
        + ", lost "
        + lost.size()
        + (lost.isEmpty() ? "" : " (first: " + lost.subList(0, Math.min(5, lost.size())) + ")")
        + ", duplicates "
        + duplicates().size();
  }
}
