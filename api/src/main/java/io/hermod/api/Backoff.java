package io.hermod.api;

import java.time.Duration;

/**
 * How long to wait before each redelivery: {@code initial * multiplier^(attempt-1)}, capped at
 * {@code max}.
 *
 * @param initial the delay before the first redelivery, {@code >= 0}
 * @param multiplier the growth factor per attempt, {@code >= 1.0}
 * @param max the cap on any single delay, {@code >= initial}
 * @since 0.1
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

  /** Validates the bounds. */
  public Backoff {
    if (initial.isNegative()) {
      throw new IllegalArgumentException("backoff initial must be >= 0, was " + initial);
    }
    if (multiplier < 1.0 || Double.isNaN(multiplier)) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1.0, was " + multiplier);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff max must be >= initial (" + initial + "), was " + max);
    }
  }

  /**
   * Redeliver at once.
   *
   * @return a zero backoff, never {@code null}
   */
  public static Backoff none() {
    return new Backoff(Duration.ZERO, 1.0, Duration.ZERO);
  }

  /**
   * The same delay before every redelivery.
   *
   * @param delay the delay
   * @return a fixed backoff, never {@code null}
   */
  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, 1.0, delay);
  }

  /**
   * A delay that grows by {@code multiplier} per attempt up to {@code max}.
   *
   * @param initial the first delay
   * @param multiplier the growth factor, {@code >= 1.0}
   * @param max the cap
   * @return an exponential backoff, never {@code null}
   */
  public static Backoff exponential(Duration initial, double multiplier, Duration max) {
    return new Backoff(initial, multiplier, max);
  }
}
