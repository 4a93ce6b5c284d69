package io.hermod.cli.internal;

import java.time.Duration;
import picocli.CommandLine;

/**
 * A duration together with the text the user wrote for it, so that messages about it quote the user
 * ({@code 5s}) rather than {@link Duration#toString()} ({@code PT5S}). Immutable.
 *
 * @param text the text as written, e.g. {@code 5s} or {@code PT1M}
 * @param value what it means
 */
record WrittenDuration(String text, Duration value) {

  /**
   * Reads a duration the way {@link DurationConverter} does, keeping its text.
   *
   * @param text e.g. {@code 500ms}, {@code 10s}, {@code PT1M}
   * @return the duration, never {@code null}
   * @throws CommandLine.TypeConversionException if the text is no duration
   */
  static WrittenDuration parse(String text) {
    return new WrittenDuration(text.trim(), new DurationConverter().convert(text));
  }

  /** The text as written. */
  @Override
  public String toString() {
    return text;
  }

  /** Converts an option's value for picocli. Stateless and thread-safe. */
  static final class Converter implements CommandLine.ITypeConverter<WrittenDuration> {
    @Override
    public WrittenDuration convert(String value) {
      return parse(value);
    }
  }
}
