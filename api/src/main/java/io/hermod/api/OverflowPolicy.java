package io.hermod.api;

/**
 * What a bounded channel ({@link ChannelSpec#maxLength()}) does to a send when it is full.
 *
 * @since 0.1
 */
public enum OverflowPolicy {
  /** The send completes exceptionally with {@link ChannelFullException}; nothing is dropped. */
  REJECT,
  /** The send waits for room, up to the send timeout, then fails with a timeout. */
  BLOCK
}
