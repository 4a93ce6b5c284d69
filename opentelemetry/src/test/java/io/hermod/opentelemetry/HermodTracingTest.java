package io.hermod.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ObservationScope;
import io.hermod.spi.observation.ProcessObservation;
import io.hermod.spi.observation.RequestObservation;
import io.hermod.spi.observation.SendObservation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The observer fed directly, its spans recorded by the real SDK. */
class HermodTracingTest {

  private static final String TRACEPARENT_FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetry otel =
      OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
  private final MessagingObserver observer = HermodTracing.builder(otel).build();

  private final ChannelSpec orders = ChannelSpec.queue("orders").build();
  private final Endpoint sender = new Endpoint("inmemory", "hermod_inmemory", orders, null);
  private final Endpoint consumer = new Endpoint("inmemory", "hermod_inmemory", orders, "billing");

  @AfterEach
  void closeSdk() {
    tracerProvider.close();
  }

  private static Message<byte[]> message(String body) {
    return Message.builder(body.getBytes(StandardCharsets.UTF_8)).id("m-1").build();
  }

  private static Receipt receipt() {
    return new Receipt("inmemory", "orders", "m-1", "0", Instant.EPOCH);
  }

  /** Sends {@code message} through the observer and returns it as the consumer receives it. */
  private Message<byte[]> sent(MessagingObserver observer, Message<byte[]> message) {
    SendObservation send = observer.sending(sender, message);
    Map<String, String> headers = send.headers();
    send.confirmed(receipt());
    return message.toBuilder().headers(headers).build();
  }

  private SpanData only(String name) {
    List<SpanData> spans =
        exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(spans).as("finished spans named %s", name).hasSize(1);
    return spans.get(0);
  }

  @Nested
  @DisplayName("a send")
  class Sending {

    @Test
    @DisplayName("is a PRODUCER span with the messaging attributes, ended on confirm")
    void producerSpan() {
      Message<byte[]> message =
          Message.builder("hello".getBytes(StandardCharsets.UTF_8))
              .id("m-1")
              .correlationId("c-9")
              .build();
      SendObservation send = observer.sending(sender, message);
      assertThat(exporter.getFinishedSpanItems()).as("not ended before the confirm").isEmpty();
      send.confirmed(receipt());

      assertThat(only("send orders"))
          .hasKind(SpanKind.PRODUCER)
          .hasNoParent()
          .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
          .hasAttributesSatisfyingExactly(
              equalTo(stringKey("messaging.system"), "hermod_inmemory"),
              equalTo(stringKey("messaging.destination.name"), "orders"),
              equalTo(stringKey("messaging.operation.name"), "send"),
              equalTo(stringKey("messaging.operation.type"), "send"),
              equalTo(stringKey("messaging.message.id"), "m-1"),
              equalTo(stringKey("messaging.message.conversation_id"), "c-9"),
              equalTo(longKey("messaging.message.body.size"), 5L));
    }

    @Test
    @DisplayName("is a child of the sender's current span")
    void parentIsCurrent() {
      Span parent = otel.getTracer("test").spanBuilder("caller").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        observer.sending(sender, message("x")).confirmed(receipt());
      } finally {
        parent.end();
      }
      assertThat(only("send orders"))
          .hasTraceId(parent.getSpanContext().getTraceId())
          .hasParentSpanId(parent.getSpanContext().getSpanId());
    }

    @Test
    @DisplayName("puts its own context in a W3C traceparent header")
    void traceparentHeader() {
      SendObservation send = observer.sending(sender, message("x"));
      Map<String, String> headers = send.headers();
      send.confirmed(receipt());

      SpanData span = only("send orders");
      assertThat(headers).containsOnlyKeys("traceparent");
      assertThat(headers.get("traceparent"))
          .matches(TRACEPARENT_FORMAT)
          // The flags are the SDK's: sampled, and since W3C Trace Context level 2 also "random".
          .isEqualTo(
              "00-"
                  + span.getTraceId()
                  + "-"
                  + span.getSpanId()
                  + "-"
                  + span.getSpanContext().getTraceFlags().asHex());
      assertThat(span.getSpanContext().getTraceFlags().isSampled()).isTrue();
    }

