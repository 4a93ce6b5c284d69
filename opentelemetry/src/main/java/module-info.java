/**
 * OpenTelemetry tracing for Hermod: {@link io.hermod.opentelemetry.HermodTracing} makes the
 * observer that turns sends, deliveries and requests into spans and carries W3C trace context in
 * every message. Only {@code io.hermod.opentelemetry} is exported.
 */
module io.hermod.opentelemetry {
  // Both appear in the public API: HermodTracing takes an OpenTelemetry, returns a
  // MessagingObserver.
  requires transitive io.hermod.spi;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires static org.jspecify;

  exports io.hermod.opentelemetry;
}
