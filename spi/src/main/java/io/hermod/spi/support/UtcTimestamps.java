package io.hermod.spi.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the RFC 3339 UTC timestamps of the wire headers ({@code
 * 2026-11-26T03:12:45.123Z}) without {@code java.time}'s formatter: every message sent and received
 * carries one, and {@link Instant#toString()} plus {@link Instant#parse} were a third of a
 * binding's per-message header work in the Kafka benchmark's profile. The text written is exactly
 * {@link Instant#toString()}'s; anything the fast reader does not recognise (an offset other than
 * {@code Z}, a leap second, a year outside 0000-9999) goes to {@link Instant#parse}. Thread-safe.
 */
final class UtcTimestamps {

  private static final int SECONDS_PER_DAY = 86_400;

  private UtcTimestamps() {}

  /**
   * Formats like {@link Instant#toString()}.
   *
   * @param t the instant
   * @return the text, never {@code null}
   */
  static String format(Instant t) {
    long seconds = t.getEpochSecond();
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);
    LocalDate date;
    try {
      date = LocalDate.ofEpochDay(days);
    } catch (DateTimeException e) {
      return t.toString();
    }
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return t.toString();
    }
    int nanos = t.getNano();
    char[] out = new char[30];
    int i = 0;
    i = digits(out, i, year, 4);
    out[i++] = '-';
    i = digits(out, i, date.getMonthValue(), 2);
    out[i++] = '-';
    i = digits(out, i, date.getDayOfMonth(), 2);
    out[i++] = 'T';
    i = digits(out, i, secondOfDay / 3600, 2);
    out[i++] = ':';
    i = digits(out, i, secondOfDay / 60 % 60, 2);
    out[i++] = ':';
    i = digits(out, i, secondOfDay % 60, 2);
    if (nanos > 0) {
      // Like Instant.toString: milliseconds, microseconds or nanoseconds, whichever is exact.
      out[i++] = '.';
      if (nanos % 1_000_000 == 0) {
        i = digits(out, i, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        i = digits(out, i, nanos / 1_000, 6);
      } else {
        i = digits(out, i, nanos, 9);
      }
    }
    out[i++] = 'Z';
    return new String(out, 0, i);
  }

  /**
   * Parses what {@link #format} writes, and any other ISO-8601 instant through {@link
   * Instant#parse}.
   *
   * @param text the text
   * @return the instant, or {@code null} if the text is not a timestamp
   */
  static @Nullable Instant parse(String text) {
    Instant fast = parseUtc(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static @Nullable Instant parseUtc(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    if (year < 0 || month < 1 || day < 1 || hour > 23 || minute > 59 || second > 59) {
      return null; // also every field that was not all digits (-1)
    }
    int nanos = 0;
    if (n > 20) {
      int digits = n - 21;
      if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
        return null;
      }
      nanos = number(s, 20, digits);
      if (nanos < 0) {
        return null;
      }
      for (int k = digits; k < 9; k++) {
        nanos *= 10;
      }
    } else if (n != 20) {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // 31 February and the like: Instant.parse rejects it too
    }
    return Instant.ofEpochSecond(
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code s[from, from + length)}, or {@code -1} if not all digits. */
  private static int number(String s, int from, int length) {
    int v = 0;
    for (int k = from; k < from + length; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int digits(char[] out, int at, int value, int width) {
    int v = value;
    for (int k = at + width - 1; k >= at; k--) {
      out[k] = (char) ('0' + v % 10);
      v /= 10;
    }
    return at + width;
  }
}
