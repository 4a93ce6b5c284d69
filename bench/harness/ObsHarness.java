import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.core.Hermod;
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
import java.lang.management.ManagementFactory;
import java.util.*;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

public class ObsHarness {
  static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  static Map<Long, Long> allocated() {
    long[] ids = THREADS.getAllThreadIds();
    long[] b = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> m = new HashMap<>();
    for (int i = 0; i < ids.length; i++) if (b[i] >= 0) m.put(ids[i], b[i]);
    return m;
  }
  static List<MessagingObserver> observers(String mode, double sampling) {
    List<MessagingObserver> out = new ArrayList<>();
    if (mode.equals("noop")) out.add(new MessagingObserver() {});
    if (mode.equals("micrometer") || mode.equals("both")) out.add(HermodMetrics.observer(new SimpleMeterRegistry()));
    if (mode.equals("otel") || mode.equals("both")) {
      SpanExporter drop = new SpanExporter() {
        public CompletableResultCode export(Collection<SpanData> s) { return CompletableResultCode.ofSuccess(); }
        public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
        public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
      };
      SdkTracerProvider tp = SdkTracerProvider.builder()
          .setSampler(sampling >= 1 ? Sampler.alwaysOn() : Sampler.parentBased(Sampler.traceIdRatioBased(sampling)))
          .addSpanProcessor(BatchSpanProcessor.builder(drop).build()).build();
      out.add(HermodTracing.builder(OpenTelemetrySdk.builder().setTracerProvider(tp).build()).build());
    }
    return out;
  }
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    double sampling = Double.parseDouble(args[1]);
    int n = Integer.parseInt(args[2]);
    List<Double> bytes = new ArrayList<>(), rates = new ArrayList<>();
    Hermod.Builder b = Hermod.builder().binding("inmemory").property("hermod.inmemory.broker", "h-" + UUID.randomUUID());
    observers(mode, sampling).forEach(b::observer);
    try (Messaging m = b.build()) {
      for (int r = 0; r < 6; r++) {
        String ch = "c" + r;
        m.declare(ChannelSpec.queue(ch).build());
        AtomicLong got = new AtomicLong();
        Semaphore window = new Semaphore(2000);
        m.subscribe(ch, byte[].class, d -> { got.incrementAndGet(); });
        Publisher<byte[]> p = m.publisher(ch, byte[].class);
        byte[] payload = new byte[16];
        Map<Long, Long> before = allocated();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) { window.acquire(); p.send(payload).whenComplete((x, e) -> window.release()); }
        while (got.get() < n) Thread.onSpinWait();
        long t1 = System.nanoTime();
        long total = 0;
        for (Map.Entry<Long, Long> e : allocated().entrySet()) total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        if (r >= 2) { bytes.add((double) total / n); rates.add(n / ((t1 - t0) / 1e9)); }
      }
    }
    Collections.sort(bytes); Collections.sort(rates);
    System.out.printf("%-10s sampling %.2f: alloc B/msg median %.0f (%.0f-%.0f); msg/s median %.0f (%.0f-%.0f)%n", mode, sampling,
        bytes.get(bytes.size()/2), bytes.get(0), bytes.get(bytes.size()-1), rates.get(rates.size()/2), rates.get(0), rates.get(rates.size()-1));
  }
}
