package io.hermod.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Message;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Receipt;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.CircuitState;
import io.hermod.spi.observation.DeadLetterReason;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ProcessObservation;
import io.hermod.spi.observation.RequestObservation;
import io.hermod.spi.observation.SendObservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The observer fed directly with endpoints and messages, no broker: exact names, tags, values. */
class MicrometerObserverTest {

  private static final ChannelSpec ORDERS = ChannelSpec.queue("orders").build();
  private static final Endpoint SEND = new Endpoint("kafka", "kafka", ORDERS, null);
  private static final Endpoint CONSUME = new Endpoint("kafka", "kafka", ORDERS, "billing");
  private static final Message<byte[]> MESSAGE = Message.of("{}".getBytes(StandardCharsets.UTF_8));
  private static final Receipt RECEIPT =
      new Receipt("kafka", "orders", MESSAGE.id(), "orders-0@1", Instant.EPOCH);

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final MessagingObserver observer = HermodMetrics.observer(registry);

  @Nested
  @DisplayName("sending")
  class Sending {

    @Test
    @DisplayName("counts a confirmed send with the semantic conventions' tags and error.type none")
    void confirmed() {
      SendObservation send = observer.sending(SEND, MESSAGE);
      clock.add(Duration.ofMillis(7));
      send.confirmed(RECEIPT);

      Counter sent = registry.get("messaging.client.sent.messages").counter();
      assertThat(sent.count()).isEqualTo(1);
      assertThat(sent.getId().getTags())
          .containsExactlyInAnyOrder(
              Tag.of("messaging.system", "kafka"),
              Tag.of("hermod.binding", "kafka"),
              Tag.of("messaging.destination.name", "orders"),
              Tag.of("messaging.operation.name", "send"),
              Tag.of("error.type", "none"));
      Timer duration = registry.get("messaging.client.operation.duration").timer();
      assertThat(duration.count()).isEqualTo(1);
      assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
      assertThat(duration.getId().getTags()).isEqualTo(sent.getId().getTags());
    }

    @Test
    @DisplayName("tags a failed send with the exception's fully qualified class name")
    void failed() {
      observer
          .sending(SEND, MESSAGE)
          .failed(new MessagingTimeoutException("kafka", "orders", "no confirm", null));
      observer.sending(SEND, MESSAGE).confirmed(RECEIPT);

      assertThat(
              registry
                  .get("messaging.client.sent.messages")
                  .tag("error.type", "io.hermod.api.MessagingTimeoutException")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("messaging.client.sent.messages")
                  .tag("error.type", "none")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("messaging.client.operation.duration")
                  .tag("error.type", "io.hermod.api.MessagingTimeoutException")
                  .timer()
                  .count())
          .isEqualTo(1);
    }

    @Test
    @DisplayName("names the cause's type when the failure only wraps it for a future")
    void unwrapsCompletionException() {
      observer
          .sending(SEND, MESSAGE)
          .failed(new CompletionException(new IllegalStateException("broker said no")));

      assertThat(
              registry
                  .get("messaging.client.sent.messages")
                  .tag("error.type", "java.lang.IllegalStateException")
                  .counter()
                  .count())
          .isEqualTo(1);
    }

    @Test
    @DisplayName("makes the meters once per endpoint, not per message")
    void metersPerEndpoint() {
      for (int i = 0; i < 100; i++) {
        observer.sending(SEND, MESSAGE).confirmed(RECEIPT);
      }
      Endpoint other = new Endpoint("kafka", "kafka", ChannelSpec.queue("invoices").build(), null);
      observer.sending(other, MESSAGE).confirmed(RECEIPT);

      assertThat(registry.find("messaging.client.sent.messages").counters()).hasSize(2);
      assertThat(
              registry
                  .get("messaging.client.sent.messages")
                  .tag("messaging.destination.name", "orders")
                  .counter()
                  .count())
          .isEqualTo(100);
    }
  }

  @Nested
  @DisplayName("consuming")
  class Consuming {

