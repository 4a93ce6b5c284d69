package io.hermod.core.internal;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Health;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.SubscriptionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An SPI test double for core's pipeline: not a broker, just the binding contract driven by the
 * test. Sends are recorded and confirmed at once; deliveries are pushed by the test and record how
 * core settled them.
 */
final class ManualBinding implements Binding {

  final Map<String, List<Message<byte[]>>> sent = new ConcurrentHashMap<>();
  final Map<String, InboundHandler> handlers = new ConcurrentHashMap<>();
  final Map<String, ManualInbound> inbounds = new ConcurrentHashMap<>();
  final List<String> decommissioned = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();

  /** What {@link #capabilities()} answers. */
  volatile Capabilities capabilities = new Capabilities(EnumSet.allOf(Capability.class), 1000);

  /** What {@link #processedIdStore} answers; {@code null} for none. */
  volatile ProcessedIdStore store;

  /**
   * A core runtime over this double with five-second timeouts, plain codecs and the system clock.
   */
  CoreMessaging messaging() {
    return messaging(null);
  }

  /** The same, with an observer installed ({@code null} for none). */
  CoreMessaging messaging(
      io.hermod.spi.observation.@org.jspecify.annotations.Nullable MessagingObserver observer) {
    CoreConfig config =
        new CoreConfig(
            "manual",
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            1000,
            50,
            Duration.ofSeconds(5),
            20);
    return new CoreMessaging(
        this, "manual", config, Codecs.create(List.of(), false), Clock.systemUTC(), observer);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public Optional<ProcessedIdStore> processedIdStore(
      ChannelSpec channel, SubscriptionSpec subscription) {
    return Optional.ofNullable(store);
  }

  @Override
  public void start() {}

  @Override
  public void provision(ChannelSpec channel) {}

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {}

  @Override
  public void decommission(ChannelSpec channel) {
    decommissioned.add(channel.name());
  }

  @Override
  public Outbound outbound(ChannelSpec channel) {
    return batch -> {
      sent.computeIfAbsent(channel.name(), n -> new CopyOnWriteArrayList<>()).addAll(batch);
      InboundHandler h = handlers.get(channel.name());
      if (h != null) {
        batch.forEach(m -> h.onDelivery(new Manual(m, 1)));
      }
      return batch.stream()
          .map(
              m ->
                  CompletableFuture.completedFuture(
                      new Receipt("manual", channel.name(), m.id(), "", Instant.now())))
          .toList();
    };
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    handlers.put(channel.name(), handler);
    ManualInbound in = new ManualInbound();
    inbounds.put(channel.name(), in);
    return in;
  }

  /** Hands a delivery to core's handler of {@code channel}. */
  Manual deliver(String channel, Message<byte[]> message, int deliveryCount) {
    Manual d = new Manual(message, deliveryCount);
    handlers.get(channel).onDelivery(d);
    return d;
  }

  List<Message<byte[]>> sent(String channel) {
    return sent.getOrDefault(channel, List.of());
  }

  @Override
  public Health health() {
    return Health.up("manual");
  }

  @Override
  public void close() {
    closed.set(true);
  }

  static final class ManualInbound implements Inbound {
    final AtomicBoolean paused = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public void pause() {
      paused.set(true);
    }

    @Override
    public void resume() {
      paused.set(false);
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  /** A delivery recording its one settlement. */
  static final class Manual implements InboundDelivery {
    private final Message<byte[]> message;
    private final int count;
    final AtomicReference<String> settlement = new AtomicReference<>();

    Manual(Message<byte[]> message, int count) {
      this.message = message;
      this.count = count;
    }

    @Override
    public Message<byte[]> message() {
      return message;
    }

    @Override
    public int deliveryCount() {
      return count;
    }

    @Override
    public void ack() {
      settle("ack");
    }

    @Override
    public void nack(Duration redeliverAfter) {
      settle("nack " + redeliverAfter.toMillis() + "ms");
    }

    @Override
    public void release() {
      settle("release");
    }

    private void settle(String s) {
      if (!settlement.compareAndSet(null, s)) {
        throw new AssertionError("settled twice: " + settlement.get() + " then " + s);
      }
    }

    boolean settled() {
      return settlement.get() != null;
    }
  }
}
