package io.hermod.binding.inmemory.internal;

import static io.hermod.api.Capability.AUTH;
import static io.hermod.api.Capability.PERSISTENT;
import static io.hermod.api.Capability.TLS;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Health;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.QueueInspection;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerOperation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
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

  /**
   * Everything but what needs a disk or a network. A capability added to the API is declared here
   * until it is added to this list; InMemoryBindingTest pins the set, so that is a decision.
   */
  private static final Set<Capability> DECLARED =
      EnumSet.complementOf(EnumSet.of(PERSISTENT, TLS, AUTH));

  private final InMemorySettings settings;
  private final Capabilities capabilities;
  private final InMemoryErrors errors = new InMemoryErrors();
  private final Timeouts timeouts;
  private final Sender sender;
  private final InMemoryTraffic traffic;
  private final Set<InMemoryInbound> consumers = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Broker broker;
  private volatile boolean closed;

  InMemoryBinding(BindingContext context, InMemorySettings settings) {
    this.settings = settings;
    this.capabilities = new Capabilities(DECLARED, settings.maxPayloadBytes());
    this.timeouts = new Timeouts("hermod-" + errors.binding() + "-timer-" + context.instanceId());
    this.sender = new Sender(errors, context.sendTimeout().toNanos(), timeouts);
    this.traffic = new InMemoryTraffic(context.traffic());
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void start() {
    if (closed) {
      throw errors.closed(null);
    }
    Broker b = BrokerRegistry.attach(settings.broker(), settings.topicRetention());
    if (b.isStopped()) {
      throw errors.stopped(b, null, "start it again before connecting");
    }
    broker = b;
    LOG.debug("attached to in-memory broker '{}'", settings.broker());
  }

  @Override
  public void provision(ChannelSpec channel) {
    broker().provision(channel, errors);
  }

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
    Channel c = broker().provision(channel, errors);
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
    Channel c = broker().provision(channel, errors);
    return new InMemoryOutbound(this, c, sender, settings, traffic);
  }

  @Override
  public Optional<QueueInspection> inspect(ChannelSpec queue) {
    Broker b = broker();
    if (b.isStopped()) {
      throw errors.stopped(b, queue.name(), "start it again before browsing");
    }
    return Optional.of(new InMemoryInspection(b.provision(queue, errors).queue(), this::broker));
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    Broker b = broker();
    Channel c = b.provision(channel, errors);
    boolean topic = c.spec.kind() == ChannelKind.TOPIC;
    InMemoryInbound consumer =
        new InMemoryInbound(
            topic ? c.subscription(subscription) : c.queue(),
            handler,
            subscription.prefetch(),
            // A topic's subscription filters at fan-out; a queue's consumer at hand-out.
            topic ? null : subscription.filter(),
            channel.name(),
            traffic,
            b.nextThreadName(channel.name()),
            consumers);
    consumer.start();
    if (closed) {
      // Raced with close(), which may not have seen this consumer.
      consumer.close();
      throw errors.closed(channel.name());
    }
    return consumer;
  }

  /**
   * Exact figures of the queue the subscription consumes: the queue channel's queue, or the topic
   * subscription's own queue. Unknown, not zero, for a channel or subscription the broker does not
   * have (it was never provisioned here, or was decommissioned): there is no queue to tell about.
   */
  @Override
  public ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
    Broker b = broker();
    if (b.isStopped()) {
      throw errors.stopped(
          b, channel.name(), "statistics are unavailable until it is started again");
    }
    if (traffic.metered) {
      traffic.record(channel.name(), BrokerOperation.OTHER, 0L);
    }
    Channel c = b.channel(channel.name());
    if (c == null) {
      return ChannelStatistics.unknown();
    }
    MessageQueue q =
        c.spec.kind() == ChannelKind.TOPIC
            ? c.existingSubscription(subscription.name())
            : c.queue();
    return q == null ? ChannelStatistics.unknown() : q.statistics();
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
    List<InMemoryInbound> open = new ArrayList<>(consumers);
    open.forEach(InMemoryInbound::stop);
    open.forEach(InMemoryInbound::close);
    timeouts.close();
  }

  private Broker broker() {
    Broker b = broker;
    if (closed) {
      throw errors.closed(null);
    }
    if (b == null) {
      throw new IllegalStateException("binding '" + errors.binding() + "' used before start()");
    }
    return b;
  }

  @Override
  public String toString() {
    return "InMemoryBinding[broker=" + settings.broker() + ", closed=" + closed + "]";
  }
}
