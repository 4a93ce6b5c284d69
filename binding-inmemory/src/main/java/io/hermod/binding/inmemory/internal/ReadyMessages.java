package io.hermod.binding.inmemory.internal;

import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The messages of a queue that may be handed out now, in the order they should be. Guarded by the
 * owning {@link MessageQueue}'s lock; implementations are not thread-safe.
 */
interface ReadyMessages {

  /**
   * Adds a newly arrived (or newly visible) message at the back.
   *
   * @param entry the entry
   */
  void offer(Entry entry);

  /**
   * Puts back a message that was handed out and returned, ahead of the messages that came after it,
   * and frees its ordering key.
   *
   * @param entry the entry
   */
  void putBack(Entry entry);

  /**
   * Takes the next message that may be handed out, holding its ordering key until {@link #release}
   * or {@link #putBack}.
   *
   * @return the entry, or {@code null} if none may be handed out now
   */
  @Nullable Entry poll();

  /**
   * Frees the ordering key of a message that has left the queue (acked or dropped).
   *
   * @param entry the entry
   * @return whether a message became available by this
   */
  boolean release(Entry entry);

  /**
   * How many messages wait here.
   *
   * @return the count
   */
  int size();

  /**
   * Shows every waiting message, in no particular order.
   *
   * @param visitor called for each
   */
  void forEach(Consumer<Entry> visitor);

  /**
   * Removes the waiting messages a predicate selects.
   *
   * @param selected which
   * @return how many were removed
   */
  int removeIf(Predicate<Entry> selected);
}
