/**
 * The instrumentation seam: what core reports about sends, deliveries, requests and broker traffic,
 * for metrics and tracing modules ({@code hermod-micrometer}, {@code hermod-opentelemetry}) to turn
 * into meters and spans.
 *
 * <p>Core calls nothing here unless an observer is installed ({@code
 * Hermod.builder().observer(...)}): without one, no event object is made and no call is made on the
 * hot path.
 */
@NullMarked
package io.hermod.spi.observation;

import org.jspecify.annotations.NullMarked;
