package io.hermod.api;

import java.util.List;
import java.util.Locale;

/**
 * Which application header names Hermod reserves for the wire, and why a send refuses them.
 *
 * <p>On every broker an application header shares one namespace with the attributes Hermod and
 * CloudEvents put on the wire: Kafka headers and SQS message attributes named {@code ce_*} and
 * {@code content-type}, JMS properties named {@code cloudEvents_*}, {@code JMS*} and Artemis's
 * {@code _AMQ_*}, AMQP's {@code cloudEvents:*}, SQS's {@code AWS.*} and {@code Amazon.*}, and
 * Hermod's own {@code hermod_*} / {@code hermod.*} names. A header with such a name would be
 * dropped, or would change the message (its expiry, routing key, delivery count) on the way. So a
 * send of a message carrying one fails before it reaches the broker, with an {@link
 * InvalidMessageException} listing the reserved names; every other name (spaces, unicode, dots,
 * dashes, any length the broker carries) arrives unchanged, on every binding. The rule is the same
 * on every binding, so a message that one binding accepts, every binding accepts.
 *
 * <p>Hermod's own cross-binding headers, {@link StandardHeaders} (the dead-letter and confirmation
 * headers), are {@code hermod_*} but not reserved: they travel unchanged on every binding, so a
 * dead letter can be forwarded as it is. Names are compared ignoring case. Thread-safe (stateless).
 *
 * @since 0.2
 */
public final class HeaderNames {

  /** The reserved prefixes, as documented; compared ignoring case. */
  public static final List<String> RESERVED_PREFIXES =
      List.of(
          "ce_",
          "cloudEvents_",
          "cloudEvents:",
          "hermod_",
          "hermod.",
          "JMS",
          "_AMQ_",
          "AWS.",
          "Amazon.");

  /** The reserved names, as documented; compared ignoring case. */
  public static final List<String> RESERVED_NAMES = List.of("content-type");

  /** Hermod's headers that every binding carries as they are. */
  private static final List<String> STANDARD =
      List.of(
          StandardHeaders.DLQ_ORIGINAL_CHANNEL,
          StandardHeaders.DLQ_SUBSCRIPTION,
          StandardHeaders.DLQ_ATTEMPTS,
          StandardHeaders.DLQ_ERROR_CLASS,
          StandardHeaders.DLQ_ERROR_MESSAGE,
          StandardHeaders.DLQ_REASON,
          StandardHeaders.DLQ_FAILED_AT,
          StandardHeaders.DLQ_FIRST_FAILED_AT,
          StandardHeaders.REDRIVE_COUNT,
          StandardHeaders.CONFIRM_TO,
          StandardHeaders.CONFIRM_EXPECT,
          StandardHeaders.CONFIRM_CHANNEL,
          StandardHeaders.CONFIRM_SIGNATURE);

  private HeaderNames() {}

  /**
   * Whether an application may not send a header of this name.
   *
   * @param name the header name
   * @return {@code true} if the name is reserved for the wire
   */
  public static boolean isReserved(String name) {
    for (String prefix : RESERVED_PREFIXES) {
      if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return !STANDARD.contains(name);
      }
    }
    for (String reserved : RESERVED_NAMES) {
      if (name.equalsIgnoreCase(reserved)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The reserved set in words, for error messages.
   *
   * @return e.g. {@code names starting with ce_, cloudEvents_, ... and the name content-type}
   */
  public static String describe() {
    return "names starting with "
        + String.join(", ", RESERVED_PREFIXES)
        + " (any case) and the name"
        + (RESERVED_NAMES.size() > 1 ? "s " : " ")
        + String.join(", ", RESERVED_NAMES).toLowerCase(Locale.ROOT)
        + "; Hermod's own dead-letter headers (StandardHeaders) excepted";
  }
}