    @Test
    @DisplayName("adds tracestate when the trace has one")
    void tracestateHeader() {
      SpanContext remote =
          SpanContext.createFromRemoteParent(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getSampled(),
              TraceState.builder().put("vendor", "v1").build());
      Map<String, String> headers;
      try (Scope ignored = Context.root().with(Span.wrap(remote)).makeCurrent()) {
        SendObservation send = observer.sending(sender, message("x"));
        headers = send.headers();
        send.confirmed(receipt());
      }
      assertThat(headers).containsEntry("tracestate", "vendor=v1");
      assertThat(headers.get("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
    }

    @Test
    @DisplayName("that fails records the exception, status ERROR and error.type")
    void failedSend() {
      observer.sending(sender, message("x")).failed(new IllegalStateException("broker down"));

      SpanData span = only("send orders");
      assertThat(span)
          .hasStatus(
              io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, "broker down"))
          .hasAttribute(stringKey("error.type"), "java.lang.IllegalStateException")
          .hasException(new IllegalStateException("broker down"));
    }

    @Test
    @DisplayName("propagates nothing when OpenTelemetry is a no-op and nothing is current")
    void noopSendsNoHeaders() {
      MessagingObserver noop = HermodTracing.builder(OpenTelemetry.noop()).build();
      SendObservation send = noop.sending(sender, message("x"));
      assertThat(send.headers()).isEmpty();
      send.confirmed(receipt());
    }
  }

  @Nested
  @DisplayName("a processed delivery")
  class Processing {

    @Test
    @DisplayName(
        "is a CONSUMER span, by default a child of the send span and not also linked to it")
    void parentedByDefault() {
      Message<byte[]> delivered = sent(observer, message("hello"));
      observer.processing(consumer, delivered, 1).succeeded();

      SpanData send = only("send orders");
      assertThat(only("process orders"))
          .hasKind(SpanKind.CONSUMER)
          .hasTraceId(send.getTraceId())
          .hasParentSpanId(send.getSpanId())
          // The conventions make the link optional when the creation context is the parent.
          .hasTotalRecordedLinks(0)
          .hasAttributesSatisfyingExactly(
              equalTo(stringKey("messaging.system"), "hermod_inmemory"),
              equalTo(stringKey("messaging.destination.name"), "orders"),
              equalTo(stringKey("messaging.consumer.group.name"), "billing"),
              equalTo(stringKey("messaging.operation.name"), "process"),
              equalTo(stringKey("messaging.operation.type"), "process"),
              equalTo(stringKey("messaging.message.id"), "m-1"),
              equalTo(longKey("messaging.message.body.size"), 5L),
              equalTo(longKey("hermod.delivery.attempt"), 1L));
    }

    @Test
    @DisplayName("when LINKED starts in the consumer's context and only links to the send span")
    void linked() {
      MessagingObserver linked =
          HermodTracing.builder(otel).consumerSpans(ConsumerSpans.LINKED).build();
      Message<byte[]> delivered = sent(linked, message("hello"));
      linked.processing(consumer, delivered, 1).succeeded();

      SpanData send = only("send orders");
      SpanData process = only("process orders");
      assertThat(process).hasNoParent();
      assertThat(process.getTraceId()).isNotEqualTo(send.getTraceId());
      assertThat(process.getLinks())
          .singleElement()
          .satisfies(
              link -> {
                assertThat(link.getSpanContext().getTraceId()).isEqualTo(send.getTraceId());
                assertThat(link.getSpanContext().getSpanId()).isEqualTo(send.getSpanId());
              });
    }

    @Test
    @DisplayName("without trace context in the message starts in the consumer's context, unlinked")
    void noTraceContext() {
      observer.processing(consumer, message("x"), 1).succeeded();
      assertThat(only("process orders")).hasNoParent().hasTotalRecordedLinks(0);
    }

    @Test
    @DisplayName("with a malformed traceparent starts a new trace rather than failing")
    void malformedTraceparent() {
      Message<byte[]> delivered =
          message("x").toBuilder().header("traceparent", "00-not-a-context").build();
      observer.processing(consumer, delivered, 1).succeeded();
      assertThat(only("process orders")).hasNoParent().hasTotalRecordedLinks(0);
    }

