package io.hermod.opentelemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written W3C trace context, checked against the OpenTelemetry propagator itself. */
class TraceContextTest {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  private static Map<String, String> injectedByW3c(SpanContext context) {
    Map<String, String> headers = new HashMap<>();
    W3C.inject(Context.root().with(Span.wrap(context)), headers, Headers.INSTANCE);
    return headers;
  }

  private static SpanContext extractedByW3c(Map<String, String> headers) {
    return Span.fromContext(W3C.extract(Context.root(), headers, Headers.INSTANCE))
        .getSpanContext();
  }

  private static SpanContext extracted(Map<String, String> headers) {
    return TraceContext.extract(
        headers.get(TraceContext.TRACEPARENT), headers.get(TraceContext.TRACESTATE), headers);
  }

  @ParameterizedTest(name = "flags {0}")
  @ValueSource(bytes = {0x00, 0x01, 0x02, 0x03, (byte) 0xff})
  @DisplayName("writes traceparent exactly as the W3C propagator does")
  void writesLikeW3c(byte flags) {
    SpanContext context =
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.fromByte(flags), TraceState.getDefault());
    Map<String, String> headers = TraceContext.headers(context);
    assertThat(headers).isEqualTo(injectedByW3c(context)).containsOnlyKeys("traceparent");
  }

  @Test
  @DisplayName("writes tracestate as the W3C propagator does when the trace has one")
  void writesTracestate() {
    SpanContext context =
        SpanContext.create(
            TRACE_ID,
            SPAN_ID,
            TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "v1").put("other", "o=2").build());
    assertThat(TraceContext.headers(context))
        .isEqualTo(injectedByW3c(context))
        .containsKeys("traceparent", "tracestate");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff",
        // Invalid, each in one way: the propagator's answer is the invalid context.
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-011",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-B7AD6B7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0A",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-g1",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0af7651916cd43dd8448eb211c80319cxb7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331x01",
        "00-0af7651916cd43dd8448eb211c8031-9c-b7ad6b7169203331-01",
        "00-not-a-context",
        "00-",
        "",
        // Other versions follow the propagator's forward-compatible rules.
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "0x-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      })
  @DisplayName("reads traceparent exactly as the W3C propagator does")
  void readsLikeW3c(String traceparent) {
    Map<String, String> headers = Map.of("traceparent", traceparent);
    SpanContext expected = extractedByW3c(headers);
    SpanContext actual = extracted(headers);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.isRemote()).isEqualTo(expected.isRemote());
  }

  @Test
  @DisplayName("the valid traceparent it reads is a remote parent with the sent ids and flags")
  void readsAValidContext() {
    SpanContext context =
        extracted(Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
    assertThat(context.isValid()).isTrue();
    assertThat(context.isRemote()).isTrue();
    assertThat(context.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(context.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(context.getTraceFlags().isSampled()).isTrue();
    assertThat(context.getTraceState().isEmpty()).isTrue();
  }

  @Test
  @DisplayName("reads tracestate as the W3C propagator does")
  void readsTracestate() {
    Map<String, String> headers =
        Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "tracestate", "vendor=v1");
    SpanContext actual = extracted(headers);
    assertThat(actual).isEqualTo(extractedByW3c(headers));
    assertThat(actual.getTraceState().get("vendor")).isEqualTo("v1");
  }

  @Test
  @DisplayName("reads no context when there is no traceparent")
  void none() {
    assertThat(extracted(Map.of()).isValid()).isFalse();
    assertThat(extracted(Map.of("tracestate", "vendor=v1")).isValid()).isFalse();
  }
}
