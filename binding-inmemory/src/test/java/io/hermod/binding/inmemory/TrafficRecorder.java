package io.hermod.binding.inmemory;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Sums what a binding reports per channel and operation. Thread-safe. */
final class TrafficRecorder implements BrokerTraffic {

  /** The totals of one channel and operation. */
  static final class Totals {
    final LongAdder calls = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder billed = new LongAdder();
    final LongAdder bytes = new LongAdder();
  }

  private final Map<String, Totals> totals = new ConcurrentHashMap<>();

  @Override
  public void record(
      String channel, BrokerOperation operation, int requests, int billedRequests, long bytes) {
    Totals t = totals.computeIfAbsent(channel + "/" + operation, k -> new Totals());
    t.calls.increment();
    t.requests.add(requests);
    t.billed.add(billedRequests);
    t.bytes.add(bytes);
  }

  long requests(String channel, BrokerOperation op) {
    return of(channel, op).requests.sum();
  }

  long billed(String channel, BrokerOperation op) {
    return of(channel, op).billed.sum();
  }

  long bytes(String channel, BrokerOperation op) {
    return of(channel, op).bytes.sum();
  }

  private Totals of(String channel, BrokerOperation op) {
    Totals t = totals.get(channel + "/" + op);
    return t == null ? new Totals() : t;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    totals.forEach(
        (k, t) ->
            b.append(k)
                .append(": requests=")
                .append(t.requests.sum())
                .append(" billed=")
                .append(t.billed.sum())
                .append(" bytes=")
                .append(t.bytes.sum())
                .append('\n'));
    return b.toString();
  }
}
