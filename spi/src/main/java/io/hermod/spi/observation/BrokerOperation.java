package io.hermod.spi.observation;

import java.util.Locale;

/**
 * A kind of request a binding makes to its broker, for cost metering.
 *
 * @since 0.3
 */
public enum BrokerOperation {
  /** Putting messages on the broker: a produce request, a JMS send, an SQS SendMessageBatch. */
  SEND,
  /** Asking for messages: a fetch, an SQS ReceiveMessage (also an empty one). */
  RECEIVE,
  /**
   * Settling messages: an ack, an offset commit, an SQS DeleteMessageBatch or visibility change.
   */
  SETTLE,
  /** Anything else the binding asks per channel: statistics, provisioning. */
  OTHER;

  /**
   * The operation as meters spell it.
   *
   * @return e.g. {@code send}
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
