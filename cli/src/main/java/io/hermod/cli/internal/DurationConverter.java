package io.hermod.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a duration option: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 such as
 * {@code PT10S}. Stateless and thread-safe.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /** For picocli. */
  public DurationConverter() {}

  @Override
  public Duration convert(String value) {
    Duration d = parse(value.trim());
    if (d.isNegative()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is negative; give a duration such as 500ms, 10s, 2m or PT1M");
    }
    return d;
  }

  private static Duration parse(String value) {
    Matcher m = SIMPLE.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; give one such as 500ms, 10s, 2m or PT1M");
    }
  }
}
