package io.hermod.binding.sqs.internal;

/** Lets tests outside the internal package compute queue names as the binding does. */
public final class SqsTestAccess {

  private SqsTestAccess() {}

  /**
   * The standard queue of a queue channel, without a prefix.
   *
   * @param channel the channel name
   * @return the SQS queue name
   */
  public static String queueName(String channel) {
    return new QueueNames("").queue(channel, false);
  }
}
