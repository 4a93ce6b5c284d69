package io.hermod.core.internal;

import java.time.Duration;

/** Formats durations the way configuration accepts them ({@code 250ms}, {@code 5s}). Stateless. */
public final class Durations {

  private Durations() {}

  /**
   * The shortest exact form: whole hours, minutes or seconds, else milliseconds.
   *
   * @param d the duration
   * @return e.g. {@code 5s}, never {@code null}
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
