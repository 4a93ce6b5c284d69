package io.hermod.binding.sqs.internal;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.BindingErrors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What a channel costs on SQS, counted into the binding's {@link BrokerTraffic}: one request per
 * SQS API call the binding makes for the channel, counted when SQS answered it (a success, or an
 * error SQS returned; a call that never reached SQS, e.g. refused connections, is not counted).
 *
 * <ul>
 *   <li>{@code send}: each {@code SendMessageBatch} call (up to 10 messages; a topic's fan-out
 *       makes one call per subscription queue it sends to), bytes = body, attribute names, types
 *       and values of its messages as SQS counts them.
 *   <li>{@code receive}: each {@code ReceiveMessage} long poll, empty ones included, bytes = the
 *       received messages counted the same way.
 *   <li>{@code settle}: each {@code DeleteMessageBatch} (acks) and {@code
 *       ChangeMessageVisibilityBatch} (nacks, returning a closing consumer's messages, hiding
 *       delayed ones again, extending the visibility of slow handlers' messages), no bytes.
 *   <li>{@code other}: each {@code GetQueueAttributes} of {@code statistics}.
 * </ul>
 *
 * Billed requests follow SQS pricing: each 64 KiB chunk of a call's payload is billed as one
 * request, so a call is billed {@code max(1, ceil(bytes / 65536))}. Not counted: provisioning
 * (create, tag and look up queues, once per queue), topic route refreshes ({@code ListQueues} and
 * {@code ListQueueTags}, once per {@code subscription-refresh} per topic), health checks, and
 * retries the AWS SDK makes after a failed attempt (the call is counted once). With {@link
 * BrokerTraffic#NONE} no byte count is computed. Immutable and thread-safe.
 */
final class SqsTraffic {

  /** SQS bills one request per 64 KiB of payload. */
  static final int BILLING_CHUNK = 64 * 1024;

  private final BrokerTraffic traffic;

  /** Whether anybody counts: when not, byte counts are never computed. */
  final boolean metered;

  SqsTraffic(BrokerTraffic traffic) {
    this.traffic = traffic;
    this.metered = traffic != BrokerTraffic.NONE;
  }

  /**
   * Counts one API call, if it reached SQS.
   *
   * @param channel the channel
   * @param operation what the call did
   * @param bytes the message bytes it carried
   * @param failure the call's failure, {@code null} if it succeeded
   */
  void record(String channel, BrokerOperation operation, long bytes, @Nullable Throwable failure) {
    if (metered && (failure == null || reachedSqs(failure))) {
      traffic.record(channel, operation, 1, billed(bytes), bytes);
    }
  }

  static int billed(long bytes) {
    return (int) Math.max(1, (bytes + BILLING_CHUNK - 1) / BILLING_CHUNK);
  }

  private static boolean reachedSqs(Throwable failure) {
    return BindingErrors.unwrap(failure) instanceof AwsServiceException;
  }
}
