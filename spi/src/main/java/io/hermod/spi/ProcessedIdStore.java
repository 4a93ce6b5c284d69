package io.hermod.spi;

import java.util.concurrent.CompletionStage;

/**
 * The memory of which messages a subscription has processed, shared by every instance of the
 * subscription and kept across their restarts and crashes: what makes {@link
 * io.hermod.api.DeliveryGuarantee#EXACTLY_ONCE} hold when a consumer leaves, joins or dies, not
 * only inside one process.
 *
 * <p>Core asks {@link #isProcessed} before it hands a delivery to the handler and calls {@link
 * #record} after the handler returned, settling the delivery only once the record is durable. A
 * message is therefore handled twice only if its consumer dies between the handler's return and the
 * record's completion; a store that records the id inside the handler's own transaction closes that
 * gap too.
 *
 * <p>Core keeps its own in-process memory in front of the store (ids being processed right now, and
 * ids processed recently by this instance), so a store only answers for what other instances, or an
 * earlier life of this one, processed. Ids are remembered for at least the channel's {@link
 * io.hermod.api.ChannelSpec#dedupWindow()}.
 *
 * <p>Thread-safe. Lifecycle: created by {@link Binding#processedIdStore} for one inbound endpoint,
 * closed by core after that endpoint.
 *
 * @since 0.2
 */
public interface ProcessedIdStore extends AutoCloseable {

  /**
   * Whether the message of a delivery was recorded as processed within the dedup window. Called on
   * one of core's workers (or a pull receiver's caller), never on a binding's delivery thread, so
   * it may wait for the broker, within the send timeout.
   *
   * @param delivery the delivery, as the binding handed it over
   * @return {@code true} if it was processed: core acks it without running the handler
   */
  boolean isProcessed(InboundDelivery delivery);

  /**
   * Records the message of a delivery as processed.
   *
   * @param delivery the delivery whose handler returned
   * @return completes once the record is durable (core then acks the delivery); completes
   *     exceptionally if it cannot be recorded (core calls this again with growing pauses, up to a
   *     second apart, until the send timeout has passed since the first call, so a record must be
   *     idempotent; then it acks anyway, since the handler ran, and logs the lost record at WARN)
   */
  CompletionStage<Void> record(InboundDelivery delivery);

  /** Releases what the store holds. Idempotent. */
  @Override
  void close();
}
