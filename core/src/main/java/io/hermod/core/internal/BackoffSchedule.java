package io.hermod.core.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.hermod.api.Backoff;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The delay before each redelivery of a channel, from its {@link Backoff} via a Resilience4j {@link
 * IntervalFunction}: exponential ({@code initial * multiplier^(attempt-1)}, capped at {@code max}),
 * fixed when the multiplier is 1, none when the initial delay is zero. Immutable.
 */
public final class BackoffSchedule {

  private final Backoff backoff;
  private final @Nullable IntervalFunction interval;

  private BackoffSchedule(Backoff backoff) {
    this.backoff = backoff;
    long initial = backoff.initial().toMillis();
    if (initial < 1) {
      // Resilience4j rejects intervals under 1 ms; a zero backoff means "redeliver at once".
      this.interval = null;
    } else if (backoff.multiplier() == 1.0) {
      this.interval = IntervalFunction.of(initial);
    } else {
      this.interval =
          IntervalFunction.ofExponentialBackoff(
              initial, backoff.multiplier(), Math.max(initial, backoff.max().toMillis()));
    }
  }

  /**
   * The schedule of a backoff.
   *
   * @param backoff the channel's backoff
   * @return the schedule, never {@code null}
   */
  public static BackoffSchedule of(Backoff backoff) {
    return new BackoffSchedule(backoff);
  }

  /**
   * The delay after attempt {@code attempt} failed, before attempt {@code attempt + 1}.
   *
   * @param attempt the failed attempt, {@code >= 1}
   * @return the delay, never {@code null}
   */
  public Duration delayAfter(int attempt) {
    if (interval == null) {
      return Duration.ZERO;
    }
    long ms = interval.apply(Math.max(1, attempt));
    return Duration.ofMillis(Math.min(ms, backoff.max().toMillis()));
  }
}
