package io.hermod.bench.internal;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.MessagingObserver;
import java.util.concurrent.atomic.LongAdder;

/** Counts the broker requests a binding reports for one channel. Thread-safe. */
final class CountingTraffic implements MessagingObserver {

  /** Totals of one operation at one moment. */
  record Totals(long requests, long billed, long bytes) {
    Totals minus(Totals earlier) {
      return new Totals(
          requests - earlier.requests, billed - earlier.billed, bytes - earlier.bytes);
    }
  }

  private final String channel;
  private final LongAdder[] requests = adders();
  private final LongAdder[] billed = adders();
  private final LongAdder[] bytes = adders();

  CountingTraffic(String channel) {
    this.channel = channel;
  }

  private static LongAdder[] adders() {
    LongAdder[] a = new LongAdder[BrokerOperation.values().length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  @Override
  public void brokerTraffic(
      String binding,
      String channel,
      BrokerOperation operation,
      int requests,
      int billedRequests,
      long bytes) {
    if (this.channel.equals(channel)) {
      int i = operation.ordinal();
      this.requests[i].add(requests);
      this.billed[i].add(billedRequests);
      this.bytes[i].add(bytes);
    }
  }

  Totals totals(BrokerOperation operation) {
    int i = operation.ordinal();
    return new Totals(requests[i].sum(), billed[i].sum(), bytes[i].sum());
  }
}
