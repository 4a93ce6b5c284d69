package io.hermod.micrometer.internal;

import io.hermod.api.Receipt;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.SendObservation;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The meters of one channel sent to. */
final class SendMeters {

  /** The sent counter and the send timer of one {@code error.type}. */
  private record Outcome(Counter sent, Timer duration) {}

  private final Clock clock;
  private final Outcome confirmed;
  private final ErrorTypes<Outcome> failed;

  SendMeters(MeterFactory meters, Endpoint endpoint) {
    this.clock = meters.clock();
    Tags tags = meters.destinationTags(endpoint).and(Names.OPERATION, Names.OPERATION_SEND);
    this.confirmed = outcome(meters, tags, Names.NO_ERROR);
    this.failed = new ErrorTypes<>(type -> outcome(meters, tags, type));
  }

  private static Outcome outcome(MeterFactory meters, Tags tags, String errorType) {
    Tags withError = tags.and(Names.ERROR_TYPE, errorType);
    return new Outcome(
        meters.counter(
            Names.SENT,
            "Messages the producer attempted to send, counted when the broker confirmed or the"
                + " send failed",
            "messages",
            withError),
        meters.timer(
            Names.OPERATION_DURATION,
            "Time from handing a message to the binding until the broker confirmed or the send"
                + " failed",
            withError));
  }

  SendObservation start() {
    return new Observation(clock.monotonicTime());
  }

  private final class Observation implements SendObservation {
    private final long start;

    Observation(long start) {
      this.start = start;
    }

    @Override
    public void confirmed(Receipt receipt) {
      record(confirmed);
    }

    @Override
    public void failed(Throwable error) {
      record(SendMeters.this.failed.of(error));
    }

    private void record(Outcome outcome) {
      outcome.sent().increment();
      outcome.duration().record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
