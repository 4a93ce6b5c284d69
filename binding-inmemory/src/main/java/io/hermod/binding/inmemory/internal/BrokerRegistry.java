package io.hermod.binding.inmemory.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide brokers, by name, so that every {@code Messaging} instance of the JVM configured
 * with the same {@code hermod.inmemory.broker} talks to the same broker. A broker lives until
 * {@link #remove} (its messages are memory only). Thread-safe.
 */
final class BrokerRegistry {

  private static final ConcurrentMap<String, Broker> BROKERS = new ConcurrentHashMap<>();

  private BrokerRegistry() {}

  /**
   * The broker of that name, created on first use.
   *
   * @param name the broker name
   * @param topicRetention the retention of its topics, used if it is created now
   * @return the broker
   */
  static Broker attach(String name, int topicRetention) {
    return BROKERS.computeIfAbsent(name, n -> new Broker(n, topicRetention));
  }

  /**
   * The broker of that name, created on first use with default settings.
   *
   * @param name the broker name
   * @return the broker
   */
  static Broker attach(String name) {
    return attach(name, InMemorySettings.DEFAULT_TOPIC_RETENTION);
  }

  /**
   * Forgets a broker and every message it holds; bindings still attached keep working on the old
   * instance. For tests that want a clean broker.
   *
   * @param name the broker name
   */
  static void remove(String name) {
    BROKERS.remove(name);
  }
}
