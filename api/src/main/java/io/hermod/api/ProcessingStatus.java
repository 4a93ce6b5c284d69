package io.hermod.api;

/**
 * What became of a confirmed message in one subscription, as its {@link ProcessingReport} tells.
 *
 * @since 0.4
 */
public enum ProcessingStatus {
  /** The handler returned and the message was acknowledged. */
  PROCESSED,
  /** Its attempts ran out (or it could not be decoded) and it went to the dead-letter channel. */
  DEAD_LETTERED,
  /** Its attempts ran out on a channel without dead-letter channel, and it was dropped. */
  DROPPED,
  /** No confirmation arrived by the deadline: not processed yet, lost, or its consumer is down. */
  PENDING,
  /**
   * A confirmation arrived, but its signature is missing or does not verify against the public key
   * configured for its subscription: never counted as processed.
   */
  UNVERIFIED
}