    @Test
    @DisplayName("counts deliveries handed over and times processing until settled")
    void processed() {
      ProcessObservation process = observer.processing(CONSUME, MESSAGE, 1);
      clock.add(Duration.ofMillis(3));
      process.succeeded();

      Counter consumed = registry.get("messaging.client.consumed.messages").counter();
      assertThat(consumed.count()).isEqualTo(1);
      assertThat(consumed.getId().getTags())
          .containsExactlyInAnyOrder(
              Tag.of("messaging.system", "kafka"),
              Tag.of("hermod.binding", "kafka"),
              Tag.of("messaging.destination.name", "orders"),
              Tag.of("messaging.consumer.group.name", "billing"),
              Tag.of("messaging.operation.name", "process"));
      Timer duration = registry.get("messaging.process.duration").tag("error.type", "none").timer();
      assertThat(duration.count()).isEqualTo(1);
      assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
    }

    @Test
    @DisplayName("gauges the handlers running now")
    void inFlight() {
      ProcessObservation first = observer.processing(CONSUME, MESSAGE, 1);
      ProcessObservation second = observer.processing(CONSUME, MESSAGE, 1);
      Gauge inFlight = registry.get("hermod.consumer.inflight").gauge();
      assertThat(inFlight.value()).isEqualTo(2);

      first.succeeded();
      second.failed(new IllegalStateException(), AfterFailure.REDELIVER);
      assertThat(inFlight.value()).isZero();
    }

    @Test
    @DisplayName("counts what core did after a failure: redeliver, drop; dead letters by reason")
    void afterFailure() {
      observer
          .processing(CONSUME, MESSAGE, 1)
          .failed(new IllegalArgumentException(), AfterFailure.REDELIVER);
      observer
          .processing(CONSUME, MESSAGE, 2)
          .failed(new IllegalArgumentException(), AfterFailure.REDELIVER);
      observer
          .processing(CONSUME, MESSAGE, 3)
          .failed(new IllegalArgumentException(), AfterFailure.DEAD_LETTER);
      observer.deadLettered(
          CONSUME, MESSAGE, DeadLetterReason.EXHAUSTED, 3, new IllegalArgumentException());
      observer.deadLettered(
          CONSUME, MESSAGE, DeadLetterReason.UNDECODABLE, 1, new IllegalArgumentException());
      observer
          .processing(CONSUME, MESSAGE, 3)
          .failed(new IllegalArgumentException(), AfterFailure.DROP);

      assertThat(registry.get("hermod.consumer.redeliveries").counter().count()).isEqualTo(2);
      assertThat(registry.get("hermod.consumer.dropped").counter().count()).isEqualTo(1);
      assertThat(
              registry
                  .get("hermod.consumer.dead.lettered")
                  .tag("hermod.dead_letter.reason", "exhausted")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("hermod.consumer.dead.lettered")
                  .tag("hermod.dead_letter.reason", "undecodable")
                  .tag("messaging.consumer.group.name", "billing")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("messaging.process.duration")
                  .tag("error.type", "java.lang.IllegalArgumentException")
                  .timer()
                  .count())
          .isEqualTo(4);
    }

    @Test
    @DisplayName(
        "counts filtered, expired and deduplicated deliveries, which never reach a handler")
    void droppedBeforeTheHandler() {
      observer.filtered(CONSUME, MESSAGE);
      observer.filtered(CONSUME, MESSAGE);
      observer.expired(CONSUME, MESSAGE);
      observer.deduplicated(CONSUME, MESSAGE);

      assertThat(registry.get("hermod.consumer.filtered").counter().count()).isEqualTo(2);
      assertThat(registry.get("hermod.consumer.expired").counter().count()).isEqualTo(1);
      assertThat(registry.get("hermod.consumer.deduplicated").counter().count()).isEqualTo(1);
      assertThat(registry.get("messaging.client.consumed.messages").counter().count()).isZero();
    }
  }

  @Nested
  @DisplayName("backlog")
  class Backlog {

    @Test
    @DisplayName("reads NaN, not zero, where the broker cannot tell")
    void unknownIsNaN() {
      observer.subscribed(CONSUME, ChannelStatistics::unknown);

      assertThat(registry.get("hermod.broker.backlog").gauge().value()).isNaN();
      assertThat(registry.get("hermod.broker.inflight").gauge().value()).isNaN();
    }

