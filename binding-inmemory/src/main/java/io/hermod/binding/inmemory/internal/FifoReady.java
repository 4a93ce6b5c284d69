package io.hermod.binding.inmemory.internal;

import java.util.ArrayDeque;
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
}
