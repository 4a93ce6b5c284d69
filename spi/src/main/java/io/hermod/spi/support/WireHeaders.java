package io.hermod.spi.support;

import io.hermod.api.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The CloudEvents binary-mode mapping every binding uses: a message's attributes become
 * protocol headers named {@code <prefix><attribute>} (Kafka {@code ce_id}, JMS {@code
 * cloudEvents_id}, ...), Hermod's own fields travel as CloudEvents extension attributes ({@code
 * hermodkey}, {@code hermodroutingkey}, ...), and application headers keep their names.
 *
 * <p>Reading is the inverse: a plain client's CloudEvent (without Hermod's extensions) reads as a
 * message with those fields unset; headers that are not CloudEvents attributes become
 * application headers. Thread-safe and immutable.
 *
 * @param cePrefix the prefix of CloudEvents attributes in this protocol, e.g. {@code ce_}
 * @param contentTypeHeader the header carrying the content type, e.g. {@code content-type}
 * @since 0.1
 */
public record WireHeaders(String cePrefix, String contentTypeHeader) {

  /** CloudEvents attribute names used by the mapping. */
  private static final String SPECVERSION = "specversion";

  private static final String ID = "id";
  private static final String SOURCE = "source";
  private static final String TYPE = "type";
  private static final String SUBJECT = "subject";
  private static final String TIME = "time";
  private static final String KEY = "hermodkey";
  private static final String ROUTING_KEY = "hermodroutingkey";
  private static final String CORRELATION_ID = "hermodcorrelationid";
  private static final String REPLY_TO = "hermodreplyto";
  private static final String EXPIRES_AT = "hermodexpiresat";
  private static final String DELIVER_AT = "hermoddeliverat";

  /** Kafka's mapping (CloudEvents Kafka protocol binding). */
  public static final WireHeaders KAFKA = new WireHeaders("ce_", "content-type");

  /**
   * JMS/AMQP's mapping: property names must be Java identifiers, so the prefix is {@code
   * cloudEvents_} and the content type travels as {@code cloudEvents_datacontenttype}.
   */
  public static final WireHeaders JMS = new WireHeaders("cloudEvents_", "cloudEvents_datacontenttype");

  /** SQS message attributes: the CloudEvents SQS convention of {@code ce-} would do, but SQS allows '_' too. */
  public static final WireHeaders SQS = new WireHeaders("ce_", "content-type");

  /**
   * The headers carrying {@code message}'s attributes and application headers.
   *
   * @param message the message
   * @return a new mutable map, never {@code null}
   */
  public Map<String, String> toHeaders(Message<?> message) {
    Map<String, String> h = new LinkedHashMap<>(message.headers());
    h.put(cePrefix + SPECVERSION, "1.0");
    h.put(cePrefix + ID, message.id());
    h.put(cePrefix + SOURCE, message.source());
    h.put(cePrefix + TYPE, message.type());
    h.put(cePrefix + TIME, UtcTimestamps.format(message.time()));
    put(h, SUBJECT, message.subject());
    put(h, KEY, message.key());
    put(h, ROUTING_KEY, message.routingKey());
    put(h, CORRELATION_ID, message.correlationId());
    put(h, REPLY_TO, message.replyTo());
    put(h, EXPIRES_AT, message.expiresAt() == null ? null : UtcTimestamps.format(message.expiresAt()));
    put(h, DELIVER_AT, message.deliverAt() == null ? null : UtcTimestamps.format(message.deliverAt()));
    if (message.contentType() != null) {
      h.put(contentTypeHeader, message.contentType());
    }
    return h;
  }

  private void put(Map<String, String> h, String attribute, @Nullable String value) {
    if (value != null) {
      h.put(cePrefix + attribute, value);
    }
  }

  /**
   * Rebuilds a message from protocol headers and a payload.
   *
   * @param headers the protocol headers
   * @param payload the payload bytes
   * @param fallbackId an id to use when the headers carry none (e.g. the broker's message id)
   * @return the message, never {@code null}
   */
  public Message<byte[]> fromHeaders(Map<String, String> headers, byte[] payload, String fallbackId) {
    Message.Builder<byte[]> b = Message.builder(payload);
    Map<String, String> app = new LinkedHashMap<>();
    String id = null;
    String type = null;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = e.getKey();
      String v = e.getValue();
      if (name.equals(contentTypeHeader)) {
        b.contentType(v);
        continue;
      }
      if (!name.startsWith(cePrefix)) {
        app.put(name, v);
        continue;
      }
      switch (name.substring(cePrefix.length())) {
        case SPECVERSION -> {}
        case ID -> id = v;
        case SOURCE -> b.source(v);
        case TYPE -> type = v;
        case SUBJECT -> b.subject(v);
        case TIME -> b.time(parseInstant(v, Instant.now()));
        case KEY -> b.key(v);
        case ROUTING_KEY -> b.routingKey(v);
        case CORRELATION_ID -> b.correlationId(v);
        case REPLY_TO -> b.replyTo(v);
        case EXPIRES_AT -> b.expiresAt(parseInstant(v, null));
        case DELIVER_AT -> b.deliverAt(parseInstant(v, null));
        default -> app.put(name, v);
      }
    }
    b.id(id != null && !id.isEmpty() ? id : fallbackId);
    b.type(type != null ? type : "application/octet-stream");
    b.headers(app);
    return b.build();
  }

  private static @Nullable Instant parseInstant(String text, @Nullable Instant fallback) {
    Instant parsed = UtcTimestamps.parse(text);
    return parsed != null ? parsed : fallback;
  }
}
