package io.hermod.api;

/**
 * Where a new subscription starts reading.
 *
 * @since 0.1
 */
public enum StartPosition {
  /** Only messages published after the subscription was created (the default). */
  LATEST,
  /** From the earliest message the broker still retains ({@link Capability#REPLAY} only). */
  EARLIEST
}
