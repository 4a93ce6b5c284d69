package io.hermod.opentelemetry.internal;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys Hermod's spans carry. Declared here rather than taken from {@code
 * opentelemetry-semconv}: the module depends on the OpenTelemetry API only, and the messaging
 * conventions are still incubating there.
 */
final class MessagingAttributes {

  static final AttributeKey<String> SYSTEM = stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION_NAME = stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION_NAME = stringKey("messaging.operation.name");
  static final AttributeKey<String> OPERATION_TYPE = stringKey("messaging.operation.type");
  static final AttributeKey<String> CONSUMER_GROUP_NAME =
      stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> MESSAGE_ID = stringKey("messaging.message.id");
  static final AttributeKey<String> CONVERSATION_ID =
      stringKey("messaging.message.conversation_id");
  static final AttributeKey<Long> BODY_SIZE = longKey("messaging.message.body.size");
  static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

  /**
   * The delivery attempt, {@code 1} the first time. The conventions have no system-independent
   * attribute for it (only per-system ones such as {@code
   * messaging.gcp_pubsub.message.delivery_attempt}), so it is Hermod's own.
   */
  static final AttributeKey<Long> DELIVERY_ATTEMPT = longKey("hermod.delivery.attempt");

  /** What core did after a failed delivery: {@code redeliver}, {@code dead_letter}, ... */
  static final AttributeKey<String> AFTER_FAILURE = stringKey("hermod.after_failure");

  /** {@code error.type} of a request whose reply did not arrive in time. */
  static final String TIMEOUT = "timeout";

  private MessagingAttributes() {}
}
