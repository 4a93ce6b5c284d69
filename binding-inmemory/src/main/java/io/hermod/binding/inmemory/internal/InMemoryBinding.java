package io.hermod.binding.inmemory.internal;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConnectionException;
import io.hermod.api.Health;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.SubscriptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A binding attached to a JVM-wide in-process broker. Thread-safe. Closing it stops its consumers
 * (returning their unsettled deliveries) and its timer; the broker and its messages stay for the
 * other bindings attached to it.
 */
final class InMemoryBinding implements Binding {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryBinding.class);

  private final String bindingName;
  private final InMemorySettings settings;
  private final Capabilities capabilities;
  private final Timeouts timeouts;
  private final Sender sender;
  private final Set<Consumer> consumers = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Broker broker;
  private volatile boolean closed;

  InMemoryBinding(BindingContext context, InMemorySettings settings) {
    this.bindingName = context.bindingName();
    this.settings = settings;
    this.capabilities =
        Capabilities.of(
            settings.maxPayloadBytes(),
            Capability.ORDERED,
            Capability.EXACTLY_ONCE,
            Capability.DEAD_LETTER,
            Capability.TTL,
            Capability.DELAY,
            Capability.BOUNDED,
            Capability.LIMITS,
            Capability.REPLAY,
            Capability.BATCH,
            Capability.PAUSE,
            Capability.HEALTH,
            Capability.BROKER_FILTERING,
            Capability.NATIVE_DEDUP);
    this.timeouts = new Timeouts("hermod-inmemory-timer-" + context.instanceId());
    this.sender = new Sender(bindingName, context.sendTimeout().toNanos(), timeouts);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * {@code false}, although every consumer has its own dispatcher thread: with handlers run on it,
   * competing consumers of one queue stopped sharing a burst (measured: 5 consumers, 5,000
   * messages, one or more consumers got none in most rounds, against a least share of 35 with
   * core's workers), because a consumer that settles as it goes never runs out of credit and drains
   * the backlog before the others wake. TCK B01 caught it. Declaring it again needs a fair hand-out
   * in {@link MessageQueue} first.
   */
  @Override
  public boolean dedicatedDeliveryThreads() {
    return false;
  }

  @Override
  public void start() {
    if (closed) {
      throw closedError(null);
    }
    Broker b = BrokerRegistry.attach(settings.broker(), settings.topicRetention());
    if (b.isStopped()) {
      throw new ConnectionException(
          bindingName,
          null,
          "in-memory broker '"
              + b.name()
              + "' is stopped (a simulated outage); start it again before connecting",
          null);
    }
    broker = b;
    LOG.debug("attached to in-memory broker '{}'", settings.broker());
  }

  @Override
  public void provision(ChannelSpec channel) {
    broker().provision(channel, bindingName);
  }

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
    Channel c = broker().provision(channel, bindingName);
    if (c.spec.kind() == ChannelKind.TOPIC) {
      c.subscription(subscription);
    }
  }

  @Override
  public void decommission(ChannelSpec channel) {
    broker().remove(channel.name());
  }

  @Override
  public Outbound outbound(ChannelSpec channel) {
    Channel c = broker().provision(channel, bindingName);
    return new InMemoryOutbound(this, c, sender, settings.maxPayloadBytes());
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    Broker b = broker();
    Channel c = b.provision(channel, bindingName);
    boolean topic = c.spec.kind() == ChannelKind.TOPIC;
    Consumer consumer =
        new Consumer(
            topic ? c.subscription(subscription) : c.queue(),
            handler,
            subscription.prefetch(),
            // A topic's subscription filters at fan-out; a queue's consumer at hand-out.
            topic ? null : subscription.filter(),
            b.nextThreadName(channel.name()),
            consumers);
    consumer.start();
    if (closed) {
      // Raced with close(), which may not have seen this consumer.
      consumer.close();
      throw closedError(channel.name());
    }
    return consumer;
  }

  @Override
  public Health health() {
    Broker b = broker;
    if (closed) {
      return Health.down("in-memory binding closed");
    }
    if (b == null) {
      return Health.down("in-memory binding not started");
    }
    if (b.isStopped()) {
      return Health.down("in-memory broker '" + b.name() + "' is stopped (a simulated outage)");
    }
    return Health.up("in-memory broker '" + b.name() + "'");
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Consumer> stopping = new ArrayList<>();
    for (Consumer c : new ArrayList<>(consumers)) {
      if (c.signalClose()) {
        stopping.add(c);
      }
    }
    for (Consumer c : stopping) {
      c.finishClose();
    }
    timeouts.close();
  }

  private Broker broker() {
    Broker b = broker;
    if (closed) {
      throw closedError(null);
    }
    if (b == null) {
      throw new IllegalStateException("binding '" + bindingName + "' used before start()");
    }
    return b;
  }

  private ConnectionException closedError(@Nullable String channel) {
    return new ConnectionException(
        bindingName,
        channel,
        "the in-memory binding is closed; create a new Messaging instance",
        null);
  }

  @Override
  public String toString() {
    return "InMemoryBinding[broker=" + settings.broker() + ", closed=" + closed + "]";
  }
}
