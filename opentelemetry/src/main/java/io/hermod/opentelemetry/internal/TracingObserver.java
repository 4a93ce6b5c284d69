package io.hermod.opentelemetry.internal;

import static io.hermod.opentelemetry.internal.MessagingAttributes.AFTER_FAILURE;
import static io.hermod.opentelemetry.internal.MessagingAttributes.BODY_SIZE;
import static io.hermod.opentelemetry.internal.MessagingAttributes.CONVERSATION_ID;
import static io.hermod.opentelemetry.internal.MessagingAttributes.DELIVERY_ATTEMPT;
import static io.hermod.opentelemetry.internal.MessagingAttributes.ERROR_TYPE;
import static io.hermod.opentelemetry.internal.MessagingAttributes.MESSAGE_ID;
import static io.hermod.opentelemetry.internal.MessagingAttributes.TIMEOUT;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ObservationScope;
import io.hermod.spi.observation.ProcessObservation;
import io.hermod.spi.observation.RequestObservation;
import io.hermod.spi.observation.SendObservation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The observer {@link io.hermod.opentelemetry.HermodTracing} builds: one span per send, processed
 * delivery and request. Thread-safe; its configuration is final.
 *
 * <p>Per message it does little more than OpenTelemetry itself does when nothing samples: start a
 * span with attributes cached per endpoint (or none, see {@link #start}), and, for a recording span
 * only, set the message's own attributes; trace context is written and read by {@link TraceContext}
 * without the propagator's general machinery. A no-op OpenTelemetry still propagates a context that
 * arrived in a message, as the OpenTelemetry API does.
 */
public final class TracingObserver implements MessagingObserver {

  /** The instrumentation scope of Hermod's spans. */
  public static final String INSTRUMENTATION_NAME = "io.hermod.opentelemetry";

  private final Tracer tracer;
  private final boolean parented;
  private final boolean samplingAttributes;
  private final EndpointCache<EndpointSpans> endpoints = new EndpointCache<>(EndpointSpans::new);

  /**
   * An observer recording with the given tracer.
   *
   * @param tracer where spans start
   * @param parented whether process spans are children of the send span (else only linked)
   * @param samplingAttributes whether the endpoint's attributes are given to the sampler when a
   *     span starts (else set on recording spans only, after the sampler decided)
   */
  public TracingObserver(Tracer tracer, boolean parented, boolean samplingAttributes) {
    this.tracer = tracer;
    this.parented = parented;
    this.samplingAttributes = samplingAttributes;
  }

  @Override
  public SendObservation sending(Endpoint endpoint, Message<byte[]> message) {
    EndpointSpans spans = endpoints.get(endpoint);
    // The parent is the sender's current context (the builder's default): a send inside a process
    // span (an RPC reply, a follow-up) or a request span is its child.
    Span span =
        start(tracer.spanBuilder(spans.sendName).setSpanKind(SpanKind.PRODUCER), spans.send);
    if (span.isRecording()) {
      messageAttributes(span, message);
      span.setAttribute(BODY_SIZE, (long) message.payload().length);
    }
    return new TracedSend(span);
  }

  @Override
  public ProcessObservation processing(Endpoint endpoint, Message<byte[]> message, int attempt) {
    EndpointSpans spans = endpoints.get(endpoint);
    SpanBuilder builder = tracer.spanBuilder(spans.processName).setSpanKind(SpanKind.CONSUMER);
    SpanContext producer = producerContext(message);
    if (producer.isValid()) {
      // The conventions make the link optional when the creation context is the parent: it would
      // repeat the parent (and cost a link per span), so only LINKED spans carry one.
      if (parented) {
        builder.setParent(Context.current().with(Span.wrap(producer)));
      } else {
        builder.addLink(producer);
      }
    }
    Span span = start(builder, spans.process);
    if (span.isRecording()) {
      messageAttributes(span, message);
      span.setAttribute(BODY_SIZE, (long) message.payload().length);
      span.setAttribute(DELIVERY_ATTEMPT, (long) attempt);
    }
    return new TracedProcess(span);
  }

  @Override
  public RequestObservation requesting(Endpoint endpoint, Message<?> request) {
    EndpointSpans spans = endpoints.get(endpoint);
    // CLIENT, not PRODUCER: the span lasts until the reply arrives, the remote processing
    // included, as an RPC client's span does; the PRODUCER span of the request's send is its
    // child and ends when the broker accepts the message.
    Span span =
        start(tracer.spanBuilder(spans.requestName).setSpanKind(SpanKind.CLIENT), spans.request);
    if (span.isRecording()) {
      messageAttributes(span, request);
    }
    return new TracedRequest(span);
  }

  @Override
  public void closed(String binding) {
    endpoints.removeBinding(binding);
  }

  /** How many endpoints have their attributes cached; for tests. */
  int cachedEndpoints() {
    return endpoints.size();
  }

  /**
   * Starts the span with the endpoint's attributes: given to the sampler, as the conventions ask
   * for the attributes that may matter to sampling, or, when so configured, set only once the span
   * turns out to record. Any attribute given to the SDK's span builder makes it allocate an
   * attribute map (about 400 bytes in SDK 1.68) for every span, sampled or not, which is most of
   * what an unsampled span costs beyond its ids.
   */
  private Span start(SpanBuilder builder, Attributes attributes) {
    if (samplingAttributes) {
      return builder.setAllAttributes(attributes).startSpan();
    }
    Span span = builder.startSpan();
    if (span.isRecording()) {
      span.setAllAttributes(attributes);
    }
    return span;
  }

  /** The send span's context the message carries, invalid if none or malformed. */
  private static SpanContext producerContext(Message<byte[]> message) {
    return TraceContext.extract(
        message.header(TraceContext.TRACEPARENT),
        message.header(TraceContext.TRACESTATE),
        message.headers());
  }

  private static void messageAttributes(Span span, Message<?> message) {
    span.setAttribute(MESSAGE_ID, message.id());
    String correlationId = message.correlationId();
    if (correlationId != null) {
      span.setAttribute(CONVERSATION_ID, correlationId);
    }
  }

  /** Records a failure the conventions' way: the exception, status ERROR, {@code error.type}. */
  private static void fail(Span span, Throwable error) {
    span.recordException(error);
    markFailed(span, error.getClass().getName(), error.getMessage());
  }

  private static void markFailed(Span span, String errorType, @Nullable String description) {
    span.setAttribute(ERROR_TYPE, errorType);
    if (description == null) {
      span.setStatus(StatusCode.ERROR);
    } else {
      span.setStatus(StatusCode.ERROR, description);
    }
  }

  private static ObservationScope makeCurrent(Span span) {
    Scope scope = Context.current().with(span).makeCurrent();
    return scope::close;
  }

  /** A send's PRODUCER span. */
  private static final class TracedSend implements SendObservation {
    private final Span span;

    TracedSend(Span span) {
      this.span = span;
    }

    @Override
    public Map<String, String> headers() {
      // An invalid context (a no-op tracer with nothing current) has nothing to propagate; a valid
      // one that is not sampled still goes out, flagged 00, so the consumer joins the same trace.
      SpanContext context = span.getSpanContext();
      return context.isValid() ? TraceContext.headers(context) : Map.of();
    }

    @Override
    public void confirmed(Receipt receipt) {
      // Status stays unset: the conventions leave success to the backend's defaults.
      span.end();
    }

    @Override
    public void failed(Throwable error) {
      fail(span, error);
      span.end();
    }
  }

  /** A delivery's CONSUMER span. */
  private static final class TracedProcess implements ProcessObservation {
    private final Span span;

    TracedProcess(Span span) {
      this.span = span;
    }

    @Override
    public ObservationScope enter() {
      return makeCurrent(span);
    }

    @Override
    public void succeeded() {
      span.end();
    }

    @Override
    public void failed(Throwable error, AfterFailure then) {
      fail(span, error);
      span.setAttribute(AFTER_FAILURE, then.name().toLowerCase(Locale.ROOT));
      span.end();
    }
  }

  /** An RPC request's CLIENT span. */
  private static final class TracedRequest implements RequestObservation {
    private final Span span;

    TracedRequest(Span span) {
      this.span = span;
    }

    @Override
    public ObservationScope enter() {
      return makeCurrent(span);
    }

    @Override
    public void replied() {
      span.end();
    }

    @Override
    public void timedOut() {
      markFailed(span, TIMEOUT, "no reply within the timeout");
      span.end();
    }

    @Override
    public void failed(Throwable error) {
      fail(span, error);
      span.end();
    }
  }
}
