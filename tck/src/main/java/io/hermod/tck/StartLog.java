package io.hermod.tck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Handler starts of every instance in one order, for counting per-key order violations across
 * instances (C12): a violation is a message of a key started after a later message of the same key
 * had started. Thread-safe.
 */
final class StartLog {

  private final List<String> keys = new ArrayList<>();
  private final List<Integer> seqs = new ArrayList<>();

  /**
   * Records that a handler started on message {@code seq} of {@code key}.
   *
   * @param key the message key
   * @param seq the message's position within its key, from 0
   */
  synchronized void started(String key, int seq) {
    keys.add(key);
    seqs.add(seq);
  }

  /**
   * Each start of a message after a later message of its key had started; a redelivery of the
   * latest started message is not one.
   *
   * @return e.g. {@code key-3 seq 22 after seq 61}, in the order they happened
   */
  synchronized List<String> violations() {
    Map<String, Integer> highest = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int seen = highest.getOrDefault(keys.get(i), -1);
      int seq = seqs.get(i);
      if (seq < seen) {
        out.add(keys.get(i) + " seq " + seq + " after seq " + seen);
      }
      highest.put(keys.get(i), Math.max(seen, seq));
    }
    return out;
  }
}
