package io.hermod.opentelemetry.internal;

import io.hermod.spi.observation.Endpoint;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-endpoint values, looked up by identity without a lock or an allocation.
 *
 * <p>Core passes the same {@link Endpoint} instance with every event of a channel or subscription,
 * so identity is the right key, and a cheap one: {@code Endpoint.hashCode()} hashes the whole
 * channel declaration on every call. Reads see an immutable map through a volatile field; the rare
 * writes (a new channel, a closed binding) copy it. Should a caller make endpoints per event after
 * all, the cache stops growing at {@link #LIMIT} and the values are made per call instead.
 *
 * @param <V> the cached value
 */
final class EndpointCache<V> {

  static final int LIMIT = 10_000;

  private final Function<Endpoint, V> factory;
  private volatile Map<Endpoint, V> values = new IdentityHashMap<>();

  EndpointCache(Function<Endpoint, V> factory) {
    this.factory = factory;
  }

  V get(Endpoint endpoint) {
    V value = values.get(endpoint);
    return value != null ? value : add(endpoint);
  }

  private synchronized V add(Endpoint endpoint) {
    Map<Endpoint, V> current = values;
    V value = current.get(endpoint);
    if (value != null) {
      return value;
    }
    value = factory.apply(endpoint);
    if (current.size() < LIMIT) {
      Map<Endpoint, V> copy = new IdentityHashMap<>(current);
      copy.put(endpoint, value);
      values = copy;
    }
    return value;
  }

  /** Forgets the endpoints of a closed binding. */
  synchronized void removeBinding(String binding) {
    Map<Endpoint, V> copy = new IdentityHashMap<>(values);
    copy.keySet().removeIf(endpoint -> endpoint.binding().equals(binding));
    values = copy;
  }

  int size() {
    return values.size();
  }
}
