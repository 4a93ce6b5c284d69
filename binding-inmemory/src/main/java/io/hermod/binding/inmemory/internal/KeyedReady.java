package io.hermod.binding.inmemory.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The ready messages of an ordered queue, with message-group semantics: messages of one key come
 * out in order and, while one of them is handed out and not settled, no other message of that key
 * comes out at all, to any consumer. Keyless messages flow freely. Not thread-safe.
 */
final class KeyedReady implements ReadyMessages {

  /** The waiting messages of one key; {@code held} while one of its messages is out. */
  private static final class KeyQueue {
    final String key;
    final ArrayDeque<Entry> waiting = new ArrayDeque<>(4);
    boolean held;

    KeyQueue(String key) {
      this.key = key;
    }
  }

  /** Keys with waiting messages or a message out; empty, free keys are removed. */
  private final Map<String, KeyQueue> keys = new HashMap<>();

  /** Keys that are free and have waiting messages: exactly those, each once. */
  private final ArrayDeque<KeyQueue> runnable = new ArrayDeque<>();

  private final ArrayDeque<Entry> keyless = new ArrayDeque<>();
  private int size;

  @Override
  public void offer(Entry entry) {
    size++;
    String key = entry.orderingKey;
    if (key == null) {
      keyless.addLast(entry);
      return;
    }
    KeyQueue q = keys.computeIfAbsent(key, KeyQueue::new);
    q.waiting.addLast(entry);
    if (!q.held && q.waiting.size() == 1) {
      runnable.addLast(q);
    }
  }

  @Override
  public void putBack(Entry entry) {
    size++;
    String key = entry.orderingKey;
    if (key == null) {
      keyless.addFirst(entry);
      return;
    }
    KeyQueue q = keys.computeIfAbsent(key, KeyQueue::new);
    q.waiting.addFirst(entry);
    boolean wasRunnable = !q.held && q.waiting.size() > 1;
    q.held = false;
    if (!wasRunnable) {
      runnable.addFirst(q);
    }
  }

  @Override
  public @Nullable Entry poll() {
    Entry free = keyless.peekFirst();
    KeyQueue q = runnable.peekFirst();
    if (q == null && free == null) {
      return null;
    }
    // Between keyless messages and the next free key, the earlier arrival goes first.
    if (q == null || (free != null && free.sequence < q.waiting.getFirst().sequence)) {
      size--;
      return keyless.pollFirst();
    }
    runnable.pollFirst();
    q.held = true;
    size--;
    return q.waiting.pollFirst();
  }

  @Override
  public boolean release(Entry entry) {
    String key = entry.orderingKey;
    if (key == null) {
      return false;
    }
    KeyQueue q = keys.get(key);
    if (q == null || !q.held) {
      return false;
    }
    q.held = false;
    if (q.waiting.isEmpty()) {
      keys.remove(key);
      return false;
    }
    runnable.addLast(q);
    return true;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void forEach(Consumer<Entry> visitor) {
    keyless.forEach(visitor);
    for (KeyQueue q : keys.values()) {
      q.waiting.forEach(visitor);
    }
  }

  @Override
  public int removeIf(Predicate<Entry> selected) {
    int before = size;
    int keylessBefore = keyless.size();
    keyless.removeIf(selected);
    size -= keylessBefore - keyless.size();
    for (Iterator<KeyQueue> it = keys.values().iterator(); it.hasNext(); ) {
      KeyQueue q = it.next();
      int waitingBefore = q.waiting.size();
      q.waiting.removeIf(selected);
      size -= waitingBefore - q.waiting.size();
      if (q.waiting.isEmpty() && waitingBefore > 0) {
        // A free key with nothing waiting is neither runnable nor kept.
        runnable.remove(q);
        if (!q.held) {
          it.remove();
        }
      }
    }
    return before - size;
  }
}
