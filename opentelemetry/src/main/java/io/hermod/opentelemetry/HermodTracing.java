package io.hermod.opentelemetry;

import io.hermod.opentelemetry.internal.TracingObserver;
import io.hermod.spi.observation.MessagingObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * Makes the {@link MessagingObserver} that traces Hermod with OpenTelemetry.
 *
 * <pre>{@code
 * OpenTelemetry otel = ...; // the application's SDK, or GlobalOpenTelemetry.get() with the agent
 * Messaging messaging = Hermod.builder()
 *     .binding("kafka")
 *     .observer(HermodTracing.builder(otel).build())
 *     .build();
 * }</pre>
 *
 * <p>What it records:
 *
 * <ul>
 *   <li>a {@code PRODUCER} span {@code send <channel>} per message sent, a child of the sender's
 *       current context, ended when the broker confirms or the send fails; its context goes into
 *       the message as the W3C headers {@code traceparent} and {@code tracestate}, which bindings
 *       carry as the CloudEvents distributed-tracing extension attributes (always W3C, whatever the
 *       application's configured propagator: the CloudEvents extension defines exactly these);
 *   <li>a {@code CONSUMER} span {@code process <channel>} per delivery handed to the application,
 *       parented or linked to the send span ({@link ConsumerSpans}), current while the handler
 *       runs, so that what the handler sends (an RPC reply, a follow-up message) continues the
 *       trace; a redelivery is a new process span with its attempt number in {@code
 *       hermod.delivery.attempt};
 *   <li>a {@code CLIENT} span {@code request <channel>} per RPC request, the parent of the
 *       request's send span, ended when the reply arrives, the request times out ({@code
 *       error.type=timeout}) or fails.
 * </ul>
 *
 * <p>Attributes follow the OpenTelemetry messaging semantic conventions ({@code messaging.system},
 * {@code messaging.destination.name}, {@code messaging.operation.name}, {@code
 * messaging.operation.type}, {@code messaging.consumer.group.name}, {@code messaging.message.id},
 * {@code messaging.message.conversation_id}, {@code messaging.message.body.size}, {@code
 * error.type}); Hermod adds {@code hermod.delivery.attempt} and {@code hermod.after_failure} where
 * no convention exists.
 *
 * <p>Thread-safety: the builder is not thread-safe; the observer it builds is immutable in its
 * configuration, thread-safe, and may be shared by several {@code Messaging} instances.
 *
 * @since 0.3
 */
public final class HermodTracing {

  private HermodTracing() {}

  /**
   * Starts configuring tracing with the given OpenTelemetry.
   *
   * @param openTelemetry where spans go: the application's SDK, or {@code
   *     GlobalOpenTelemetry.get()}
   * @return a builder with the defaults ({@link ConsumerSpans#PARENTED}), never {@code null}
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Configures and builds the tracing observer. Not thread-safe; {@link #build()} may be called
   * more than once and each observer keeps the settings it was built with.
   *
   * @since 0.3
   */
  public static final class Builder {

    private final OpenTelemetry openTelemetry;
    private ConsumerSpans consumerSpans = ConsumerSpans.PARENTED;
    private boolean samplingAttributes = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * How process spans relate to the send span of their message.
     *
     * @param mode {@link ConsumerSpans#PARENTED} (the default) or {@link ConsumerSpans#LINKED}
     * @return this builder, never {@code null}
     */
    public Builder consumerSpans(ConsumerSpans mode) {
      this.consumerSpans = Objects.requireNonNull(mode, "consumerSpans");
      return this;
    }

    /**
     * Whether the sampler sees a span's messaging attributes ({@code messaging.system}, {@code
     * messaging.destination.name}, {@code messaging.operation.name}, {@code
     * messaging.operation.type}, {@code messaging.consumer.group.name}) when the span starts.
     *
     * <p>{@code true}, the default, is what the messaging semantic conventions ask for, so that a
     * sampler with rules on these attributes can use them. {@code false} sets them only on spans
     * that record, after the sampler has decided: with a sampler that does not read attributes
     * (ratio, parent-based, always on or off; Jaeger's remote sampler, which decides by span name)
     * the spans are the same and every message costs about 870 bytes less, because the SDK no
     * longer builds an attribute map for each of its two spans (sampled or not). A sampler that
     * does read them then sees none.
     *
     * @param samplingAttributes {@code false} to leave the attributes out of sampling
     * @return this builder, never {@code null}
     */
    public Builder samplingAttributes(boolean samplingAttributes) {
      this.samplingAttributes = samplingAttributes;
      return this;
    }

    /**
     * The observer to install with {@code Hermod.builder().observer(...)}.
     *
     * @return a new thread-safe observer, never {@code null}
     */
    public MessagingObserver build() {
      return new TracingObserver(
          openTelemetry.getTracer(TracingObserver.INSTRUMENTATION_NAME),
          consumerSpans == ConsumerSpans.PARENTED,
          samplingAttributes);
    }
  }
}
