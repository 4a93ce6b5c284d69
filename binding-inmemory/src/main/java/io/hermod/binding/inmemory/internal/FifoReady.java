package io.hermod.binding.inmemory.internal;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The ready messages of an unordered queue: plain first-in, first-out. Not thread-safe. */
final class FifoReady implements ReadyMessages {

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  @Override
  public void offer(Entry entry) {
    entries.addLast(entry);
  }

  @Override
  public void putBack(Entry entry) {
    entries.addFirst(entry);
  }

  @Override
  public @Nullable Entry poll() {
    return entries.pollFirst();
  }

  @Override
  public boolean release(Entry entry) {
    return false;
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public void forEach(Consumer<Entry> visitor) {
    entries.forEach(visitor);
  }

  @Override
  public int removeIf(Predicate<Entry> selected) {
    int before = entries.size();
    entries.removeIf(selected);
    return before - entries.size();
  }
}
