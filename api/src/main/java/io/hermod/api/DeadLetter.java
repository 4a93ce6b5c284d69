package io.hermod.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message in a channel's dead-letter queue as {@link DeadLetters#browse} shows it: what failed,
 * where, how often and why. Immutable and thread-safe.
 *
 * @param id the message id, the same it had on its original channel
 * @param channel the channel it failed on ({@code hermod_dlq_channel})
 * @param subscription the subscription it failed in, or {@code null} for a queue's consumers
 * @param reason why it was dead-lettered: {@code exhausted}, {@code undecodable}, or {@code
 *     unknown} for a message without Hermod's failure headers
 * @param attempts the delivery attempts made before it was dead-lettered, 0 if unknown
 * @param errorClass the class of the last error, empty if unknown
 * @param errorMessage the message of the last error, empty if none
 * @param firstFailedAt when it was first dead-lettered (kept across redrives), or {@code null}
 * @param lastFailedAt when it was dead-lettered this time, or {@code null} for a message
 *     dead-lettered before Hermod recorded the time
 * @param redriveCount how often it was redriven already
 * @param payloadSize the payload's size in bytes
 * @param payloadPreview the start of the payload as text (at most {@value #PREVIEW_CHARS}
 *     characters, control characters shown as {@code ·})
 * @param headers every header of the dead letter, Hermod's failure headers included
 * @since 0.5
 */
public record DeadLetter(
    String id,
    String channel,
    @Nullable String subscription,
    String reason,
    int attempts,
    String errorClass,
    String errorMessage,
    @Nullable Instant firstFailedAt,
    @Nullable Instant lastFailedAt,
    int redriveCount,
    int payloadSize,
    String payloadPreview,
    Map<String, String> headers) {

  /** The most characters of a {@link #payloadPreview()}. */
  public static final int PREVIEW_CHARS = 120;

  /** Checks and copies the components. */
  public DeadLetter {
    if (id == null || channel == null || reason == null || errorClass == null) {
      throw new NullPointerException(
          "a dead letter needs an id, a channel, a reason and an error class (may be empty)");
    }
    errorMessage = errorMessage == null ? "" : errorMessage;
    payloadPreview = payloadPreview == null ? "" : payloadPreview;
    headers = Map.copyOf(headers);
  }
}
