package io.hermod.spi.support;

import io.hermod.api.Message;
import io.hermod.api.StandardHeaders;

/**
 * The id a binding gives the broker's own duplicate detection (Artemis {@code _AMQ_DUPL_ID}, SQS
 * {@code MessageDeduplicationId}, the in-memory dedup window) for a message. It is the message id,
 * except for a message redriven from its dead-letter queue: that one keeps its id (so consumers and
 * processed-id stores see the same message) but must not be dropped as a duplicate of its own
 * first, failed, send; its dedup id adds the redrive count ({@code <id>~redrive-<n>}). A redrive
 * repeated after a crash sends the same count again and so is still deduplicated.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.5
 */
public final class DedupIds {

  private DedupIds() {}

  /**
   * The broker-side deduplication id of a message.
   *
   * @param message the message being sent
   * @return the id, never {@code null}
   */
  public static String of(Message<?> message) {
    String redrives = message.header(StandardHeaders.REDRIVE_COUNT);
    return redrives == null ? message.id() : message.id() + "~redrive-" + redrives;
  }
}
