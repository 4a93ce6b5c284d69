package io.hermod.cli.internal;

import io.hermod.api.Delivery;
import io.hermod.api.Message;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Prints a received message as a block of labelled lines: id, key, routing key, headers and the
 * payload as text. Stateless and thread-safe.
 */
final class MessagePrinter {

  private MessagePrinter() {}

  /**
   * Prints one delivery.
   *
   * @param out where to print
   * @param number the delivery's position in this run, from 1
   * @param delivery the delivery, with the raw payload bytes
   */
  static void print(PrintWriter out, int number, Delivery<byte[]> delivery) {
    Message<byte[]> m = delivery.message();
    StringBuilder sb = new StringBuilder();
    sb.append("message ").append(number).append(" on ").append(delivery.channel());
    if (delivery.subscription() != null) {
      sb.append(" (subscription ").append(delivery.subscription()).append(')');
    }
    if (delivery.attempt() > 1) {
      sb.append(", attempt ").append(delivery.attempt());
    }
    out.println(sb);
    line(out, "id", m.id());
    line(out, "key", m.key());
    line(out, "routing key", m.routingKey());
    line(out, "headers", headers(m.headers()));
    line(out, "content type", m.contentType());
    line(out, "payload", text(m.payload()));
    out.flush();
  }

  /**
   * The payload as text; bytes that are not UTF-8 show as the replacement character rather than
   * failing, so any channel can be watched.
   *
   * @param payload the bytes
   * @return the text, never {@code null}
   */
  static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /**
   * Headers as {@code a=1, b=2}, sorted by name.
   *
   * @param headers the headers
   * @return the rendering, or {@code null} when there are none
   */
  static @Nullable String headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return null;
    }
    return new TreeMap<>(headers)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static void line(PrintWriter out, String label, @Nullable String value) {
    out.printf("  %-13s %s%n", label + ":", value == null ? "-" : value);
  }
}