    @Test
    @DisplayName("reads the broker's figures through core's supplier, on each registry read")
    void known() {
      AtomicReference<ChannelStatistics> now =
          new AtomicReference<>(ChannelStatistics.unknown().withWaiting(42).withInFlight(3));
      AtomicInteger asked = new AtomicInteger();
      observer.subscribed(
          CONSUME,
          () -> {
            asked.incrementAndGet();
            return now.get();
          });

      Gauge backlog = registry.get("hermod.broker.backlog").gauge();
      assertThat(backlog.value()).isEqualTo(42);
      assertThat(registry.get("hermod.broker.inflight").gauge().value()).isEqualTo(3);
      now.set(ChannelStatistics.unknown().withWaiting(0));
      assertThat(backlog.value()).isZero();
      // One call per read: the caching is core's (a second), not repeated here.
      assertThat(asked).hasValue(3);
      assertThat(backlog.getId().getTags())
          .contains(Tag.of("messaging.consumer.group.name", "billing"));
    }

    @Test
    @DisplayName("reads NaN when the broker does not answer")
    void failingSupplier() {
      observer.subscribed(
          CONSUME,
          () -> {
            throw new IllegalStateException("broker down");
          });

      assertThat(registry.get("hermod.broker.backlog").gauge().value()).isNaN();
    }

