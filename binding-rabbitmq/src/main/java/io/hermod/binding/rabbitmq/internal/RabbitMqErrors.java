package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.hermod.api.AuthenticationException;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.support.BindingErrors;
import io.hermod.spi.support.TlsSettings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * AMQP client failures as Hermod exceptions naming the binding, the channel, what was done and the
 * fix. Stateless and thread-safe.
 */
final class RabbitMqErrors extends BindingErrors {

  /** AMQP reply code of a refused declaration: the queue exists with other arguments. */
  static final int PRECONDITION_FAILED = 406;

  /** AMQP reply code of a missing queue or exchange. */
  static final int NOT_FOUND = 404;

  /** AMQP reply code of a refused permission. */
  static final int ACCESS_REFUSED = 403;

  RabbitMqErrors() {
    super(RabbitMqBindingProvider.NAME);
  }

  @Override
  protected MessagingException translateClientFailure(
      Throwable cause, @Nullable String channel, String action) {
    String b = binding();
    if (cause instanceof AuthenticationFailureException
        || cause instanceof PossibleAuthenticationFailureException) {
      return new AuthenticationException(
          b,
          channel,
          action
              + ": the broker refused the credentials; check "
              + RabbitMqSettings.fullKey(RabbitMqSettings.USERNAME)
              + " and "
              + RabbitMqSettings.fullKey(RabbitMqSettings.PASSWORD),
          cause);
    }
    ShutdownSignalException signal = signal(cause);
    if (signal != null && !signal.isHardError()) {
      int code = replyCode(signal);
      String text = replyText(signal);
      if (code == PRECONDITION_FAILED) {
        return new ConfigurationException(
            b,
            channel,
            action + " failed",
            List.of(
                "the broker refused it: "
                    + text
                    + "; the queue or exchange exists with other settings (queue type, length limit,"
                    + " delivery limit): delete it, or declare the channel as it was"));
      }
      if (code == ACCESS_REFUSED) {
        return new AuthenticationException(
            b,
            channel,
            action + ": " + text + "; grant the user configure, write and read permissions",
            cause);
      }
      if (code == NOT_FOUND) {
        return new MessagingException(
            b, channel, action + ": " + text + "; provision the channel before using it", cause);
      }
    }
    if (cause instanceof TimeoutException) {
      return new MessagingTimeoutException(b, channel, action + " timed out", cause);
    }
    if (cause instanceof SSLException) {
      return new ConnectionException(
          b,
          channel,
          action
              + ": TLS failed ("
              + rootCause(cause)
              + "); check "
              + RabbitMqSettings.fullKey(TlsSettings.TRUST_STORE)
              + " and that the port speaks TLS",
          cause);
    }
    if (cause instanceof IOException
        || cause instanceof AlreadyClosedException
        || cause instanceof ShutdownSignalException) {
      return new ConnectionException(
          b,
          channel,
          action
              + ": "
              + rootCause(cause)
              + "; check "
              + RabbitMqSettings.fullKey(RabbitMqSettings.URI_KEY)
              + " (or "
              + RabbitMqSettings.fullKey(RabbitMqSettings.ADDRESSES)
              + ") and that the broker is running",
          cause);
    }
    return new MessagingException(b, channel, action + ": " + rootCause(cause), cause);
  }

  /** The shutdown signal behind a failure, if it is one. */
  static @Nullable ShutdownSignalException signal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ShutdownSignalException s) {
        return s;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  static int replyCode(ShutdownSignalException s) {
    return s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close
        ? close.getReplyCode()
        : s.getReason() instanceof com.rabbitmq.client.AMQP.Connection.Close c
            ? c.getReplyCode()
            : 0;
  }

  static String replyText(ShutdownSignalException s) {
    return s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close
        ? close.getReplyText()
        : String.valueOf(s.getMessage());
  }
}
