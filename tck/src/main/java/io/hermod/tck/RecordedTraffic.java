package io.hermod.tck;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sums the broker traffic a binding reports, per channel and operation, for a binding's tests of
 * its cost metering: hand it to the binding as its {@link io.hermod.spi.BindingContext#traffic()}
 * (then read what the binding reported itself), and read the sums. Thread-safe.
 *
 * @since 0.3
 */
public final class RecordedTraffic implements BrokerTraffic {

  private static final class Totals {
    final LongAdder calls = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder billed = new LongAdder();
    final LongAdder bytes = new LongAdder();
  }

  private static final Totals NONE = new Totals();

  private final Map<String, Totals> totals = new ConcurrentHashMap<>();

  /** A recorder with nothing recorded. */
  public RecordedTraffic() {}

  @Override
  public void record(
      String channel, BrokerOperation operation, int requests, int billedRequests, long bytes) {
    Totals t = totals.computeIfAbsent(channel + "/" + operation, k -> new Totals());
    t.calls.increment();
    t.requests.add(requests);
    t.billed.add(billedRequests);
    t.bytes.add(bytes);
  }

  /**
   * The requests reported.
   *
   * @param channel the channel
   * @param operation the operation
   * @return the sum, 0 if none
   */
  public long requests(String channel, BrokerOperation operation) {
    return of(channel, operation).requests.sum();
  }

  /**
   * The billed requests reported.
   *
   * @param channel the channel
   * @param operation the operation
   * @return the sum, 0 if none
   */
  public long billed(String channel, BrokerOperation operation) {
    return of(channel, operation).billed.sum();
  }

  /**
   * The bytes reported.
   *
   * @param channel the channel
   * @param operation the operation
   * @return the sum, 0 if none
   */
  public long bytes(String channel, BrokerOperation operation) {
    return of(channel, operation).bytes.sum();
  }

  /**
   * How many times the binding reported.
   *
   * @param channel the channel
   * @param operation the operation
   * @return the count, 0 if none
   */
  public long calls(String channel, BrokerOperation operation) {
    return of(channel, operation).calls.sum();
  }

  private Totals of(String channel, BrokerOperation operation) {
    return totals.getOrDefault(channel + "/" + operation, NONE);
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
