package io.hermod.micrometer.internal;

import io.hermod.api.ChannelStatistics;
import io.hermod.api.Message;
import io.hermod.micrometer.HermodMetrics;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.CircuitState;
import io.hermod.spi.observation.DeadLetterReason;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ProcessObservation;
import io.hermod.spi.observation.RequestObservation;
import io.hermod.spi.observation.SendObservation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The observer {@link HermodMetrics} makes. Each event finds its meters with a lock-free lookup by
 * binding, channel and subscription name, and records into them; meters are registered only the
 * first time an endpoint, error type or operation is seen. Thread-safe.
 */
public final class MicrometerObserver implements MessagingObserver {

  // A subscription's meters are keyed by its name; sends and requests have none.
  private static final String NO_SUBSCRIPTION = "";

  private final MeterFactory meters;
  private final NamedCache<SendMeters> senders = new NamedCache<>();
  private final NamedCache<RequestMeters> requesters = new NamedCache<>();
  private final NamedCache<ConsumerMeters> consumers = new NamedCache<>();
  private final NamedCache<TrafficMeters> traffic = new NamedCache<>();
  private final Map<String, CircuitGauges> circuits = new ConcurrentHashMap<>();

  /**
   * An observer recording into the configuration's registry.
   *
   * @param config the configuration
   */
  public MicrometerObserver(MetricsConfig config) {
    this.meters = new MeterFactory(config);
  }

  @Override
  public SendObservation sending(Endpoint endpoint, Message<byte[]> message) {
    SendMeters m = senders.find(endpoint.binding(), endpoint.channelName(), NO_SUBSCRIPTION);
    if (m == null) {
      m =
          senders.findOrCreate(
              endpoint.binding(),
              endpoint.channelName(),
              NO_SUBSCRIPTION,
              () -> new SendMeters(meters, endpoint));
    }
    return m.start();
  }

  @Override
  public ProcessObservation processing(Endpoint endpoint, Message<byte[]> message, int attempt) {
    return consumer(endpoint).start();
  }

  @Override
  public RequestObservation requesting(Endpoint endpoint, Message<?> request) {
    RequestMeters m = requesters.find(endpoint.binding(), endpoint.channelName(), NO_SUBSCRIPTION);
    if (m == null) {
      m =
          requesters.findOrCreate(
              endpoint.binding(),
              endpoint.channelName(),
              NO_SUBSCRIPTION,
              () -> new RequestMeters(meters, endpoint));
    }
    return m.start();
  }

  @Override
  public void filtered(Endpoint endpoint, Message<byte[]> message) {
    consumer(endpoint).filtered();
  }

  @Override
  public void expired(Endpoint endpoint, Message<byte[]> message) {
    consumer(endpoint).expired();
  }

  @Override
  public void deduplicated(Endpoint endpoint, Message<byte[]> message) {
    consumer(endpoint).deduplicated();
  }

  @Override
  public void deadLettered(
      Endpoint endpoint,
      Message<byte[]> message,
      DeadLetterReason reason,
      int attempts,
      Throwable error) {
    consumer(endpoint).deadLettered(reason);
  }

  @Override
  public synchronized void subscribed(Endpoint endpoint, Supplier<ChannelStatistics> statistics) {
    consumer(endpoint).subscribed(statistics);
  }

  @Override
  public synchronized void unsubscribed(Endpoint endpoint) {
    String subscription = subscription(endpoint);
    ConsumerMeters m = consumers.find(endpoint.binding(), endpoint.channelName(), subscription);
    if (m != null && m.unsubscribed()) {
      consumers.remove(endpoint.binding(), endpoint.channelName(), subscription);
      m.removeGauges();
    }
  }

  @Override
  public void brokerTraffic(
      String binding,
      String channel,
      BrokerOperation operation,
      int requests,
      int billedRequests,
      long bytes) {
    TrafficMeters m = traffic.find(binding, channel, NO_SUBSCRIPTION);
    if (m == null) {
      m =
          traffic.findOrCreate(
              binding, channel, NO_SUBSCRIPTION, () -> new TrafficMeters(meters, binding, channel));
    }
    m.record(operation, requests, billedRequests, bytes);
  }

  @Override
  public synchronized void circuitState(String binding, CircuitState state) {
    CircuitGauges gauges = circuits.get(binding);
    if (gauges == null) {
      circuits.put(binding, new CircuitGauges(meters, binding, state));
    } else {
      gauges.set(state);
    }
  }

  @Override
  public synchronized void closed(String binding) {
    consumers.removeBinding(binding).forEach(ConsumerMeters::removeGauges);
    CircuitGauges gauges = circuits.remove(binding);
    if (gauges != null) {
      gauges.remove();
    }
    // Counters and timers stay registered (they hold nothing of the facade); the caches go so a
    // closed binding's endpoints are not kept.
    senders.removeBinding(binding);
    requesters.removeBinding(binding);
    traffic.removeBinding(binding);
  }

  private ConsumerMeters consumer(Endpoint endpoint) {
    String subscription = subscription(endpoint);
    ConsumerMeters m = consumers.find(endpoint.binding(), endpoint.channelName(), subscription);
    if (m == null) {
      m =
          consumers.findOrCreate(
              endpoint.binding(),
              endpoint.channelName(),
              subscription,
              () -> new ConsumerMeters(meters, endpoint));
    }
    return m;
  }

  private static String subscription(Endpoint endpoint) {
    String subscription = endpoint.subscription();
    return subscription == null ? NO_SUBSCRIPTION : subscription;
  }
}
