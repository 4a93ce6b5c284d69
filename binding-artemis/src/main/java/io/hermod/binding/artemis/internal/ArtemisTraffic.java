package io.hermod.binding.artemis.internal;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * What an Artemis channel costs, in core-protocol packets: counted by the binding as it makes them,
 * per channel, with the messages' encoded size (body, headers and properties, as the core message
 * is written to the wire) as bytes.
 *
 * <ul>
 *   <li><b>send</b>: one request per JMS send (an asynchronous send, confirmed in the producer's
 *       confirmation window: one packet each), also the copy a nack sends back to the queue.
 *   <li><b>receive</b>: no request. The broker pushes messages within the consumer's credit window
 *       (1 MiB by default) and a receive takes them from the client's buffer; the client returns
 *       credit in one small flow-control packet per half window consumed, which the binding does
 *       not see and does not count. The bytes delivered are counted.
 *   <li><b>settle</b>: one request per individual acknowledgement, and one more for the commit that
 *       makes a batch of them durable (the binding commits once per batch of settlements carried
 *       out together, see {@code ArtemisInbound#settleAll}). A release is no request.
 *   <li><b>other</b>: statistics, four management requests each.
 * </ul>
 *
 * <p>Per message this is one call of {@link BrokerTraffic#record}; with {@link BrokerTraffic#NONE}
 * nothing is called. Immutable and thread-safe.
 */
final class ArtemisTraffic {

  private final BrokerTraffic traffic;
  private final String channel;
  private final boolean counting;

  ArtemisTraffic(BrokerTraffic traffic, String channel) {
    this.traffic = traffic;
    this.channel = channel;
    this.counting = traffic != BrokerTraffic.NONE;
  }

  /** A JMS send of {@code message} was made. */
  void sent(jakarta.jms.Message message) {
    if (counting) {
      traffic.record(channel, BrokerOperation.SEND, 1, 1, size(message));
    }
  }

  /** {@code message} was taken from the consumer's buffer. */
  void received(jakarta.jms.Message message) {
    if (counting) {
      traffic.record(channel, BrokerOperation.RECEIVE, 0, 0, size(message));
    }
  }

  /** Acknowledgement packets were sent: one per message, plus one for a commit. */
  void settled(int requests) {
    if (counting) {
      traffic.record(channel, BrokerOperation.SETTLE, requests, requests, 0);
    }
  }

  private static long size(jakarta.jms.Message message) {
    return message instanceof ActiveMQMessage m
        ? Math.max(0, m.getCoreMessage().getEncodeSize())
        : 0;
  }
}
