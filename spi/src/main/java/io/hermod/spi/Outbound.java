package io.hermod.spi;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends to one channel. Thread-safe.
 *
 * @since 0.1
 */
public interface Outbound extends AutoCloseable {

  /**
   * Sends a batch. Each future completes with a {@link Receipt} only once the broker accepted that
   * entry (publisher confirm), or exceptionally with a {@link io.hermod.api.MessagingException}
   * subtype. Must never block for long and never hang: a dead broker fails the futures (core also
   * applies the send timeout). Binding limits on batch size are the binding's to handle by
   * splitting.
   *
   * <p>Core has already encoded the payloads, filled in expiry from the channel's TTL and checked
   * the payload size against the declared maximum. On exactly-once channels the message id is the
   * dedup id.
   *
   * @param batch the messages, at least one
   * @return one future per entry, in order, never {@code null}
   */
  List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch);

  /** Releases resources of this endpoint. The default does nothing. */
  @Override
  default void close() {}
}
