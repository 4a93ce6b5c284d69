package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * A payload is larger than the binding's declared maximum; it never reached the broker.
 *
 * @since 0.1
 */
public class MessageTooLargeException extends MessagingException {

  /**
   * Creates an exception.
   *
   * @param binding the binding name, or {@code null}
   * @param channel the channel name, or {@code null}
   * @param message what went wrong and how to fix it
   * @param cause the underlying error, or {@code null}
   */
  public MessageTooLargeException(
      @Nullable String binding,
      @Nullable String channel,
      String message,
      @Nullable Throwable cause) {
    super(binding, channel, message, cause);
  }
}
