package io.hermod.binding.inmemory.internal;

import io.hermod.api.ChannelSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named in-process broker: its channels, shared by every binding attached to it. The first
 * declaration of a channel name wins; later ones with other settings are ignored (logged at debug),
 * as a broker keeps an existing queue's configuration. Thread-safe.
 */
final class Broker {

  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

  private final String name;
  private final int topicRetention;
  private final ConcurrentMap<String, Channel> channels = new ConcurrentHashMap<>();
  private final AtomicInteger consumerIds = new AtomicInteger();

  /** A simulated outage: sends fail, nothing is handed out, messages are kept. */
  private volatile boolean stopped;

  Broker(String name, int topicRetention) {
    this.name = name;
    this.topicRetention = topicRetention;
  }

  String name() {
    return name;
  }

  /**
   * The channel of that name, created from {@code spec} if absent (the first declaration wins).
   *
   * @param spec the declaration
   * @param errors the provisioning binding's errors
   * @return the channel
   * @throws io.hermod.api.ConfigurationException if the name is taken by a channel of the other
   *     kind
   */
  Channel provision(ChannelSpec spec, InMemoryErrors errors) {
    Channel c = channels.computeIfAbsent(spec.name(), n -> new Channel(this, spec, topicRetention));
    if (c.spec.kind() != spec.kind()) {
      throw errors.kindConflict(spec, this, c.spec.kind());
    }
    if (!c.spec.equals(spec) && LOG.isDebugEnabled()) {
      LOG.debug(
          "broker '{}': channel '{}' keeps its first declaration {}; ignoring {}",
          name,
          spec.name(),
          c.spec,
          spec);
    }
    return c;
  }

  /**
   * The channel of that name, if it exists.
   *
   * @param channel the name
   * @return the channel, or {@code null}
   */
  @Nullable Channel channel(String channel) {
    return channels.get(channel);
  }

  boolean isStopped() {
    return stopped;
  }

  /** Starts a simulated outage: sends fail, consumers get nothing, every message is kept. */
  void stop() {
    stopped = true;
  }

  /** Ends a simulated outage; waiting consumers resume. */
  void start() {
    stopped = false;
    for (Channel c : channels.values()) {
      c.wakeConsumers();
    }
  }

  void remove(String channel) {
    channels.remove(channel);
  }

  String nextThreadName(String channel) {
    return "hermod-"
        + InMemoryBindingProvider.NAME
        + "-"
        + name
        + "-"
        + channel
        + "-"
        + consumerIds.incrementAndGet();
  }

  @Override
  public String toString() {
    return "Broker[" + name + ", " + channels.size() + " channels]";
  }
}
