package io.hermod.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The idempotent-receiver store of one subscription: the ids of messages processed within the
 * deduplication window, at most {@code maxIds} of them (the oldest are forgotten first), plus the
 * ids being processed right now. Thread-safe.
 */
public final class DedupStore {

  private final int maxIds;
  private final Duration window;
  private final Clock clock;

  /** Insertion order is processing order, so the eldest entries expire first. */
  private final LinkedHashMap<String, Instant> processed = new LinkedHashMap<>();

  private final Set<String> inFlight = new HashSet<>();

  /**
   * Creates a store.
   *
   * @param maxIds the most ids remembered, {@code >= 1}
   * @param window how long an id is remembered
   * @param clock the time source
   */
  public DedupStore(int maxIds, Duration window, Clock clock) {
    if (maxIds < 1) {
      throw new IllegalArgumentException("maxIds must be >= 1, was " + maxIds);
    }
    this.maxIds = maxIds;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Claims an id for processing.
   *
   * @param id the message id
   * @return {@code true} if the caller should process it; {@code false} if it was processed within
   *     the window or is being processed now (a duplicate)
   */
  public synchronized boolean tryClaim(String id) {
    expire();
    return !processed.containsKey(id) && inFlight.add(id);
  }

  /**
   * Gives up a claim after a failure, so a redelivery is processed.
   *
   * @param id the message id
   */
  public synchronized void release(String id) {
    inFlight.remove(id);
  }

  /**
   * Records an id as processed (and ends its claim).
   *
   * @param id the message id
   */
  public synchronized void markProcessed(String id) {
    inFlight.remove(id);
    // Re-inserted so that insertion order stays processing order (an id claimed again after
    // its window expired); the claim keeps it out of the map in every other case.
    if (processed.put(id, clock.instant()) != null) {
      processed.remove(id);
      processed.put(id, clock.instant());
    }
    while (processed.size() > maxIds) {
      Iterator<String> it = processed.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * Whether an id was processed within the window.
   *
   * @param id the message id
   * @return {@code true} if it was
   */
  public synchronized boolean isProcessed(String id) {
    expire();
    return processed.containsKey(id);
  }

  /**
   * How many processed ids are remembered.
   *
   * @return the count
   */
  public synchronized int size() {
    expire();
    return processed.size();
  }

  private void expire() {
    Instant oldest = clock.instant().minus(window);
    Iterator<Map.Entry<String, Instant>> it = processed.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isAfter(oldest)) {
        return;
      }
      it.remove();
    }
  }
}
