package io.hermod.binding.kafka.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import java.util.function.Consumer;

/**
 * What the binding gives every inbound endpoint, whether it consumes in a classic consumer group
 * ({@link KafkaInbound}) or a share group ({@link ShareGroupInbound}). Immutable.
 *
 * @param channel the channel consumed
 * @param group the consumer group (or share group) id
 * @param clientId the consumer's client id, also the name of its poll thread
 * @param prefetch the most unsettled deliveries, at least 1
 * @param handler where deliveries go
 * @param onClosed told once when the endpoint has stopped
 * @param traffic where its fetches and commits are counted
 */
record InboundEndpoint(
    ChannelSpec channel,
    String group,
    String clientId,
    int prefetch,
    InboundHandler handler,
    Consumer<Inbound> onClosed,
    KafkaTraffic traffic) {

  /** The topic consumed, the channel's name. */
  String topic() {
    return channel.name();
  }
}
