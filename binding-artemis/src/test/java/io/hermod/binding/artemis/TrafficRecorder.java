package io.hermod.binding.artemis;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** A {@link BrokerTraffic} that sums what the binding reports, per channel and operation. */
final class TrafficRecorder implements BrokerTraffic {

  private final Map<String, AtomicLongArray> sums = new ConcurrentHashMap<>();

  @Override
  public void record(
      String channel, BrokerOperation operation, int requests, int billedRequests, long bytes) {
    AtomicLongArray s =
        sums.computeIfAbsent(channel + "/" + operation, k -> new AtomicLongArray(4));
    s.addAndGet(0, requests);
    s.addAndGet(1, billedRequests);
    s.addAndGet(2, bytes);
    s.incrementAndGet(3);
  }

  long requests(String channel, BrokerOperation operation) {
    return get(channel, operation, 0);
  }

  long billed(String channel, BrokerOperation operation) {
    return get(channel, operation, 1);
  }

  long bytes(String channel, BrokerOperation operation) {
    return get(channel, operation, 2);
  }

  /** How many times the binding reported it. */
  long reports(String channel, BrokerOperation operation) {
    return get(channel, operation, 3);
  }

  private long get(String channel, BrokerOperation operation, int index) {
    AtomicLongArray s = sums.get(channel + "/" + operation);
    return s == null ? 0 : s.get(index);
  }

  @Override
  public String toString() {
    return sums.toString();
  }
}
