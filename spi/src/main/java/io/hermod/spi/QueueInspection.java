package io.hermod.spi;

import io.hermod.api.Message;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A session over one queue that reads its messages without consuming them and removes chosen ones:
 * what core's dead-letter tools ({@code Messaging.deadLetters}) are built on. Core does the
 * filtering, the redrive with receipt-before-remove, the counting and the headers; a binding only
 * shows what is there and deletes what it is told to.
 *
 * <p>A session may hold the messages it showed (SQS keeps them invisible, RabbitMQ unacknowledged)
 * until {@link #close()}, which must give back every message it did not remove. A crash of the
 * process must leave them in the queue too (a visibility timeout, a dropped connection).
 *
 * <p>Not thread-safe: one caller at a time. Lifecycle: opened by {@link Binding#inspect}, {@link
 * #browse} once, then {@link #remove} any number of times, then {@link #close()} once.
 *
 * @since 0.5
 */
public interface QueueInspection extends AutoCloseable {

  /**
   * Shows the messages in the queue now, in the broker's order, without consuming them. Stops when
   * the visitor returns {@code false} or the queue's end (as it was when browsing began) is
   * reached. Messages published while browsing may or may not be shown.
   *
   * @param visitor called for each message with its headers and payload; returns whether to go on
   */
  void browse(Predicate<Message<byte[]>> visitor);

  /**
   * Removes, of the messages {@link #browse} showed, those with these message ids (every copy of
   * each). Completes only once the removal is durable on the broker.
   *
   * @param ids the message ids
   * @return the ids removed (a message already gone is not among them), never {@code null}
   */
  Set<String> remove(Set<String> ids);

  /** Gives back every message shown and not removed. Idempotent. */
  @Override
  void close();
}
