package io.hermod.micrometer.internal;

import io.hermod.spi.observation.BrokerOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The cost counters of one channel of one binding, per broker operation. An operation's counters
 * are registered when the binding first reports it, so a binding that never reports, say, {@code
 * other} adds no zero series for it.
 */
final class TrafficMeters {

  private record Operation(Counter requests, Counter billedRequests, Counter bytes) {}

  private final MeterFactory meters;
  private final Tags tags;
  private final AtomicReferenceArray<Operation> byOperation =
      new AtomicReferenceArray<>(BrokerOperation.values().length);

  TrafficMeters(MeterFactory meters, String binding, String channel) {
    this.meters = meters;
    this.tags = meters.bindingTags(binding).and(Names.DESTINATION, channel);
  }

  void record(BrokerOperation operation, int requests, int billedRequests, long bytes) {
    Operation op = byOperation.get(operation.ordinal());
    if (op == null) {
      // Two threads may both register: the registry hands both the same counters.
      op = register(operation);
      byOperation.set(operation.ordinal(), op);
    }
    op.requests().increment(requests);
    op.billedRequests().increment(billedRequests);
    if (bytes != 0) {
      op.bytes().increment(bytes);
    }
  }

  private Operation register(BrokerOperation operation) {
    Tags opTags = tags.and(Names.BROKER_OPERATION, operation.tag());
    return new Operation(
        meters.counter(Names.BROKER_REQUESTS, "Requests made to the broker", "requests", opTags),
        meters.counter(
            Names.BROKER_BILLED_REQUESTS,
            "Requests the broker's operator bills for (SQS: one per 64 KiB of payload)",
            "requests",
            opTags),
        meters.counter(
            Names.BROKER_BYTES, "Message bytes carried to or from the broker", "bytes", opTags));
  }
}
