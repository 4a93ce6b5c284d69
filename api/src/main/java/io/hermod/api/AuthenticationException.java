package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * The broker refused the credentials, or TLS could not be established.
 *
 * @since 0.1
 */
public class AuthenticationException extends ConnectionException {

  /**
   * Creates an exception.
   *
   * @param binding the binding name, or {@code null}
   * @param channel the channel name, or {@code null}
   * @param message what went wrong and how to fix it
   * @param cause the underlying error, or {@code null}
   */
  public AuthenticationException(
      @Nullable String binding,
      @Nullable String channel,
      String message,
      @Nullable Throwable cause) {
    super(binding, channel, message, cause);
  }
}
