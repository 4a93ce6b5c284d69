package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.hermod.api.Message;
import io.hermod.spi.support.CompactAttributes;
import io.hermod.spi.support.WireHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Hermod message as an AMQP 0-9-1 message and back: CloudEvents binary mode with each attribute
 * in a header {@code cloudEvents:<attribute>} (the prefix of the CloudEvents AMQP binding) and the
 * content type in the {@code content-type} property, as that binding maps it; the message id,
 * correlation id and time also in their AMQP properties, for plain clients. Application headers
 * keep their names. Stateless.
 *
 * <p>An AMQP header name is a short string of at most 255 bytes; a longer application header name
 * travels in the one header {@value #LONG_HEADERS} (a field array of name, value, name, value ...),
 * a name reserved for the wire, so no header is lost.
 */
final class RabbitMqWire {

  /** The CloudEvents AMQP binding's names; the content type is the AMQP property. */
  static final WireHeaders CLOUD_EVENTS = new WireHeaders("cloudEvents:", "content-type");

  /** Carries application headers whose names do not fit an AMQP short string. */
  static final String LONG_HEADERS = "hermod.long-headers";

  private static final int MAX_NAME_BYTES = 255;

  /**
   * Headers RabbitMQ itself adds on the way: never application headers, so they are not handed to
   * the application.
   */
  private static final Set<String> BROKER_HEADERS =
      Set.of(
          "x-delivery-count",
          "x-death",
          "x-first-death-exchange",
          "x-first-death-queue",
          "x-first-death-reason",
          "x-last-death-exchange",
          "x-last-death-queue",
          "x-last-death-reason",
          "x-stream-offset",
          "x-received-from");

  private RabbitMqWire() {}

  /**
   * The properties of a message as sent.
   *
   * @param m the message
   * @param persistent whether the message is written to disk (delivery mode 2)
   * @param now the time of sending, for the remaining time to live
   * @param compact whether the attributes travel as one header of {@link CompactAttributes} instead
   *     of CloudEvents headers (for Hermod at both ends)
   * @return the properties, never {@code null}
   */
  static AMQP.BasicProperties properties(
      Message<byte[]> m, boolean persistent, Instant now, boolean compact) {
    Map<String, String> h;
    String contentType;
    if (compact) {
      h = new LinkedHashMap<>();
      CompactAttributes.writeUnpackedHeaders(m, h::put);
      contentType = m.contentType();
    } else {
      h = CLOUD_EVENTS.toHeaders(m);
      contentType = h.remove(CLOUD_EVENTS.contentTypeHeader());
    }
    Map<String, Object> headers = new HashMap<>(2 * h.size() + 2);
    if (compact) {
      headers.put(CompactAttributes.HEADER, CompactAttributes.encode(m));
    }
    List<Object> longNames = null;
    for (Map.Entry<String, String> e : h.entrySet()) {
      String name = e.getKey();
      if (name.length() * 3 > MAX_NAME_BYTES
          && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        if (longNames == null) {
          longNames = new ArrayList<>();
        }
        longNames.add(name);
        longNames.add(e.getValue());
      } else {
        headers.put(name, e.getValue());
      }
    }
    if (longNames != null) {
      headers.put(LONG_HEADERS, longNames);
    }
    AMQP.BasicProperties.Builder b =
        new AMQP.BasicProperties.Builder()
            .headers(headers)
            .contentType(contentType)
            .messageId(m.id())
            .correlationId(m.correlationId())
            .timestamp(Date.from(m.time()))
            .deliveryMode(persistent ? 2 : 1);
    Instant expiresAt = m.expiresAt();
    if (expiresAt != null) {
      // Per-message TTL: RabbitMQ drops the message once it expires; core also checks the
      // attribute, so a message that expires in a consumer's buffer is not handled either.
      long ms = Math.max(0, expiresAt.toEpochMilli() - now.toEpochMilli());
      b.expiration(Long.toString(ms));
    }
    return b.build();
  }

  /**
   * Rebuilds a message as received.
   *
   * @param p the properties
   * @param body the body
   * @param fallbackId the id to use if neither the CloudEvents id nor the message id is there
   * @return the message, never {@code null}
   */
  static Message<byte[]> message(AMQP.BasicProperties p, byte[] body, String fallbackId) {
    Map<String, Object> raw = p.getHeaders();
    Map<String, String> h = new LinkedHashMap<>(raw == null ? 4 : 2 * raw.size() + 2);
    byte[] compact = null;
    if (raw != null) {
      for (Map.Entry<String, Object> e : raw.entrySet()) {
        String name = e.getKey();
        if (BROKER_HEADERS.contains(name)) {
          continue;
        }
        if (name.equals(CompactAttributes.HEADER)) {
          compact = bytes(e.getValue());
          continue;
        }
        if (name.equals(LONG_HEADERS) && e.getValue() instanceof List<?> list) {
          for (int i = 0; i + 1 < list.size(); i += 2) {
            h.put(text(list.get(i)), text(list.get(i + 1)));
          }
          continue;
        }
        h.put(name, text(e.getValue()));
      }
    }
    if (p.getContentType() != null) {
      h.put(CLOUD_EVENTS.contentTypeHeader(), p.getContentType());
    }
    String id = p.getMessageId() != null ? p.getMessageId() : fallbackId;
    WireHeaders.Reader reader = CLOUD_EVENTS.reader(body);
    h.forEach(reader::header);
    if (compact != null) {
      reader.compact(compact);
    }
    return reader.message(id);
  }

  private static byte[] bytes(@Nullable Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof LongString ls) {
      return ls.getBytes();
    }
    return new byte[0];
  }

  /**
   * The AMQP delivery count of a quorum queue's delivery: how many times it was returned before.
   *
   * @param p the properties
   * @return the count of earlier deliveries, {@code 0} if absent
   */
  static long earlierDeliveries(AMQP.BasicProperties p) {
    Map<String, Object> raw = p.getHeaders();
    Object v = raw == null ? null : raw.get("x-delivery-count");
    return v instanceof Number n ? n.longValue() : 0;
  }

  private static String text(@Nullable Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof LongString ls) {
      return new String(ls.getBytes(), StandardCharsets.UTF_8);
    }
    if (v instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return v.toString();
  }
}