    @Test
    @DisplayName("goes with its subscription: unsubscribed removes the gauges")
    void unsubscribed() {
      observer.subscribed(CONSUME, ChannelStatistics::unknown);
      observer.processing(CONSUME, MESSAGE, 1).succeeded();
      observer.unsubscribed(CONSUME);

      assertThat(registry.find("hermod.broker.backlog").gauges()).isEmpty();
      assertThat(registry.find("hermod.broker.inflight").gauges()).isEmpty();
      assertThat(registry.find("hermod.consumer.inflight").gauges()).isEmpty();
      // The counts stay: a counter holds nothing of the facade.
      assertThat(registry.get("messaging.client.consumed.messages").counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a second subscription with the same names keeps the gauges until both stop")
    void twoSubscriptions() {
      Endpoint twin = new Endpoint("kafka", "kafka", ORDERS, "billing");
      observer.subscribed(CONSUME, () -> ChannelStatistics.unknown().withWaiting(5));
      observer.subscribed(twin, () -> ChannelStatistics.unknown().withWaiting(5));

      observer.unsubscribed(CONSUME);
      assertThat(registry.get("hermod.broker.backlog").gauge().value()).isEqualTo(5);
      observer.unsubscribed(twin);
      assertThat(registry.find("hermod.broker.backlog").gauges()).isEmpty();
    }
  }

  @Nested
  @DisplayName("closing")
  class Closing {

    @Test
    @DisplayName("removes every gauge of the binding and none of another binding")
    void closedRemovesTheBindingsGauges() {
      Endpoint sqs = new Endpoint("sqs", "aws_sqs", ORDERS, "billing");
      observer.subscribed(CONSUME, ChannelStatistics::unknown);
      observer.subscribed(sqs, ChannelStatistics::unknown);
      observer.circuitState("kafka", CircuitState.CLOSED);
      observer.processing(CONSUME, MESSAGE, 1).succeeded();

      observer.closed("kafka");

      assertThat(gaugesOf("kafka")).isEmpty();
      assertThat(gaugesOf("sqs"))
          .extracting(m -> m.getId().getName())
          .containsExactlyInAnyOrder(
              "hermod.broker.backlog", "hermod.broker.inflight", "hermod.consumer.inflight");
    }

    private java.util.List<Meter> gaugesOf(String binding) {
      return registry.getMeters().stream()
          .filter(m -> m instanceof Gauge)
          .filter(m -> binding.equals(m.getId().getTag("hermod.binding")))
          .toList();
    }
  }

  @Nested
  @DisplayName("RPC")
  class Rpc {

    private final Endpoint requests = new Endpoint("kafka", "kafka", ORDERS, null);

    @Test
    @DisplayName("counts requests and timeouts, and times each outcome by error.type")
    void outcomes() {
      RequestObservation replied = observer.requesting(requests, Message.of("q"));
      clock.add(Duration.ofMillis(5));
      replied.replied();
      observer.requesting(requests, Message.of("q")).timedOut();
      observer.requesting(requests, Message.of("q")).failed(new IllegalStateException());

      assertThat(registry.get("hermod.rpc.requests").counter().count()).isEqualTo(3);
      assertThat(registry.get("hermod.rpc.timeouts").counter().count()).isEqualTo(1);
      Timer ok = registry.get("hermod.rpc.duration").tag("error.type", "none").timer();
      assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
      assertThat(registry.get("hermod.rpc.duration").tag("error.type", "timeout").timer().count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("hermod.rpc.duration")
                  .tag("error.type", "java.lang.IllegalStateException")
                  .timer()
                  .count())
          .isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("circuit breaker")
  class Circuit {

    @Test
    @DisplayName("one gauge per state reads 1 for the current state, 0 for the others")
    void states() {
      observer.circuitState("kafka", CircuitState.CLOSED);
      assertThat(state("closed")).isEqualTo(1);
      assertThat(state("open")).isZero();
      assertThat(state("half_open")).isZero();

      observer.circuitState("kafka", CircuitState.OPEN);
      assertThat(state("closed")).isZero();
      assertThat(state("open")).isEqualTo(1);
    }

    private double state(String state) {
      return registry
          .get("hermod.circuit.state")
          .tags("hermod.binding", "kafka", "state", state)
          .gauge()
          .value();
    }
  }

  @Nested
  @DisplayName("broker traffic")
  class Traffic {

    @Test
    @DisplayName("counts requests, billed requests and bytes per channel and operation")
    void counts() {
      observer.brokerTraffic("sqs", "orders", BrokerOperation.SEND, 1, 2, 100_000);
      observer.brokerTraffic("sqs", "orders", BrokerOperation.SEND, 1, 1, 10);
      observer.brokerTraffic("sqs", "orders", BrokerOperation.RECEIVE, 1, 1, 0);

      Tags send =
          Tags.of(
              "hermod.binding",
              "sqs",
              "messaging.destination.name",
              "orders",
              "hermod.broker.operation",
              "send");
      assertThat(registry.get("hermod.broker.requests").tags(send).counter().count()).isEqualTo(2);
      assertThat(registry.get("hermod.broker.billed.requests").tags(send).counter().count())
          .isEqualTo(3);
      assertThat(registry.get("hermod.broker.bytes").tags(send).counter().count())
          .isEqualTo(100_010);
      assertThat(
              registry
                  .get("hermod.broker.requests")
                  .tag("hermod.broker.operation", "receive")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(registry.find("hermod.broker.requests").counters()).hasSize(2);
    }
  }

  @Nested
  @DisplayName("configuration")
  class Configuration {

    @Test
    @DisplayName("extra tags go on every meter")
    void extraTags() {
      MessagingObserver tagged = HermodMetrics.builder(registry).tag("application", "shop").build();
      tagged.sending(SEND, MESSAGE).confirmed(RECEIPT);
      tagged.subscribed(CONSUME, ChannelStatistics::unknown);
      tagged.brokerTraffic("kafka", "orders", BrokerOperation.SEND, 1, 1, 1);
      tagged.circuitState("kafka", CircuitState.CLOSED);

      assertThat(registry.getMeters())
          .isNotEmpty()
          .allSatisfy(m -> assertThat(m.getId().getTag("application")).isEqualTo("shop"));
    }

    @Test
    @DisplayName("percentile histograms are off unless asked for")
    void histograms() {
      assertThat(sendTimerPublishesHistogram(false)).isFalse();
      assertThat(sendTimerPublishesHistogram(true)).isTrue();
    }

    /**
     * What the timer asked the registry for. SimpleMeterRegistry never makes percentile buckets, so
     * a meter filter reads the timer's distribution configuration instead.
     */
    private boolean sendTimerPublishesHistogram(boolean enabled) {
      SimpleMeterRegistry fresh = new SimpleMeterRegistry();
      AtomicReference<Boolean> asked = new AtomicReference<>();
      fresh
          .config()
          .meterFilter(
              new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(
                    Meter.Id id, DistributionStatisticConfig config) {
                  if (id.getName().equals("messaging.client.operation.duration")) {
                    asked.set(Boolean.TRUE.equals(config.isPercentileHistogram()));
                  }
                  return config;
                }
              });
      HermodMetrics.builder(fresh)
          .percentileHistograms(enabled)
          .build()
          .sending(SEND, MESSAGE)
          .confirmed(RECEIPT);
      assertThat(asked.get()).isNotNull();
      return asked.get();
    }

    @Test
    @DisplayName("rejects, all at once, extra tags whose keys Hermod sets itself")
    void ownKeysRejected() {
      assertThatThrownBy(
              () ->
                  HermodMetrics.builder(registry)
                      .tag("messaging.system", "rabbit")
                      .tag("error.type", "x")
                      .tag("application", "shop")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("extra tag 'messaging.system' (value 'rabbit')")
          .hasMessageContaining("extra tag 'error.type' (value 'x')")
          .hasMessageNotContaining("application");
    }
  }
}
