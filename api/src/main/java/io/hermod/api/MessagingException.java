package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * The root of every error Hermod raises. Unchecked; carries the binding and channel involved so a
 * log line says where it happened; the cause is always kept.
 *
 * @since 0.1
 */
public class MessagingException extends RuntimeException {

  private final @Nullable String binding;
  private final @Nullable String channel;
  private final String detail;

  /**
   * Creates an exception.
   *
   * @param binding the binding name, or {@code null} if none is involved
   * @param channel the channel name, or {@code null} if none is involved
   * @param message what went wrong and how to fix it
   * @param cause the underlying error, or {@code null}
   */
  public MessagingException(
      @Nullable String binding,
      @Nullable String channel,
      String message,
      @Nullable Throwable cause) {
    super(prefix(binding, channel) + message, cause);
    this.binding = binding;
    this.channel = channel;
    this.detail = message;
  }

  private static String prefix(@Nullable String binding, @Nullable String channel) {
    if (binding == null && channel == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder("[");
    if (binding != null) {
      sb.append("binding=").append(binding);
    }
    if (channel != null) {
      if (binding != null) {
        sb.append(' ');
      }
      sb.append("channel=").append(channel);
    }
    return sb.append("] ").toString();
  }

  /**
   * The message without the {@code [binding=... channel=...]} prefix, for wrapping this error in
   * another one that adds its own prefix.
   *
   * @return what went wrong and how to fix it, never {@code null}
   * @since 0.2
   */
  public String detail() {
    return detail;
  }

  /**
   * The binding involved.
   *
   * @return the binding name, or {@code null}
   */
  public @Nullable String binding() {
    return binding;
  }

  /**
   * The channel involved.
   *
   * @return the channel name, or {@code null}
   */
  public @Nullable String channel() {
    return channel;
  }
}
