package io.hermod.spi.observation;

import io.hermod.api.ChannelSpec;
import org.jspecify.annotations.Nullable;

/**
 * Where an observed event happened: one channel of one binding, and for consuming, the
 * subscription. Core makes one per channel it sends to and one per running subscription or
 * receiver, and passes the same instance with every event of it, so an observer may cache what it
 * derives (meters, attribute sets) per endpoint.
 *
 * @param binding the binding's name, e.g. {@code kafka}
 * @param system the messaging system as OpenTelemetry's semantic conventions name it ({@code
 *     messaging.system}), e.g. {@code kafka}, {@code activemq}, {@code aws_sqs}
 * @param channel the channel's declaration
 * @param subscription the subscription (consumer group) name when consuming, {@code null} when
 *     sending
 * @since 0.3
 */
public record Endpoint(
    String binding, String system, ChannelSpec channel, @Nullable String subscription) {

  /**
   * The channel's name.
   *
   * @return the name, never {@code null}
   */
  public String channelName() {
    return channel.name();
  }
}
