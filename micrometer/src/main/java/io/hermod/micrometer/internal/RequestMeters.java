package io.hermod.micrometer.internal;

import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.RequestObservation;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The meters of one RPC request channel, on the requesting side. */
final class RequestMeters {

  private final Clock clock;
  private final Counter requests;
  private final Counter timeouts;
  private final Timer replied;
  private final Timer timedOut;
  private final ErrorTypes<Timer> failed;

  RequestMeters(MeterFactory meters, Endpoint endpoint) {
    this.clock = meters.clock();
    Tags tags = meters.destinationTags(endpoint);
    this.requests = meters.counter(Names.RPC_REQUESTS, "RPC requests made", "requests", tags);
    this.timeouts =
        meters.counter(
            Names.RPC_TIMEOUTS, "RPC requests that got no reply in time", "requests", tags);
    this.replied = timer(meters, tags, Names.NO_ERROR);
    this.timedOut = timer(meters, tags, Names.TIMEOUT);
    this.failed = new ErrorTypes<>(type -> timer(meters, tags, type));
  }

  private static Timer timer(MeterFactory meters, Tags tags, String errorType) {
    return meters.timer(
        Names.RPC_DURATION,
        "Time from an RPC call until its reply arrived, it timed out or it failed",
        tags.and(Names.ERROR_TYPE, errorType));
  }

  RequestObservation start() {
    requests.increment();
    return new Observation(clock.monotonicTime());
  }

  private final class Observation implements RequestObservation {
    private final long start;

    Observation(long start) {
      this.start = start;
    }

    @Override
    public void replied() {
      record(replied);
    }

    @Override
    public void timedOut() {
      timeouts.increment();
      record(timedOut);
    }

    @Override
    public void failed(Throwable error) {
      record(RequestMeters.this.failed.of(error));
    }

    private void record(Timer timer) {
      timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
