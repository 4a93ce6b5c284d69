package io.hermod.api;

import java.time.Duration;
import java.util.Optional;

/**
 * The one facade application code talks to: declare channels, then publish, subscribe, receive and
 * make requests on them.
 *
 * <p>Obtain one from {@code io.hermod.core.Hermod.fromConfig()} or {@code
 * Hermod.builder()...build()}. Thread-safe. Closing it closes every publisher, subscription,
 * receiver and requester it made and releases every thread and connection.
 *
 * <h2>The six patterns</h2>
 *
 * <ul>
 *   <li><b>point-to-point</b>: a {@link ChannelKind#QUEUE queue} with one consumer;
 *   <li><b>competing consumers</b>: a queue with several consumers (or one with {@code concurrency
 *       > 1}); each message goes to one of them;
 *   <li><b>publish/subscribe</b>: a {@link ChannelKind#TOPIC topic}; each subscription name gets
 *       every message;
 *   <li><b>routed pub/sub</b>: a topic subscription with {@link Filter#routingKey(String)} set to
 *       an exact key;
 *   <li><b>topic wildcards</b>: a topic subscription with a pattern such as {@code
 *       orders.*.created} or {@code logs.#};
 *   <li><b>RPC</b>: {@link #requester} and {@link #respond} on a queue, matched by correlation id,
 *       with a timeout.
 * </ul>
 *
 * @since 0.1
 */
public interface Messaging extends AutoCloseable {

  /**
   * Declares a channel (idempotent for an equal spec), creating it on the broker if needed.
   *
   * @param spec the declaration
   * @return this facade, for chaining
   * @throws UnsupportedCapabilityException if the binding cannot keep what the spec asks
   * @throws ConfigurationException if the channel exists with a different declaration
   */
  Messaging declare(ChannelSpec spec);

  /**
   * The declaration of a channel.
   *
   * @param name the channel name
   * @return the declaration, or empty if the channel is not declared
   */
  Optional<ChannelSpec> channel(String name);

  /**
   * A publisher for a declared channel.
   *
   * @param channel the channel name
   * @param payloadType the payload type (selects the codec)
   * @param <T> the payload type
   * @return a publisher, never {@code null}
   * @throws ConfigurationException if the channel is not declared
   */
  <T> Publisher<T> publisher(String channel, Class<T> payloadType);

  /**
   * Starts a push subscription.
   *
   * @param channel the channel name
   * @param payloadType the payload type
   * @param options name, filter, concurrency, prefetch
   * @param handler the handler
   * @param <T> the payload type
   * @return the running subscription, never {@code null}
   */
  <T> Subscription subscribe(
      String channel, Class<T> payloadType, SubscriptionOptions options, MessageHandler<T> handler);

  /**
   * Starts a push subscription with default options.
   *
   * @param channel the channel name
   * @param payloadType the payload type
   * @param handler the handler
   * @param <T> the payload type
   * @return the running subscription, never {@code null}
   */
  default <T> Subscription subscribe(
      String channel, Class<T> payloadType, MessageHandler<T> handler) {
    return subscribe(channel, payloadType, SubscriptionOptions.defaults(), handler);
  }

  /**
   * Opens a pull receiver.
   *
   * @param channel the channel name
   * @param payloadType the payload type
   * @param options name, filter, prefetch
   * @param <T> the payload type
   * @return the receiver, never {@code null}
   */
  <T> Receiver<T> receiver(String channel, Class<T> payloadType, SubscriptionOptions options);

  /**
   * A requester for an RPC queue.
   *
   * @param channel the request queue
   * @param requestType the request type
   * @param replyType the reply type
   * @param timeout how long to wait for each reply
   * @param <Q> the request type
   * @param <R> the reply type
   * @return the requester, never {@code null}
   */
  <Q, R> Requester<Q, R> requester(
      String channel, Class<Q> requestType, Class<R> replyType, Duration timeout);

  /**
   * Answers requests on an RPC queue.
   *
   * @param channel the request queue
   * @param requestType the request type
   * @param replyType the reply type
   * @param options consumption options (concurrency, prefetch)
   * @param handler computes each reply
   * @param <Q> the request type
   * @param <R> the reply type
   * @return the running responder, never {@code null}
   */
  <Q, R> Subscription respond(
      String channel,
      Class<Q> requestType,
      Class<R> replyType,
      SubscriptionOptions options,
      RequestHandler<Q, R> handler);

  /**
   * Starts a subscription for each {@link MessageListener} method of {@code bean}.
   *
   * @param bean any object with {@link MessageListener} methods
   * @return the handle that closes those subscriptions, never {@code null}
   * @throws ConfigurationException naming the class, the method and the fix for every misused
   *     annotation (unknown channel, wrong parameter types, two payload parameters, ...), before
   *     any subscription starts
   */
  default Registration register(Object bean) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support annotations; use io.hermod.core.Hermod");
  }

  /**
   * A proxy of a client interface whose methods send ({@link Publishes}) or make requests ({@link
   * Request}).
   *
   * @param type an interface
   * @param <T> the interface
   * @return the proxy, thread-safe, never {@code null}
   * @throws ConfigurationException naming the interface, the method and the fix for every misused
   *     annotation, or if {@code type} is not an interface
   */
  default <T> T client(Class<T> type) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support annotations; use io.hermod.core.Hermod");
  }

  /**
   * The dead-letter queue of a declared channel, to browse, redrive and purge.
   *
   * @param channel a declared channel (with or without a dead-letter channel declared)
   * @return its dead letters, never {@code null}
   * @throws ConfigurationException if the channel is not declared
   * @since 0.5
   */
  default DeadLetters deadLetters(String channel) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support dead-letter tools; use io.hermod.core.Hermod");
  }

  /**
   * Sets the listener of every processing confirmation arriving on this facade's confirmation
   * channel, including those of messages sent before a restart when {@code hermod.confirm.channel}
   * names a durable channel. Set it before sending; a later call replaces it.
   *
   * @param listener the listener
   * @since 0.4
   */
  default void confirmations(ConfirmationListener listener) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support confirmations; use io.hermod.core.Hermod");
  }

  /**
   * The selected binding's name.
   *
   * @return e.g. {@code kafka}, never {@code null}
   */
  String bindingName();

  /**
   * What the selected binding can do.
   *
   * @return the capabilities, never {@code null}
   */
  Capabilities capabilities();

  /**
   * What the broker tells now about the queue a subscription consumes: its backlog, in-flight
   * messages and counters, each unknown where the broker cannot tell (never a made-up zero). Asks
   * the broker, so call it from a poll, not per message.
   *
   * @param channel a declared channel
   * @param subscription the subscription (for a queue, the competing consumers' name)
   * @return the statistics, never {@code null}
   * @throws ConfigurationException if the channel is not declared
   * @throws MessagingException if the broker cannot answer
   * @since 0.3
   */
  ChannelStatistics statistics(String channel, String subscription);

  /**
   * Whether the broker is reachable now.
   *
   * @return the health, never {@code null}
   */
  Health health();

  /** Closes everything this facade made. Idempotent. */
  @Override
  void close();
}
