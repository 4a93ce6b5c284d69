package io.hermod.opentelemetry.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * W3C trace context in message headers, written and read the way {@link W3CTraceContextPropagator}
 * does, without its per-message garbage in the common case.
 *
 * <p>Every traced message carries a {@code traceparent} and almost none a {@code tracestate}: the
 * propagator's general path (a {@link Context} to inject from, a mutable map, a getter per header,
 * a {@code Context} to extract into) is a noticeable part of what tracing costs per message, most
 * of all when the trace is not sampled and nothing else is done. So {@code traceparent} of version
 * {@code 00} is formatted and parsed here, and the propagator is still used for what is rare: a
 * non-empty trace state, and traceparent versions other than {@code 00}, whose forward-compatible
 * rules it knows.
 *
 * <p>Always W3C, whatever propagator the application configured: the CloudEvents
 * distributed-tracing extension defines exactly {@code traceparent} and {@code tracestate}, so a
 * plain CloudEvents consumer reads the same context.
 */
final class TraceContext {

  /** The header W3C trace context travels in; the CloudEvents extension attribute's name. */
  static final String TRACEPARENT = "traceparent";

  /** The header vendor-specific trace state travels in, when there is any. */
  static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  /** {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
  private static final int LENGTH = 55;

  private static final int TRACE_ID = 3;
  private static final int SPAN_ID = TRACE_ID + 32 + 1;
  private static final int FLAGS = SPAN_ID + 16 + 1;

  private TraceContext() {}

  /**
   * The headers that carry {@code context} to a consumer.
   *
   * @param context a valid span context
   */
  static Map<String, String> headers(SpanContext context) {
    String traceparent =
        "00-"
            + context.getTraceId()
            + "-"
            + context.getSpanId()
            + "-"
            + context.getTraceFlags().asHex();
    if (context.getTraceState().isEmpty()) {
      return Map.of(TRACEPARENT, traceparent);
    }
    // Rare: the propagator knows trace state's encoding (and its limits on members and length).
    Map<String, String> headers = new HashMap<>(4);
    W3C.inject(Context.root().with(Span.wrap(context)), headers, Headers.INSTANCE);
    return headers;
  }

  /**
   * The remote span context {@code traceparent} (and {@code tracestate}) describe, invalid when
   * there is none or it is malformed, as the W3C propagator would extract it.
   */
  static SpanContext extract(
      @Nullable String traceparent, @Nullable String tracestate, Map<String, String> headers) {
    if (traceparent == null) {
      return SpanContext.getInvalid();
    }
    if (tracestate != null || !traceparent.startsWith("00-")) {
      // Rare: let the propagator parse trace state and the rules of other versions.
      Context extracted = W3C.extract(Context.root(), headers, Headers.INSTANCE);
      return Span.fromContext(extracted).getSpanContext();
    }
    if (traceparent.length() != LENGTH
        || traceparent.charAt(SPAN_ID - 1) != '-'
        || traceparent.charAt(FLAGS - 1) != '-') {
      return SpanContext.getInvalid();
    }
    int high = hex(traceparent.charAt(FLAGS));
    int low = hex(traceparent.charAt(FLAGS + 1));
    if (high < 0 || low < 0) {
      return SpanContext.getInvalid();
    }
    // createFromRemoteParent validates the ids (lowercase hex, not all zeros), as the propagator
    // relies on; an invalid result becomes the one invalid context, as the propagator returns.
    SpanContext context =
        SpanContext.createFromRemoteParent(
            traceparent.substring(TRACE_ID, SPAN_ID - 1),
            traceparent.substring(SPAN_ID, FLAGS - 1),
            TraceFlags.fromByte((byte) (high << 4 | low)),
            TraceState.getDefault());
    return context.isValid() ? context : SpanContext.getInvalid();
  }

  /** The value of a lowercase hex digit, {@code -1} for any other character (as W3C requires). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
