package io.hermod.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entry of one expected subscription in a {@link ProcessingReport}.
 *
 * @param subscription the expected subscription ({@link Confirm#ANY_CONSUMER} on a queue)
 * @param status what became of the message there
 * @param confirmation the confirmation that decided the status (the latest of a redelivered
 *     message), or {@code null} while {@link ProcessingStatus#PENDING}
 * @param confirmations how many confirmations arrived for this entry: more than one after a
 *     redelivery or a resend, merged into this one entry, never counted twice
 * @param problem why it is {@link ProcessingStatus#UNVERIFIED}, else {@code null}
 * @since 0.4
 */
public record ProcessingOutcome(
    String subscription,
    ProcessingStatus status,
    @Nullable Confirmation confirmation,
    int confirmations,
    @Nullable String problem) {

  /** Checks the fields. */
  public ProcessingOutcome {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(status, "status");
  }

  /**
   * A pending entry.
   *
   * @param subscription the expected subscription
   * @return the entry
   */
  public static ProcessingOutcome pending(String subscription) {
    return new ProcessingOutcome(subscription, ProcessingStatus.PENDING, null, 0, null);
  }

  /**
   * When the consumer settled the message.
   *
   * @return the time, or {@code null} while pending
   */
  public @Nullable Instant at() {
    return confirmation == null ? null : confirmation.at();
  }

  /**
   * Which consumer instance settled it.
   *
   * @return the instance, or {@code null} while pending
   */
  public @Nullable String instance() {
    return confirmation == null ? null : confirmation.instance();
  }

  /**
   * The delivery attempt that settled it.
   *
   * @return the attempt, {@code 0} while pending
   */
  public int attempts() {
    return confirmation == null ? 0 : confirmation.attempts();
  }

  /**
   * Why it was dead-lettered or dropped.
   *
   * @return e.g. {@code exhausted}, or {@code null}
   */
  public @Nullable String reason() {
    return confirmation == null ? null : confirmation.reason();
  }

  /**
   * The class of the last error of a dead-lettered or dropped message.
   *
   * @return the class name, or {@code null}
   */
  public @Nullable String errorClass() {
    return confirmation == null ? null : confirmation.errorClass();
  }
}
