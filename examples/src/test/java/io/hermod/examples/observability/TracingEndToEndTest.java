package io.hermod.examples.observability;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.api.Requester;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.Hermod;
import io.hermod.opentelemetry.HermodTracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tracing through core and the in-memory broker, spans recorded by the real SDK. */
class TracingEndToEndTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();

  private final Messaging messaging =
      Hermod.builder()
          .binding("inmemory")
          .declare(
              ChannelSpec.queue("orders")
                  .maxDeliveryAttempts(3)
                  .backoff(Backoff.fixed(Duration.ofMillis(10)))
                  .build())
          .declare(ChannelSpec.queue("prices").build())
          .observer(HermodTracing.builder(otel).build())
          .build();

  @AfterEach
  void close() {
    messaging.close();
    tracerProvider.close();
  }

  /** Polls until {@code condition} holds: spans end on core's threads, after the calls return. */
  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private List<SpanData> named(String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private SpanData awaitOne(String name) {
    eventually(name, () -> named(name).size() >= 1);
    assertThat(named(name)).as("spans named %s", name).hasSize(1);
    return named(name).get(0);
  }

  private List<SpanData> replySends(SpanData responderProcess) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.PRODUCER)
        .filter(s -> s.getParentSpanId().equals(responderProcess.getSpanId()))
        .toList();
  }

  @Test
  @DisplayName("the consumer's process span is in the producer's trace, a child of its send span")
  void traceCrossesTheBroker() {
    messaging.subscribe("orders", String.class, delivery -> {});
    messaging.publisher("orders", String.class).send("o-1").toCompletableFuture().join();

    SpanData send = awaitOne("send orders");
    SpanData process = awaitOne("process orders");
    assertThat(send).hasKind(SpanKind.PRODUCER);
    assertThat(process)
        .hasKind(SpanKind.CONSUMER)
        .hasTraceId(send.getTraceId())
        .hasParentSpanId(send.getSpanId())
        .hasAttribute(longKey("hermod.delivery.attempt"), 1L);
  }

  @Test
  @DisplayName("a handler that fails once makes two process spans, attempts 1 and 2")
  void redeliveryIsANewSpan() {
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe(
        "orders",
        String.class,
        delivery -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
        });
    messaging.publisher("orders", String.class).send("o-1").toCompletableFuture().join();

    eventually("two process spans", () -> named("process orders").size() >= 2);
    SpanData send = awaitOne("send orders");
    List<SpanData> processes = named("process orders");
    assertThat(processes)
        .extracting(s -> s.getAttributes().get(longKey("hermod.delivery.attempt")))
        .containsExactly(1L, 2L);
    assertThat(processes.get(0))
        .hasAttribute(
            io.opentelemetry.api.common.AttributeKey.stringKey("error.type"),
            "java.lang.IllegalStateException")
        .hasAttribute(
            io.opentelemetry.api.common.AttributeKey.stringKey("hermod.after_failure"),
            "redeliver");
    assertThat(processes).allSatisfy(p -> assertThat(p).hasTraceId(send.getTraceId()));
  }

  @Test
  @DisplayName("an RPC reply's spans are in the caller's trace")
  void replyContinuesTheCallersTrace() {
    messaging.respond(
        "prices",
        String.class,
        String.class,
        SubscriptionOptions.defaults(),
        request -> "price of " + request.payload());
    try (Requester<String, String> requester =
        messaging.requester("prices", String.class, String.class, Duration.ofSeconds(10))) {
      assertThat(requester.request("o-1").toCompletableFuture().join()).isEqualTo("price of o-1");
    }

    SpanData request = awaitOne("request prices");
    SpanData requestSend = awaitOne("send prices");
    SpanData responderProcess = awaitOne("process prices");
    assertThat(request).hasKind(SpanKind.CLIENT).hasNoParent();
    assertThat(requestSend).hasParentSpanId(request.getSpanId());
    assertThat(responderProcess).hasParentSpanId(requestSend.getSpanId());
    // The reply goes to the requester's reply channel, whose name core chooses: find it by parent.
    eventually("the reply send", () -> replySends(responderProcess).size() >= 1);
    assertThat(replySends(responderProcess)).as("the reply's send span").hasSize(1);
    assertThat(exporter.getFinishedSpanItems())
        .allSatisfy(s -> assertThat(s).hasTraceId(request.getTraceId()));
  }
}
