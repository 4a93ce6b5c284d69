package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Requester;
import io.hermod.api.SubscriptionOptions;
import io.hermod.micrometer.HermodMetrics;
import io.hermod.opentelemetry.HermodTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * H. Observability: traces across the broker and meters that count exactly, with the real
 * OpenTelemetry SDK and Micrometer registry installed through {@code hermod-opentelemetry} and
 * {@code hermod-micrometer}.
 *
 * <p>Scenarios: H05-H06 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface ObservabilityScenarios extends Scenarios {

  AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  @Test
  @Scenario(
      counts = {
        "process spans outside their producer's trace",
        "handlers not run in their process span",
        "RPC spans outside the caller's trace",
        "traceparent missing for a plain client"
      },
      measures = "process_spans_outside_trace")
  @DisplayName(
      "H05 trace context crosses the broker: the consumer span's trace id is the producer's; a"
          + " plain client sees traceparent")
  default void traceContextCrossesTheBroker() throws Exception {
    TckSupport tck = tck();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    SdkTracerProvider tracer =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracer).build();
    tck.closeAfterScenario(tracer::close);
    Messaging messaging = tck.messaging(Map.of(), List.of(HermodTracing.builder(otel).build()));

    String channel = tck.name("h05");
    messaging.declare(tck.queue(channel).build());
    Map<String, String> traceInHandler = new ConcurrentHashMap<>();
    messaging.subscribe(
        channel,
        String.class,
        d -> traceInHandler.put(d.message().id(), Span.current().getSpanContext().getTraceId()));
    int n = tck.count(20);
    List<Message<String>> sent = Traffic.texts("h05", n);
    for (Message<String> m : sent) {
      Traffic.send(messaging.publisher(channel, String.class), m);
    }
    tck.await(
        n + " messages handled",
        tck.deadline(),
        () -> traceInHandler.size() >= n,
        () -> "handled " + traceInHandler.size());
    tck.await(
        "a process span per message",
        tck.deadline(),
        () -> spansOf(spans, SpanKind.CONSUMER, channel).size() >= n,
        () -> "spans " + spans.getFinishedSpanItems());
    Map<String, SpanData> producers = byMessageId(spansOf(spans, SpanKind.PRODUCER, channel));
    Map<String, SpanData> consumers = byMessageId(spansOf(spans, SpanKind.CONSUMER, channel));
    int outside = 0;
    int handlerOutside = 0;
    for (Message<String> m : sent) {
      SpanData producer = producers.get(m.id());
      SpanData consumer = consumers.get(m.id());
      assertThat(producer).as("the send span of %s", m.id()).isNotNull();
      assertThat(consumer).as("the process span of %s", m.id()).isNotNull();
      if (!consumer.getTraceId().equals(producer.getTraceId())
          || !consumer.getParentSpanId().equals(producer.getSpanId())) {
        outside++;
      }
      if (!producer.getTraceId().equals(traceInHandler.get(m.id()))) {
        handlerOutside++;
      }
    }
    tck.measure("process_spans_outside_trace", outside);
    assertThat(outside).as("process spans not children of their message's send span").isZero();
    assertThat(handlerOutside).as("handlers that ran outside their process span").isZero();

    // RPC: the reply comes back in the caller's trace.
    String rpc = tck.name("h05-rpc");
    messaging.declare(tck.queue(rpc).build());
    messaging.respond(
        rpc, String.class, String.class, SubscriptionOptions.defaults(), d -> "re: " + d.payload());
    Requester<String, String> requester =
        tck.closeAfterScenario(
            messaging.requester(rpc, String.class, String.class, Duration.ofSeconds(30)));
    Span caller = otel.getTracer("tck").spanBuilder("h05 caller").startSpan();
    String reply;
    try (Scope s = caller.makeCurrent()) {
      reply =
          requester
              .request("ping")
              .toCompletableFuture()
              .get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      caller.end();
    }
    assertThat(reply).isEqualTo("re: ping");
    String callerTrace = caller.getSpanContext().getTraceId();
    tck.await(
        "the responder's process span and the reply's spans",
        tck.deadline(),
        () ->
            spansOf(spans, SpanKind.CONSUMER, null).stream()
                    .filter(sp -> sp.getTraceId().equals(callerTrace))
                    .count()
                >= 2,
        () -> "spans " + spans.getFinishedSpanItems());
    Set<String> rpcTraces =
        spans.getFinishedSpanItems().stream()
            .filter(sp -> sp.getName().contains(rpc))
            .map(SpanData::getTraceId)
            .collect(Collectors.toSet());
    assertThat(rpcTraces)
        .as("traces of the RPC's spans (request, responder, reply)")
        .containsExactly(callerTrace);

    // A plain client of the broker finds the producer's context as the CloudEvents extension.
    Optional<PlainClient> plain = tck.fixture().plainClient();
    if (plain.isPresent()) {
      PlainClient client = tck.closeAfterScenario(plain.get());
      String outbound = tck.name("h05-plain");
      messaging.declare(tck.queue(outbound).build());
      Message<String> m = Message.of("for a plain client");
      Traffic.send(messaging.publisher(outbound, String.class), m);
      Optional<PlainClient.RawMessage> read = client.receive(outbound, tck.deadline());
      assertThat(read).as("the message read from %s with the plain client", outbound).isPresent();
      String traceparent = read.get().cloudEventAttributes().get("traceparent");
      assertThat(traceparent)
          .as("the traceparent CloudEvents attribute a plain client reads")
          .isNotNull()
          .matches(TRACEPARENT);
      SpanData producer = byMessageId(spansOf(spans, SpanKind.PRODUCER, outbound)).get(m.id());
      assertThat(producer).as("the send span of %s", m.id()).isNotNull();
      assertThat(traceparent)
          .as("traceparent names the send span")
          .contains(producer.getTraceId() + "-" + producer.getSpanId());
    }
  }

  @Test
  @Scenario(
      counts = {
        "sent, consumed and processed meters against what was sent and handled",
        "redeliveries and dead letters against the handler's failures",
        "backlog before consuming and after draining"
      },
      measures = "handled")
  @DisplayName(
      "H06 meters count exactly: N sent, N processed, k redelivered, d dead-lettered, backlog"
          + " drains to 0")
  default void metersCountExactly() throws Exception {
    TckSupport tck = tck();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    tck.closeAfterScenario(registry::close);
    Messaging messaging = tck.messaging(Map.of(), List.of(HermodMetrics.observer(registry)));
    boolean deadLetter = tck.supports(Capability.DEAD_LETTER);
    String channel = tck.name("h06");
    ChannelSpec spec =
        tck.queue(channel)
            .maxDeliveryAttempts(2)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(deadLetter)
            .build();
    messaging.declare(spec);
    int n = tck.count(40);
    int k = Math.max(1, n / 10);
    int d = deadLetter ? 2 : 0;
    List<Message<String>> normal = Traffic.texts("h06", n);
    List<Message<String>> poison = Traffic.texts("h06-poison", d);
    Set<String> failOnce =
        normal.subList(0, k).stream().map(Message::id).collect(Collectors.toSet());
    Set<String> poisonIds = poison.stream().map(Message::id).collect(Collectors.toSet());
    for (Message<String> m : normal) {
      Traffic.send(messaging.publisher(channel, String.class), m);
    }
    for (Message<String> m : poison) {
      Traffic.send(messaging.publisher(channel, String.class), m);
    }
    int total = n + d;
    OptionalLong waitingBefore =
        awaitWaiting(tck, messaging, channel, w -> w == total, "the backlog to be " + total);

    DeadLetterProbe<String> dlq =
        deadLetter ? DeadLetterProbe.open(messaging, spec, String.class) : null;
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger redeliverable = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    messaging.subscribe(
        channel,
        String.class,
        delivery -> {
          handled.incrementAndGet();
          String id = delivery.message().id();
          boolean fail =
              poisonIds.contains(id) || (failOnce.contains(id) && delivery.attempt() == 1);
          if (fail) {
            failed.incrementAndGet();
            if (delivery.attempt() < 2) {
              redeliverable.incrementAndGet();
            }
            throw new InjectedFailure("h06 attempt " + delivery.attempt() + " of " + id);
          }
          succeeded.incrementAndGet();
          done.add(id);
        });
    tck.await(
        n + " messages processed",
        tck.deadline(),
        () -> done.size() >= n && (dlq == null || dlq.size() >= d),
        () -> "processed " + done.size() + ", dead-lettered " + (dlq == null ? 0 : dlq.size()));
    // The meters are updated as each delivery settles; wait until they agree, then compare.
    Runnable compare =
        () -> {
          assertThat(count(registry, "messaging.client.sent.messages", channel))
              .as("messaging.client.sent.messages on %s", channel)
              .isEqualTo(total);
          assertThat(count(registry, "messaging.client.consumed.messages", channel))
              .as("messaging.client.consumed.messages on %s (deliveries the handler saw)", channel)
              .isEqualTo(handled.get());
          assertThat(timerCount(registry, "messaging.process.duration", channel, true))
              .as("messaging.process.duration without error on %s", channel)
              .isEqualTo(succeeded.get());
          assertThat(timerCount(registry, "messaging.process.duration", channel, false))
              .as("messaging.process.duration with error.type on %s", channel)
              .isEqualTo(failed.get());
          assertThat(count(registry, "hermod.consumer.redeliveries", channel))
              .as("hermod.consumer.redeliveries on %s", channel)
              .isEqualTo(redeliverable.get());
          assertThat(count(registry, "hermod.consumer.dead.lettered", channel))
              .as("hermod.consumer.dead.lettered on %s", channel)
              .isEqualTo(d);
        };
    tck.await(
        "the meters to agree with what was sent and handled",
        tck.deadline(),
        () -> {
          try {
            compare.run();
            return true;
          } catch (AssertionError e) {
            return false;
          }
        },
        () -> meters(registry, channel));
    compare.run();
    assertThat(succeeded.get())
        .as("successful handler calls (at-least-once may add)")
        .isGreaterThanOrEqualTo(n);
    assertThat(redeliverable.get())
        .as("failures followed by a redelivery")
        .isGreaterThanOrEqualTo(k + d);
    tck.measure("handled", handled.get());

    if (waitingBefore.isEmpty()) {
      // The broker cannot tell: the gauge says unknown, never a made-up zero.
      tck.await(
          "the backlog gauge to exist",
          tck.deadline(),
          () -> backlogGauge(registry, channel) != null,
          () -> meters(registry, channel));
      assertThat(backlogGauge(registry, channel).value()).as("backlog gauge").isNaN();
      return;
    }
    tck.await(
        "the backlog gauge of " + channel + " to drain to 0",
        tck.deadline(),
        () -> {
          Gauge g = backlogGauge(registry, channel);
          return g != null && g.value() == 0.0;
        },
        () ->
            "gauge "
                + (backlogGauge(registry, channel) == null
                    ? "missing"
                    : backlogGauge(registry, channel).value())
                + "; "
                + messaging.statistics(channel, SubscriptionOptions.DEFAULT_NAME));
  }

  private static OptionalLong awaitWaiting(
      TckSupport tck,
      Messaging messaging,
      String channel,
      java.util.function.LongPredicate expected,
      String what) {
    OptionalLong first = messaging.statistics(channel, SubscriptionOptions.DEFAULT_NAME).waiting();
    if (first.isEmpty()) {
      return first;
    }
    // Brokers count asynchronously (SQS is approximate): wait for the figure to settle.
    OptionalLong[] last = {first};
    tck.await(
        what,
        tck.deadline(),
        () -> {
          last[0] = messaging.statistics(channel, SubscriptionOptions.DEFAULT_NAME).waiting();
          return last[0].isPresent() && expected.test(last[0].getAsLong());
        },
        () -> "waiting " + last[0]);
    return last[0];
  }

  private static List<SpanData> spansOf(
      InMemorySpanExporter spans,
      SpanKind kind,
      @org.jspecify.annotations.Nullable String channel) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == kind)
        .filter(
            s ->
                channel == null
                    || channel.equals(
                        s.getAttributes()
                            .get(AttributeKey.stringKey("messaging.destination.name"))))
        .toList();
  }

  private static Map<String, SpanData> byMessageId(List<SpanData> spans) {
    Map<String, SpanData> out = new ConcurrentHashMap<>();
    for (SpanData s : spans) {
      String id = s.getAttributes().get(MESSAGE_ID);
      if (id != null) {
        out.putIfAbsent(id, s);
      }
    }
    return out;
  }

  private static long count(MeterRegistry registry, String name, String channel) {
    return Math.round(
        registry.find(name).tag("messaging.destination.name", channel).counters().stream()
            .mapToDouble(Counter::count)
            .sum());
  }

  private static long timerCount(
      MeterRegistry registry, String name, String channel, boolean withoutError) {
    return registry.find(name).tag("messaging.destination.name", channel).timers().stream()
        .filter(t -> withoutError == isNone(t.getId().getTag("error.type")))
        .mapToLong(Timer::count)
        .sum();
  }

  private static boolean isNone(@org.jspecify.annotations.Nullable String errorType) {
    return errorType == null || errorType.equals("none") || errorType.isEmpty();
  }

  private static @org.jspecify.annotations.Nullable Gauge backlogGauge(
      MeterRegistry registry, String channel) {
    return registry
        .find("hermod.broker.backlog")
        .tag("messaging.destination.name", channel)
        .gauge();
  }

  private static String meters(MeterRegistry registry, String channel) {
    StringBuilder b = new StringBuilder();
    for (Meter m : registry.getMeters()) {
      if (channel.equals(m.getId().getTag("messaging.destination.name"))) {
        b.append(m.getId()).append(' ');
        m.measure()
            .forEach(
                ms -> b.append(ms.getStatistic()).append('=').append(ms.getValue()).append(' '));
        b.append('\n');
      }
    }
    return b.toString();
  }
}
