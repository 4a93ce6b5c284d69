package io.hermod.api;

/**
 * Whether a channel hands each message to one consumer or to every subscription.
 *
 * @since 0.1
 */
public enum ChannelKind {
  /**
   * Point-to-point: each message goes to exactly one consumer; several consumers compete for the
   * queue's messages.
   */
  QUEUE,
  /**
   * Publish/subscribe: every subscription receives its own copy of each message that matches its
   * filter; instances sharing a subscription name compete for that copy.
   */
  TOPIC
}
