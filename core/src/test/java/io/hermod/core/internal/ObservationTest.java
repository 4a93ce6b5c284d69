package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.SubscriptionOptions;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.CircuitState;
import io.hermod.spi.observation.DeadLetterReason;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ObservationScope;
import io.hermod.spi.observation.ProcessObservation;
import io.hermod.spi.observation.SendObservation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What core tells an installed observer, against the SPI test double. */
class ObservationTest {

  /** What the recording observer has made current on this thread, as a tracer would. */
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicReference<Supplier<ChannelStatistics>> statistics = new AtomicReference<>();
  private final ManualBinding binding = new ManualBinding();
  private final CoreMessaging messaging = binding.messaging(new Recorder());

  @AfterEach
  void close() {
    messaging.close();
  }

  private static Message<byte[]> text(String payload) {
    return Message.builder(payload.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void aSendCarriesTheObserversHeadersAndIsConfirmedBeforeTheCallerSeesItsReceipt()
      throws Exception {
    messaging.declare(ChannelSpec.queue("q").build());
    Receipt r =
        messaging
            .publisher("q", String.class)
            .send("x")
            .thenApply(
                receipt -> {
                  events.add("caller saw receipt");
                  return receipt;
                })
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(binding.sent("q").get(0).headers()).containsEntry("traceparent", "tp-q");
    assertThat(events)
        .containsSubsequence("send q current=null", "confirmed q", "caller saw receipt");
  }

  @Test
  void aHandledDeliveryIsProcessedInsideItsScope() {
    messaging.declare(ChannelSpec.queue("q").build());
    AtomicReference<String> currentInHandler = new AtomicReference<>();
    messaging.subscribe(
        "q",
        String.class,
        SubscriptionOptions.named("s"),
        d -> currentInHandler.set(CURRENT.get()));
    ManualBinding.Manual d = binding.deliver("q", text("x"), 1);
    Deadline.await("settled", d::settled);
    Deadline.await("observed", () -> events.contains("succeeded q/s"));
    assertThat(currentInHandler.get()).isEqualTo("process q/s");
    assertThat(events).contains("subscribed q/s", "process q/s attempt 1");
  }

  @Test
  void aFailureIsReportedWithWhatCoreDidNextAndTheDeadLetterSendIsCausedByTheProcessing() {
    messaging.declare(ChannelSpec.queue("q").maxDeliveryAttempts(2).build());
    messaging.subscribe(
        "q",
        String.class,
        SubscriptionOptions.named("s"),
        d -> {
          throw new IllegalStateException("no");
        });
    ManualBinding.Manual first = binding.deliver("q", text("x"), 1);
    Deadline.await("first settled", first::settled);
    ManualBinding.Manual last = binding.deliver("q", text("y"), 2);
    Deadline.await("last settled", last::settled);
    Deadline.await("dead-lettered", () -> events.contains("deadLettered q/s exhausted 2"));
    assertThat(events)
        .contains(
            "failed q/s IllegalStateException REDELIVER",
            "send q.dlq current=process q/s",
            "failed q/s IllegalStateException DEAD_LETTER");
  }

  @Test
  void filteredAndDuplicateDeliveriesAreReportedWithoutProcessing() {
    messaging.declare(ChannelSpec.topic("t").build());
    messaging.declare(ChannelSpec.queue("fifo").guarantee(DeliveryGuarantee.EXACTLY_ONCE).build());
    messaging.subscribe(
        "t",
        String.class,
        SubscriptionOptions.builder().name("s").filter(Filter.routingKey("a.*")).build(),
        d -> {});
    messaging.subscribe("fifo", String.class, SubscriptionOptions.named("s"), d -> {});
    Message<byte[]> other = text("x").toBuilder().routingKey("b.c").build();
    Deadline.await("filtered settled", binding.deliver("t", other, 1)::settled);
    Message<byte[]> once = text("y");
    Deadline.await("first settled", binding.deliver("fifo", once, 1)::settled);
    Deadline.await("duplicate settled", binding.deliver("fifo", once, 1)::settled);
    assertThat(events).contains("filtered t/s", "deduplicated fifo/s");
    assertThat(events.stream().filter(e -> e.startsWith("process fifo/s"))).hasSize(1);
  }

  @Test
  void statisticsComeFromTheBindingAndUnknownStaysUnknown() {
    messaging.declare(ChannelSpec.queue("q").build());
    messaging.subscribe("q", String.class, SubscriptionOptions.named("s"), d -> {});
    assertThat(statistics.get().get().waiting()).isEmpty();
    assertThat(messaging.statistics("q", "s")).isEqualTo(ChannelStatistics.unknown());
  }

  @Test
  void theCircuitStartsClosedAndClosingIsReported() {
    messaging.declare(ChannelSpec.queue("q").build());
    messaging.subscribe("q", String.class, SubscriptionOptions.named("s"), d -> {});
    messaging.close();
    assertThat(events).startsWith("circuit CLOSED");
    assertThat(events).endsWith("unsubscribed q/s", "closed manual");
  }

  @Test
  void anObserverThatThrowsChangesNothing() throws Exception {
    ManualBinding other = new ManualBinding();
    MessagingObserver broken =
        new MessagingObserver() {
          @Override
          public SendObservation sending(Endpoint endpoint, Message<byte[]> message) {
            throw new IllegalStateException("broken observer");
          }

          @Override
          public ProcessObservation processing(
              Endpoint endpoint, Message<byte[]> message, int attempt) {
            throw new IllegalStateException("broken observer");
          }
        };
    try (CoreMessaging m = other.messaging(ObserverFanOut.of(List.of(broken)))) {
      m.declare(ChannelSpec.queue("q").build());
      m.subscribe("q", String.class, d -> {});
      m.publisher("q", String.class).send("x").toCompletableFuture().get(5, TimeUnit.SECONDS);
      ManualBinding.Manual d = other.deliver("q", text("y"), 1);
      Deadline.await("settled", d::settled);
      assertThat(d.settlement.get()).isEqualTo("ack");
    }
  }

  private static String where(Endpoint e) {
    return e.channelName() + (e.subscription() == null ? "" : "/" + e.subscription());
  }

  /** Records events as text and, like a tracer, makes processing current while it runs. */
  private final class Recorder implements MessagingObserver {

    @Override
    public SendObservation sending(Endpoint endpoint, Message<byte[]> message) {
      events.add("send " + where(endpoint) + " current=" + CURRENT.get());
      return new SendObservation() {
        @Override
        public Map<String, String> headers() {
          return Map.of("traceparent", "tp-" + endpoint.channelName());
        }

        @Override
        public void confirmed(Receipt receipt) {
          events.add("confirmed " + where(endpoint));
        }

        @Override
        public void failed(Throwable error) {
          events.add("send failed " + where(endpoint) + " " + error.getClass().getSimpleName());
        }
      };
    }

    @Override
    public ProcessObservation processing(Endpoint endpoint, Message<byte[]> message, int attempt) {
      events.add("process " + where(endpoint) + " attempt " + attempt);
      return new ProcessObservation() {
        @Override
        public ObservationScope enter() {
          String before = CURRENT.get();
          CURRENT.set("process " + where(endpoint));
          return () -> CURRENT.set(before);
        }

        @Override
        public void succeeded() {
          events.add("succeeded " + where(endpoint));
        }

        @Override
        public void failed(Throwable error, AfterFailure then) {
          events.add(
              "failed " + where(endpoint) + " " + error.getClass().getSimpleName() + " " + then);
        }
      };
    }

    @Override
    public void filtered(Endpoint endpoint, Message<byte[]> message) {
      events.add("filtered " + where(endpoint));
    }

    @Override
    public void deduplicated(Endpoint endpoint, Message<byte[]> message) {
      events.add("deduplicated " + where(endpoint));
    }

    @Override
    public void deadLettered(
        Endpoint endpoint,
        Message<byte[]> message,
        DeadLetterReason reason,
        int attempts,
        Throwable error) {
      events.add("deadLettered " + where(endpoint) + " " + reason.tag() + " " + attempts);
    }

    @Override
    public void subscribed(Endpoint endpoint, Supplier<ChannelStatistics> s) {
      events.add("subscribed " + where(endpoint));
      statistics.set(s);
    }

    @Override
    public void unsubscribed(Endpoint endpoint) {
      events.add("unsubscribed " + where(endpoint));
    }

    @Override
    public void circuitState(String binding, CircuitState state) {
      events.add("circuit " + state);
    }

    @Override
    public void closed(String binding) {
      events.add("closed " + binding);
    }
  }
}
