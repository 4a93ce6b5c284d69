package io.hermod.spi.observation;

/**
 * What core did with a delivery whose processing failed.
 *
 * @since 0.3
 */
public enum AfterFailure {
  /** Returned to the broker (or retried in place) for another attempt. */
  REDELIVER,
  /** Attempts used up: sent to the channel's dead-letter channel. */
  DEAD_LETTER,
  /** Attempts used up and no dead-letter channel: acknowledged and dropped. */
  DROP,
  /** Attempts used up: the subscription stopped, the message stays on the broker. */
  STOP
}
