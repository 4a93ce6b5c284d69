package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * A message cannot be sent as it is, for instance because it carries a header whose name is
 * reserved for the wire ({@link HeaderNames}); it never reached the broker.
 *
 * @since 0.2
 */
public class InvalidMessageException extends MessagingException {

  /**
   * Creates an exception.
   *
   * @param binding the binding name, or {@code null}
   * @param channel the channel name, or {@code null}
   * @param message what is wrong with the message and how to fix it
   */
  public InvalidMessageException(
      @Nullable String binding, @Nullable String channel, String message) {
    super(binding, channel, message, null);
  }
}
