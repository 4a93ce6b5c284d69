package io.hermod.bench.internal;

import io.hermod.micrometer.HermodMetrics;
import io.hermod.opentelemetry.HermodTracing;
import io.hermod.spi.observation.MessagingObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The "observed" side of {@code --versus observed}: Hermod with both instrumentation modules
 * installed as an application would run them — Micrometer meters in a registry, every span sampled
 * and batched to an exporter (one that counts and drops them: the cost of a real exporter's network
 * is the collector's, not Hermod's).
 */
final class ObservedTransports {

  private ObservedTransports() {}

  /**
   * Hermod with metrics and tracing.
   *
   * @param config the fixture's configuration
   * @param sampling the share of traces sampled (parent-based, by trace id), 1.0 for all
   * @return the transport; closing it closes the tracer provider too
   */
  static Transport create(Map<String, String> config, double sampling) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CountingExporter exporter = new CountingExporter();
    SdkTracerProvider tracer =
        SdkTracerProvider.builder()
            .setSampler(
                sampling >= 1.0
                    ? Sampler.alwaysOn()
                    : Sampler.parentBased(Sampler.traceIdRatioBased(sampling)))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracer).build();
    List<MessagingObserver> observers =
        List.of(HermodMetrics.observer(registry), HermodTracing.builder(otel).build());
    return new HermodTransport(config, observers, "observed", tracer::close);
  }

  /** Counts exported spans and drops them. */
  private static final class CountingExporter implements SpanExporter {
    final LongAdder spans = new LongAdder();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.add(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
