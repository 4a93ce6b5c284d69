package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * A payload could not be encoded to, or decoded from, bytes.
 *
 * @since 0.1
 */
public class SerializationException extends MessagingException {

  /**
   * Creates an exception.
   *
   * @param binding the binding name, or {@code null}
   * @param channel the channel name, or {@code null}
   * @param message what went wrong and how to fix it
   * @param cause the underlying error, or {@code null}
   */
  public SerializationException(
      @Nullable String binding,
      @Nullable String channel,
      String message,
      @Nullable Throwable cause) {
    super(binding, channel, message, cause);
  }
}
