package io.hermod.binding.inmemory.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message ids a channel accepted within its dedup window, with the sequence each got. Not
 * thread-safe: guarded by the channel's publish lock.
 *
 * <p>Memory is bounded twice: by the window (ids are forgotten as they age out) and by a hard cap,
 * so a window of minutes at a million messages a second cannot exhaust the heap; past the cap the
 * oldest ids are forgotten first.
 */
final class DedupWindow {

  static final int MAX_IDS = 1_000_000;

  private record Seen(long sequence, long expiresAtNanos) {}

  private final long windowNanos;
  private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

  DedupWindow(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /**
   * The sequence of an id accepted within the window.
   *
   * @param id the message id
   * @param nowNanos {@link System#nanoTime()}
   * @return the sequence, or {@code -1} if the id is new
   */
  long lookup(String id, long nowNanos) {
    evict(nowNanos);
    Seen s = seen.get(id);
    return s == null ? -1L : s.sequence();
  }

  /**
   * Remembers an accepted id.
   *
   * @param id the message id
   * @param sequence the sequence it was given
   * @param nowNanos {@link System#nanoTime()}
   */
  void record(String id, long sequence, long nowNanos) {
    seen.put(id, new Seen(sequence, nowNanos + windowNanos));
  }

  private void evict(long nowNanos) {
    // Insertion order is expiry order: every id gets the same window.
    Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator();
    int excess = seen.size() - MAX_IDS;
    while (it.hasNext()) {
      Seen s = it.next().getValue();
      if (excess > 0 || s.expiresAtNanos() - nowNanos <= 0L) {
        it.remove();
        excess--;
      } else {
        break;
      }
    }
  }
}