    @Test
    @DisplayName("is current while entered, so the handler's reply is its child")
    void enterMakesCurrent() {
      Message<byte[]> delivered = sent(observer, message("request"));
      ProcessObservation process = observer.processing(consumer, delivered, 1);
      SpanContext inside;
      try (ObservationScope ignored = process.enter()) {
        inside = Span.current().getSpanContext();
        SendObservation reply = observer.sending(sender, message("reply"));
        reply.confirmed(receipt());
      }
      assertThat(Span.current().getSpanContext().isValid()).as("restored after close").isFalse();
      process.succeeded();

      SpanData processSpan = only("process orders");
      assertThat(inside.getSpanId()).isEqualTo(processSpan.getSpanId());
      List<SpanData> sends =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals("send orders"))
              .toList();
      assertThat(sends).hasSize(2);
      assertThat(sends.get(1))
          .hasTraceId(processSpan.getTraceId())
          .hasParentSpanId(processSpan.getSpanId());
    }

    @Test
    @DisplayName("that fails records the exception, status ERROR, error.type and what came next")
    void failed() {
      observer
          .processing(consumer, sent(observer, message("x")), 3)
          .failed(new IllegalArgumentException("bad order"), AfterFailure.DEAD_LETTER);

      assertThat(only("process orders"))
          .hasStatus(
              io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, "bad order"))
          .hasException(new IllegalArgumentException("bad order"))
          .hasAttribute(stringKey("error.type"), "java.lang.IllegalArgumentException")
          .hasAttribute(stringKey("hermod.after_failure"), "dead_letter")
          .hasAttribute(longKey("hermod.delivery.attempt"), 3L);
    }

    @Test
    @DisplayName("redelivered is a new span with its attempt, in the same trace")
    void redelivery() {
      Message<byte[]> delivered = sent(observer, message("x"));
      observer
          .processing(consumer, delivered, 1)
          .failed(new IllegalStateException("once"), AfterFailure.REDELIVER);
      observer.processing(consumer, delivered, 2).succeeded();

      SpanData send = only("send orders");
      List<SpanData> processes =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals("process orders"))
              .toList();
      assertThat(processes)
          .extracting(s -> s.getAttributes().get(longKey("hermod.delivery.attempt")))
          .containsExactly(1L, 2L);
      assertThat(processes)
          .extracting(s -> s.getAttributes().get(stringKey("hermod.after_failure")))
          .containsExactly("redeliver", null);
      assertThat(processes).allSatisfy(p -> assertThat(p).hasParentSpanId(send.getSpanId()));
      assertThat(processes.get(0).getSpanId()).isNotEqualTo(processes.get(1).getSpanId());
    }

    @Test
    @DisplayName("with a no-op OpenTelemetry still carries the message's context to the handler")
    void noopPropagates() {
      Message<byte[]> delivered = sent(observer, message("x"));
      SpanData send = only("send orders");
      MessagingObserver noop = HermodTracing.builder(OpenTelemetry.noop()).build();
      ProcessObservation process = noop.processing(consumer, delivered, 1);
      try (ObservationScope ignored = process.enter()) {
        assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(send.getTraceId());
        assertThat(noop.sending(sender, message("y")).headers().get("traceparent"))
            .contains(send.getTraceId());
      }
      process.succeeded();
    }
  }

  @Nested
  @DisplayName("an RPC request")
  class Requesting {

    @Test
    @DisplayName("is a CLIENT span, the parent of the request's send, ended on the reply")
    void parentsTheSend() {
      Message<String> request = Message.builder("q").id("r-1").correlationId("r-1").build();
      RequestObservation observation = observer.requesting(sender, request);
      try (ObservationScope ignored = observation.enter()) {
        observer.sending(sender, message("q")).confirmed(receipt());
      }
      assertThat(exporter.getFinishedSpanItems())
          .extracting(SpanData::getName)
          .containsExactly("send orders");
      observation.replied();

      SpanData requestSpan = only("request orders");
      assertThat(requestSpan)
          .hasKind(SpanKind.CLIENT)
          .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
          .hasAttributesSatisfyingExactly(
              equalTo(stringKey("messaging.system"), "hermod_inmemory"),
              equalTo(stringKey("messaging.destination.name"), "orders"),
              equalTo(stringKey("messaging.operation.name"), "request"),
              equalTo(stringKey("messaging.message.id"), "r-1"),
              equalTo(stringKey("messaging.message.conversation_id"), "r-1"));
      assertThat(only("send orders"))
          .hasTraceId(requestSpan.getTraceId())
          .hasParentSpanId(requestSpan.getSpanId());
    }

    @Test
    @DisplayName("that times out has status ERROR and error.type timeout")
    void timedOut() {
      observer.requesting(sender, Message.of("q")).timedOut();
      assertThat(only("request orders"))
          .hasStatus(
              io.opentelemetry.sdk.trace.data.StatusData.create(
                  StatusCode.ERROR, "no reply within the timeout"))
          .hasAttribute(stringKey("error.type"), "timeout");
    }

    @Test
    @DisplayName("that fails records the exception")
    void failed() {
      observer.requesting(sender, Message.of("q")).failed(new IllegalStateException("no route"));
      assertThat(only("request orders"))
          .hasException(new IllegalStateException("no route"))
          .hasAttribute(stringKey("error.type"), "java.lang.IllegalStateException");
    }
  }

  @Nested
  @DisplayName("the sampler")
  class Sampling {

    /** What the sampler was shown, by span name. */
    private final Map<String, Attributes> seen = new ConcurrentHashMap<>();

    private final Sampler recording =
        new Sampler() {
          @Override
          public SamplingResult shouldSample(
              Context parentContext,
              String traceId,
              String name,
              SpanKind spanKind,
              Attributes attributes,
              List<LinkData> parentLinks) {
            // A copy: the SDK hands over the span's own attribute map, which fills up later.
            seen.put(name, attributes.toBuilder().build());
            return SamplingResult.recordAndSample();
          }

          @Override
          public String getDescription() {
            return "records what it sees";
          }
        };

    private final InMemorySpanExporter sampledExporter = InMemorySpanExporter.create();
    private final SdkTracerProvider sampledProvider =
        SdkTracerProvider.builder()
            .setSampler(recording)
            .addSpanProcessor(SimpleSpanProcessor.create(sampledExporter))
            .build();
    private final OpenTelemetry sampledOtel =
        OpenTelemetrySdk.builder().setTracerProvider(sampledProvider).build();

    @AfterEach
    void closeSampledSdk() {
      sampledProvider.close();
    }

    private void sendAndProcess(MessagingObserver observer) {
      observer.processing(consumer, sent(observer, message("hello")), 1).succeeded();
      observer.requesting(sender, message("q")).replied();
    }

    @Test
    @DisplayName("sees the messaging attributes when a span starts, by default")
    void seesAttributes() {
      sendAndProcess(HermodTracing.builder(sampledOtel).build());

      assertThat(seen.get("send orders").asMap())
          .containsOnly(
              Map.entry(stringKey("messaging.system"), "hermod_inmemory"),
              Map.entry(stringKey("messaging.destination.name"), "orders"),
              Map.entry(stringKey("messaging.operation.name"), "send"),
              Map.entry(stringKey("messaging.operation.type"), "send"));
      assertThat(seen.get("process orders").asMap())
          .containsEntry(stringKey("messaging.consumer.group.name"), "billing")
          .containsEntry(stringKey("messaging.operation.type"), "process")
          .hasSize(5);
      assertThat(seen.get("request orders").asMap())
          .containsEntry(stringKey("messaging.operation.name"), "request")
          .hasSize(3);
    }

    @Test
    @DisplayName("sees none when told not to, and the recorded spans are the same")
    void withoutAttributes() {
      sendAndProcess(HermodTracing.builder(sampledOtel).samplingAttributes(false).build());
      List<SpanData> late = List.copyOf(sampledExporter.getFinishedSpanItems());
      assertThat(seen).containsOnlyKeys("send orders", "process orders", "request orders");
      assertThat(seen.values()).allSatisfy(attributes -> assertThat(attributes.isEmpty()).isTrue());

      sampledExporter.reset();
      sendAndProcess(HermodTracing.builder(sampledOtel).build());
      List<SpanData> early = sampledExporter.getFinishedSpanItems();
      assertThat(late).hasSize(3);
      for (int i = 0; i < late.size(); i++) {
        assertThat(late.get(i).getName()).isEqualTo(early.get(i).getName());
        assertThat(late.get(i).getAttributes().asMap())
            .isEqualTo(early.get(i).getAttributes().asMap());
      }
    }
  }

  @Test
  @DisplayName("the builder rejects null")
  void rejectsNull() {
    assertThatNullPointerException()
        .isThrownBy(() -> HermodTracing.builder(null))
        .withMessage("openTelemetry");
    assertThatNullPointerException()
        .isThrownBy(() -> HermodTracing.builder(otel).consumerSpans(null))
        .withMessage("consumerSpans");
  }
}
