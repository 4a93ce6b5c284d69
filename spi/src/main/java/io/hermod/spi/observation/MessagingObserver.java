package io.hermod.spi.observation;

import io.hermod.api.ChannelStatistics;
import io.hermod.api.Message;
import java.util.function.Supplier;

/**
 * Receives what core does, for metrics and tracing. Installed with {@code
 * Hermod.builder().observer(...)}; several may be installed and each sees every event. Every method
 * has a default that does nothing, so an observer implements only what it records.
 *
 * <p>Methods are called on core's hot paths, from any thread: they must be quick, must not block
 * and must not throw (core logs and ignores what they throw, but a slow observer slows messaging).
 * Messages are passed as they are on the wire side of the codec: encoded payload, all headers.
 *
 * @since 0.3
 */
public interface MessagingObserver {

  /**
   * A message is about to be handed to the binding; called on the sender's thread, so a tracing
   * observer sees the sender's current context.
   *
   * @param endpoint the channel sent to
   * @param message the encoded message
   * @return the observation of this send, {@link SendObservation#NONE} if none; never {@code null}
   */
  default SendObservation sending(Endpoint endpoint, Message<byte[]> message) {
    return SendObservation.NONE;
  }

  /**
   * A delivery is handed to the application.
   *
   * @param endpoint the subscription
   * @param message the encoded message as delivered
   * @param attempt the delivery attempt, {@code 1} the first time
   * @return the observation of its processing, {@link ProcessObservation#NONE} if none; never
   *     {@code null}
   */
  default ProcessObservation processing(Endpoint endpoint, Message<byte[]> message, int attempt) {
    return ProcessObservation.NONE;
  }

  /**
   * An RPC request is about to be sent; called on the caller's thread.
   *
   * @param endpoint the request channel
   * @param request the request, before it is encoded (correlation id and reply-to set)
   * @return the observation of the request, {@link RequestObservation#NONE} if none; never {@code
   *     null}
   */
  default RequestObservation requesting(Endpoint endpoint, Message<?> request) {
    return RequestObservation.NONE;
  }

  /**
   * A delivery did not match the subscription's filter (filtered in the client) and was
   * acknowledged without reaching the application.
   *
   * @param endpoint the subscription
   * @param message the message
   */
  default void filtered(Endpoint endpoint, Message<byte[]> message) {}

  /**
   * A delivery had expired and was acknowledged without reaching the application.
   *
   * @param endpoint the subscription
   * @param message the message
   */
  default void expired(Endpoint endpoint, Message<byte[]> message) {}

  /**
   * A delivery on an exactly-once channel was a duplicate of a processed message and was
   * acknowledged without reaching the application.
   *
   * @param endpoint the subscription
   * @param message the message
   */
  default void deduplicated(Endpoint endpoint, Message<byte[]> message) {}

  /**
   * A message was put on its dead-letter channel (the dead-letter send was confirmed).
   *
   * @param endpoint the subscription it came from
   * @param message the message as it was delivered
   * @param reason why
   * @param attempts the attempts made
   * @param error the last error
   */
  default void deadLettered(
      Endpoint endpoint,
      Message<byte[]> message,
      DeadLetterReason reason,
      int attempts,
      Throwable error) {}

  /**
   * A subscription or receiver started consuming.
   *
   * @param endpoint the subscription
   * @param statistics what the broker tells about its queue; each call may ask the broker (core
   *     caches the answer for a second), so call it from a metrics poll, not per message
   */
  default void subscribed(Endpoint endpoint, Supplier<ChannelStatistics> statistics) {}

  /**
   * A subscription or receiver stopped consuming.
   *
   * @param endpoint the subscription, the instance given to {@link #subscribed}
   */
  default void unsubscribed(Endpoint endpoint) {}

  /**
   * The binding made requests to its broker for a channel.
   *
   * @param binding the binding's name
   * @param channel the channel's name
   * @param operation what the requests did
   * @param requests how many
   * @param billedRequests how many the broker's operator bills
   * @param bytes the message bytes they carried
   */
  default void brokerTraffic(
      String binding,
      String channel,
      BrokerOperation operation,
      int requests,
      int billedRequests,
      long bytes) {}

  /**
   * The circuit breaker in front of the binding's sends changed state; also called once at start
   * with the initial state.
   *
   * @param binding the binding's name
   * @param state the new state
   */
  default void circuitState(String binding, CircuitState state) {}

  /**
   * The {@code Messaging} closed: release what was registered for it.
   *
   * @param binding the binding's name
   */
  default void closed(String binding) {}
}
