package io.hermod.binding.rabbitmq.internal;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;

/**
 * What a RabbitMQ channel costs, in AMQP methods the binding sends or receives for it, counted as
 * they are made, with the message bodies as bytes.
 *
 * <ul>
 *   <li><b>send</b>: one request per {@code basic.publish} (the broker's confirm, which may cover
 *       several, is not counted), bytes = the body.
 *   <li><b>receive</b>: no request. The broker pushes {@code basic.deliver} within the consumer's
 *       prefetch; the bytes delivered are counted.
 *   <li><b>settle</b>: one request per {@code basic.ack}, {@code basic.nack} or {@code
 *       basic.reject}. A delivery left unsettled by a closing consumer is no request (the channel's
 *       close returns it).
 *   <li><b>other</b>: statistics, one passive {@code queue.declare} per queue asked about.
 * </ul>
 *
 * Not counted: declarations when provisioning, the processed-id store's records and markers
 * (counted by the store's own channel name), heartbeats. With {@link BrokerTraffic#NONE} nothing is
 * called. Immutable and thread-safe.
 */
final class RabbitMqTraffic {

  private final BrokerTraffic traffic;
  private final String channel;
  private final boolean counting;

  RabbitMqTraffic(BrokerTraffic traffic, String channel) {
    this.traffic = traffic;
    this.channel = channel;
    this.counting = traffic != BrokerTraffic.NONE;
  }

  /** A {@code basic.publish} of {@code bytes} was written. */
  void sent(int bytes) {
    if (counting) {
      traffic.record(channel, BrokerOperation.SEND, 1, 1, bytes);
    }
  }

  /** A {@code basic.deliver} of {@code bytes} arrived. */
  void received(int bytes) {
    if (counting) {
      traffic.record(channel, BrokerOperation.RECEIVE, 0, 0, bytes);
    }
  }

  /** A settlement method was sent. */
  void settled() {
    if (counting) {
      traffic.record(channel, BrokerOperation.SETTLE, 1, 1, 0);
    }
  }

  /** Other requests were made, e.g. passive declarations. */
  void other(int requests) {
    if (counting) {
      traffic.record(channel, BrokerOperation.OTHER, requests, requests, 0);
    }
  }
}
