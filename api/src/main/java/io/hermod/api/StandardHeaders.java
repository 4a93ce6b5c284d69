package io.hermod.api;

/**
 * Header names Hermod itself writes. All are valid JMS identifiers and SQS attribute names.
 *
 * @since 0.1
 */
public final class StandardHeaders {

  /** On a dead-lettered message: the channel it was consumed from. */
  public static final String DLQ_ORIGINAL_CHANNEL = "hermod_dlq_channel";

  /** On a dead-lettered message: the subscription it failed in, if any. */
  public static final String DLQ_SUBSCRIPTION = "hermod_dlq_subscription";

  /** On a dead-lettered message: how many delivery attempts were made. */
  public static final String DLQ_ATTEMPTS = "hermod_dlq_attempts";

  /** On a dead-lettered message: the class of the last error. */
  public static final String DLQ_ERROR_CLASS = "hermod_dlq_error_class";

  /** On a dead-lettered message: the message of the last error. */
  public static final String DLQ_ERROR_MESSAGE = "hermod_dlq_error_message";

  /**
   * On a dead-lettered message: why it was dead-lettered ({@code exhausted}, {@code undecodable}).
   */
  public static final String DLQ_REASON = "hermod_dlq_reason";

  /**
   * On a dead-lettered message: when it was dead-lettered, ISO-8601 UTC.
   *
   * @since 0.5
   */
  public static final String DLQ_FAILED_AT = "hermod_dlq_failed_at";

  /**
   * On a dead-lettered message: when it was first dead-lettered, ISO-8601 UTC; kept when it is
   * redriven, so a message that keeps failing shows since when.
   *
   * @since 0.5
   */
  public static final String DLQ_FIRST_FAILED_AT = "hermod_dlq_first_failed_at";

  /**
   * On a message sent back from its dead-letter queue: how often it was redriven.
   *
   * @since 0.5
   */
  public static final String REDRIVE_COUNT = "hermod_redrive_count";

  /**
   * On a message whose publisher asked for processing confirmations: the channel the consumers send
   * them to.
   *
   * @since 0.4
   */
  public static final String CONFIRM_TO = "hermod_confirm_to";

  /**
   * On a message whose publisher asked for processing confirmations: the subscriptions that must
   * confirm, comma-separated, or {@code *} for whichever consumer takes it.
   *
   * @since 0.4
   */
  public static final String CONFIRM_EXPECT = "hermod_confirm_expect";

  /**
   * On a message whose publisher asked for processing confirmations: the channel it was sent to;
   * only consumers of that channel confirm (not, say, a dead-letter reader of a copy).
   *
   * @since 0.4
   */
  public static final String CONFIRM_CHANNEL = "hermod_confirm_channel";

  /**
   * On a confirmation: the Base64 Ed25519 signature of its statement (its payload).
   *
   * @since 0.4
   */
  public static final String CONFIRM_SIGNATURE = "hermod_confirm_signature";

  /**
   * W3C trace context of the message's producer, as the CloudEvents distributed-tracing extension
   * carries it: on the wire it travels as that extension attribute ({@code ce_traceparent} on Kafka
   * and SQS, {@code cloudEvents_traceparent} on JMS), so a plain CloudEvents consumer sees the same
   * context. Written by a tracing observer such as {@code hermod-opentelemetry}.
   *
   * @since 0.3
   */
  public static final String TRACEPARENT = "traceparent";

  /**
   * W3C trace state accompanying {@link #TRACEPARENT}, carried the same way.
   *
   * @since 0.3
   */
  public static final String TRACESTATE = "tracestate";

  private StandardHeaders() {}
}
