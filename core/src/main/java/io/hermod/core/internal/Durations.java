package io.hermod.core.internal;

import io.hermod.spi.support.Settings;
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
    // One formatter for core and the bindings, so every message writes durations alike.
    return Settings.formatDuration(d);
  }
}
