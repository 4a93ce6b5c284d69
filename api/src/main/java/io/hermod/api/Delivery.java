package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * A message as a handler receives it, with where it came from and how often it was tried.
 *
 * @param <T> the payload type
 * @since 0.1
 */
public interface Delivery<T> {

  /**
   * The message.
   *
   * @return the decoded message, never {@code null}
   */
  Message<T> message();

  /**
   * The payload, a shortcut for {@code message().payload()}.
   *
   * @return the payload, never {@code null}
   */
  default T payload() {
    return message().payload();
  }

  /**
   * Which delivery attempt this is: {@code 1} the first time, then one more per redelivery.
   *
   * @return the attempt number, {@code >= 1}
   */
  int attempt();

  /**
   * The channel the message was consumed from.
   *
   * @return the channel name, never {@code null}
   */
  String channel();

  /**
   * The subscription it was consumed through, for topics.
   *
   * @return the subscription name, or {@code null} on a queue
   */
  @Nullable String subscription();
}
