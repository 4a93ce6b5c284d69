package io.hermod.binding.sqs.internal;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.support.BindingErrors;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Turns AWS SDK failures into Hermod exceptions that name the binding, the channel and the fix.
 * Stateless and thread-safe; the binding makes one and hands it to its endpoints.
 */
final class SqsErrors extends BindingErrors {

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

  SqsErrors() {
    super(SqsBindingProvider.NAME);
  }

  @Override
  protected MessagingException translateClientFailure(
      Throwable t, @Nullable String channel, String action) {
    String binding = binding();
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return new MessagingTimeoutException(
          binding,
          channel,
          action
              + " timed out: SQS did not answer in time; check that hermod.sqs.endpoint / the"
              + " region is reachable, or raise hermod.send-timeout",
          t);
    }
    if (t instanceof QueueDoesNotExistException) {
      return new MessagingException(
          binding,
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
            binding,
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
            binding,
            channel,
            action
                + " failed: access denied ("
                + code
                + "); grant the IAM permissions listed in the SQS binding's README",
            t);
      }
      return new MessagingException(
          binding, channel, action + " failed: SQS answered " + code + ": " + e.getMessage(), t);
    }
    if (t instanceof SdkClientException) {
      return new ConnectionException(
          binding,
          channel,
          action
              + " failed: cannot reach SQS ("
              + t.getMessage()
              + "); check hermod.sqs.endpoint / hermod.sqs.region and the network",
          t);
    }
    return new MessagingException(binding, channel, action + " failed: " + t, t);
  }
}
