import io.opentelemetry.api.common.*;
import io.opentelemetry.api.trace.*;
import io.opentelemetry.context.*;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.*;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.util.*;

/**
 * What the OpenTelemetry SDK alone costs for the two spans Hermod makes per message (a PRODUCER
 * span with the endpoint's attributes and two of the message's, a CONSUMER span parented to it,
 * made current and ended), with the same SDK set-up as the bench's observed runs: a batch span
 * processor exporting to an exporter that drops everything. The floor under any instrumentation
 * that makes those spans, whatever the messaging code around it does.
 *
 * <p>{@code java -cp bench/target/hermod-bench.jar bench/harness/OtelFloor.java N [sampling]}
 */
public class OtelFloor {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    double sampling = a.length > 1 ? Double.parseDouble(a[1]) : 1.0;
    SpanExporter drop = new SpanExporter() {
      public CompletableResultCode export(Collection<SpanData> s) { return CompletableResultCode.ofSuccess(); }
      public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
      public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    };
    SdkTracerProvider tp = SdkTracerProvider.builder().setSampler(sampling >= 1 ? Sampler.alwaysOn() : Sampler.parentBased(Sampler.traceIdRatioBased(sampling)))
        .addSpanProcessor(BatchSpanProcessor.builder(drop).build()).build();
    Tracer t = tp.get("floor");
    Attributes endpoint = Attributes.of(AttributeKey.stringKey("messaging.system"), "hermod",
        AttributeKey.stringKey("messaging.destination.name"), "c", AttributeKey.stringKey("messaging.operation.type"), "send",
        AttributeKey.stringKey("messaging.operation.name"), "send");
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var th = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int r = 0; r < 6; r++) {
      long cpu0 = os.getProcessCpuTime(); long al0 = th.getCurrentThreadAllocatedBytes(); long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Span s = t.spanBuilder("send c").setSpanKind(SpanKind.PRODUCER).setAllAttributes(endpoint).startSpan();
        s.setAttribute("messaging.message.id", "id"); s.setAttribute("messaging.message.body.size", 16L);
        SpanContext sc = s.getSpanContext();
        s.end();
        Span p = t.spanBuilder("process c").setSpanKind(SpanKind.CONSUMER).setParent(Context.current().with(Span.wrap(sc)))
            .setAllAttributes(endpoint).startSpan();
        p.setAttribute("messaging.message.id", "id"); p.setAttribute("messaging.message.body.size", 16L); p.setAttribute("messaging.message.delivery_attempt", 1L);
        try (Scope sc2 = Context.current().with(p).makeCurrent()) { }
        p.end();
      }
      long t1 = System.nanoTime(); long cpu1 = os.getProcessCpuTime(); long al1 = th.getCurrentThreadAllocatedBytes();
      if (r >= 2) System.out.printf("per message: wall %.2f us, process CPU %.2f us, caller alloc %d B%n", (t1-t0)/1e3/n, (cpu1-cpu0)/1e3/n, (al1-al0)/n);
    }
    tp.shutdown();
  }
}
