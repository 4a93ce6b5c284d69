package io.hermod.binding.kafka.internal;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Translates kafka-clients errors into Hermod's exceptions, each naming the binding, the channel
 * and the fix. Stateless and thread-safe.
 */
final class KafkaErrors {

  private final String binding;
  private final String servers;

  KafkaErrors(String binding, String servers) {
    this.binding = binding;
    this.servers = servers;
  }

  /**
   * The Hermod exception for a failed operation.
   *
   * @param channel the channel, or {@code null}
   * @param what what was being done, e.g. {@code "send"}
   * @param error the kafka-clients error (possibly wrapped)
   * @return the exception to throw or complete with
   */
  MessagingException translate(@Nullable String channel, String what, Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof MessagingException me) {
      return me;
    }
    if (e instanceof org.apache.kafka.common.errors.AuthenticationException) {
      return new AuthenticationException(
          binding,
          channel,
          what
              + " failed: the Kafka broker at "
              + servers
              + " refused the credentials ("
              + e.getClass().getSimpleName()
              + "); check hermod.kafka.username, hermod.kafka.password and"
              + " hermod.kafka.auth.mechanism",
          e);
    }
    if (e instanceof AuthorizationException) {
      return new AuthenticationException(
          binding,
          channel,
          what + " failed: not authorized (" + e.getMessage() + "); grant the user the ACLs needed",
          e);
    }
    if (e instanceof RecordTooLargeException) {
      return new MessageTooLargeException(
          binding,
          channel,
          what
              + " failed: the record is larger than the broker or producer accepts ("
              + e.getMessage()
              + "); keep payloads within hermod.kafka.max-payload-bytes",
          e);
    }
    if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
      return new MessagingTimeoutException(
          binding,
          channel,
          what
              + " timed out: the Kafka broker at "
              + servers
              + " did not answer in time; check that it is running and reachable and that"
              + " hermod.kafka.bootstrap-servers is right",
          e);
    }
    return new ConnectionException(
        binding,
        channel,
        what + " failed against the Kafka broker at " + servers + ": " + e,
        e);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
