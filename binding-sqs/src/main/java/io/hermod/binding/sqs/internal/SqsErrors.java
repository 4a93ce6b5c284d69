package io.hermod.binding.sqs.internal;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Turns AWS SDK failures into Hermod exceptions that name the binding, the channel and the fix.
 * Stateless and thread-safe.
 */
final class SqsErrors {

  static final String BINDING = "sqs";

  private static final Set<String> AUTH_CODES =
      Set.of(
          "InvalidClientTokenId",
          "UnrecognizedClientException",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "ExpiredToken",
          "InvalidSecurity",
          "MissingAuthenticationToken",
          "AuthFailure");

  private static final Set<String> DENIED_CODES =
      Set.of("AccessDenied", "AccessDeniedException", "KMS.AccessDeniedException");

  private SqsErrors() {}

  /**
   * Unwraps the futures' wrappers.
   *
   * @param t a failure
   * @return its cause where {@code t} is only a wrapper
   */
  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * The Hermod exception for an SDK failure.
   *
   * @param failure the failure, possibly wrapped
   * @param channel the channel involved, or {@code null}
   * @param action what was being done, e.g. {@code "send"}
   * @return the exception, never {@code null}
   */
  static MessagingException translate(Throwable failure, @Nullable String channel, String action) {
    Throwable t = unwrap(failure);
    if (t instanceof MessagingException m) {
      return m;
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return new MessagingTimeoutException(
          BINDING,
          channel,
          action
              + " timed out: SQS did not answer in time; check that hermod.sqs.endpoint / the"
              + " region is reachable, or raise hermod.send-timeout",
          t);
    }
    if (t instanceof QueueDoesNotExistException) {
      return new MessagingException(
          BINDING,
          channel,
          action
              + " failed: the SQS queue does not exist; declare the channel (or its"
              + " subscription) first so Hermod provisions it, or create the queue",
          t);
    }
    if (t instanceof AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (code != null && AUTH_CODES.contains(code)) {
        return new AuthenticationException(
            BINDING,
            channel,
            action
                + " failed: SQS refused the credentials ("
                + code
                + "); check hermod.sqs.access-key-id / secret-access-key or the default AWS"
                + " credential chain",
            t);
      }
      if ((code != null && DENIED_CODES.contains(code)) || e.statusCode() == 403) {
        return new AuthenticationException(
            BINDING,
            channel,
            action
                + " failed: access denied ("
                + code
                + "); grant the IAM permissions listed in the SQS binding's README",
            t);
      }
      return new MessagingException(
          BINDING, channel, action + " failed: SQS answered " + code + ": " + e.getMessage(), t);
    }
    if (t instanceof SdkClientException) {
      return new ConnectionException(
          BINDING,
          channel,
          action
              + " failed: cannot reach SQS ("
              + t.getMessage()
              + "); check hermod.sqs.endpoint / hermod.sqs.region and the network",
          t);
    }
    return new MessagingException(BINDING, channel, action + " failed: " + t, t);
  }
}
