package io.hermod.spi.observation;

/**
 * Why a message went to its dead-letter channel.
 *
 * @since 0.3
 */
public enum DeadLetterReason {
  /** Its delivery attempts were used up. */
  EXHAUSTED,
  /** Its payload could not be decoded. */
  UNDECODABLE;

  /**
   * The reason as meters and headers spell it.
   *
   * @return {@code exhausted} or {@code undecodable}
   */
  public String tag() {
    return this == EXHAUSTED ? "exhausted" : "undecodable";
  }
}
