/**
 * OpenTelemetry tracing for Hermod: {@link io.hermod.opentelemetry.HermodTracing}, installed with
 * {@code Hermod.builder().observer(...)}, records a {@code PRODUCER} span per send, a {@code
 * CONSUMER} span per processed delivery and a {@code CLIENT} span per RPC request, with the
 * OpenTelemetry messaging semantic conventions' attributes, and carries the trace context across
 * the broker as the CloudEvents distributed-tracing extension ({@code traceparent}, {@code
 * tracestate}).
 *
 * @since 0.3
 */
@NullMarked
package io.hermod.opentelemetry;

import org.jspecify.annotations.NullMarked;
