package io.hermod.opentelemetry.internal;

import static io.hermod.opentelemetry.internal.MessagingAttributes.CONSUMER_GROUP_NAME;
import static io.hermod.opentelemetry.internal.MessagingAttributes.DESTINATION_NAME;
import static io.hermod.opentelemetry.internal.MessagingAttributes.OPERATION_NAME;
import static io.hermod.opentelemetry.internal.MessagingAttributes.OPERATION_TYPE;
import static io.hermod.opentelemetry.internal.MessagingAttributes.SYSTEM;

import io.hermod.spi.observation.Endpoint;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * What every span of one endpoint shares: names and the attributes known when the span starts (the
 * ones a sampler may look at). Made once per endpoint, so a message costs no string concatenation
 * and no attribute building.
 *
 * <p>The request span has {@code messaging.operation.name=request} but no {@code
 * messaging.operation.type}: none of the conventions' types (create, send, receive, process,
 * settle) describes waiting for a reply, and the send beneath it already has type {@code send}.
 */
final class EndpointSpans {

  final String sendName;
  final String processName;
  final String requestName;
  final Attributes send;
  final Attributes process;
  final Attributes request;

  EndpointSpans(Endpoint endpoint) {
    String channel = endpoint.channelName();
    sendName = "send " + channel;
    processName = "process " + channel;
    requestName = "request " + channel;
    send = common(endpoint).put(OPERATION_NAME, "send").put(OPERATION_TYPE, "send").build();
    AttributesBuilder process =
        common(endpoint).put(OPERATION_NAME, "process").put(OPERATION_TYPE, "process");
    String subscription = endpoint.subscription();
    if (subscription != null) {
      process.put(CONSUMER_GROUP_NAME, subscription);
    }
    this.process = process.build();
    request = common(endpoint).put(OPERATION_NAME, "request").build();
  }

  private static AttributesBuilder common(Endpoint endpoint) {
    return Attributes.builder()
        .put(SYSTEM, endpoint.system())
        .put(DESTINATION_NAME, endpoint.channelName());
  }
}
