package io.hermod.spi.support;

import io.hermod.api.Message;
import io.hermod.api.StandardHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The CloudEvents binary-mode mapping every binding uses: a message's attributes become protocol
 * headers named {@code <prefix><attribute>} (Kafka {@code ce_id}, JMS {@code cloudEvents_id}, ...),
 * Hermod's own fields travel as CloudEvents extension attributes ({@code hermodkey}, {@code
 * hermodroutingkey}, ...), and application headers keep their names.
 *
 * <p>Reading is the inverse: a plain client's CloudEvent (without Hermod's extensions) reads as a
 * message with those fields unset; headers that are not CloudEvents attributes become application
 * headers. Thread-safe and immutable.
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

  /** The attributes the mapping writes and reads, in the order it writes them. */
  private enum Attribute {
    SPECVERSION(WireHeaders.SPECVERSION),
    ID(WireHeaders.ID),
    SOURCE(WireHeaders.SOURCE),
    TYPE(WireHeaders.TYPE),
    TIME(WireHeaders.TIME),
    SUBJECT(WireHeaders.SUBJECT),
    KEY(WireHeaders.KEY),
    ROUTING_KEY(WireHeaders.ROUTING_KEY),
    CORRELATION_ID(WireHeaders.CORRELATION_ID),
    REPLY_TO(WireHeaders.REPLY_TO),
    EXPIRES_AT(WireHeaders.EXPIRES_AT),
    DELIVER_AT(WireHeaders.DELIVER_AT),
    // The CloudEvents distributed-tracing extension: application headers of these names travel
    // as extension attributes, so a plain CloudEvents consumer finds the trace context where the
    // spec puts it.
    TRACEPARENT(StandardHeaders.TRACEPARENT),
    TRACESTATE(StandardHeaders.TRACESTATE);

    final String suffix;

    Attribute(String suffix) {
      this.suffix = suffix;
    }
  }

  /**
   * The protocol header names of one prefix, made once per prefix: the mapping runs for every
   * message sent and received, and concatenating the names anew for each showed in profiles.
   */
  private static final class Names {
    private final String[] byAttribute;
    private final Map<String, Attribute> byName;

    Names(String prefix) {
      Attribute[] all = Attribute.values();
      byAttribute = new String[all.length];
      Map<String, Attribute> names = new HashMap<>();
      for (Attribute a : all) {
        byAttribute[a.ordinal()] = prefix + a.suffix;
        names.put(prefix + a.suffix, a);
      }
      byName = Map.copyOf(names);
    }

    String of(Attribute a) {
      return byAttribute[a.ordinal()];
    }

    @Nullable Attribute attribute(String name) {
      return byName.get(name);
    }
  }

  private static final ConcurrentHashMap<String, Names> NAMES = new ConcurrentHashMap<>();

  private Names names() {
    Names n = NAMES.get(cePrefix);
    return n != null ? n : NAMES.computeIfAbsent(cePrefix, Names::new);
  }

  /** Kafka's mapping (CloudEvents Kafka protocol binding). */
  public static final WireHeaders KAFKA = new WireHeaders("ce_", "content-type");

  /**
   * JMS/AMQP's mapping: property names must be Java identifiers, so the prefix is {@code
   * cloudEvents_} and the content type travels as {@code cloudEvents_datacontenttype}.
   */
  public static final WireHeaders JMS =
      new WireHeaders("cloudEvents_", "cloudEvents_datacontenttype");

  /**
   * SQS message attributes: the CloudEvents SQS convention of {@code ce-} would do, but SQS allows
   * '_' too.
   */
  public static final WireHeaders SQS = new WireHeaders("ce_", "content-type");

  /**
   * The headers carrying {@code message}'s attributes and application headers.
   *
   * @param message the message
   * @return a new mutable map, never {@code null}
   */
  public Map<String, String> toHeaders(Message<?> message) {
    Names n = names();
    Map<String, String> h = new LinkedHashMap<>(2 * (message.headers().size() + 12));
    h.putAll(message.headers());
    if (!h.isEmpty()) {
      moveToAttribute(h, StandardHeaders.TRACEPARENT, n.of(Attribute.TRACEPARENT));
      moveToAttribute(h, StandardHeaders.TRACESTATE, n.of(Attribute.TRACESTATE));
    }
    h.put(n.of(Attribute.SPECVERSION), "1.0");
    h.put(n.of(Attribute.ID), message.id());
    h.put(n.of(Attribute.SOURCE), message.source());
    h.put(n.of(Attribute.TYPE), message.type());
    h.put(n.of(Attribute.TIME), UtcTimestamps.format(message.time()));
    put(h, n.of(Attribute.SUBJECT), message.subject());
    put(h, n.of(Attribute.KEY), message.key());
    put(h, n.of(Attribute.ROUTING_KEY), message.routingKey());
    put(h, n.of(Attribute.CORRELATION_ID), message.correlationId());
    put(h, n.of(Attribute.REPLY_TO), message.replyTo());
    Instant expiresAt = message.expiresAt();
    Instant deliverAt = message.deliverAt();
    put(h, n.of(Attribute.EXPIRES_AT), expiresAt == null ? null : UtcTimestamps.format(expiresAt));
    put(h, n.of(Attribute.DELIVER_AT), deliverAt == null ? null : UtcTimestamps.format(deliverAt));
    if (message.contentType() != null) {
      h.put(contentTypeHeader, message.contentType());
    }
    return h;
  }

  private static void moveToAttribute(Map<String, String> h, String header, String attribute) {
    String value = h.remove(header);
    if (value != null) {
      h.put(attribute, value);
    }
  }

  private static void put(Map<String, String> h, String name, @Nullable String value) {
    if (value != null) {
      h.put(name, value);
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
  public Message<byte[]> fromHeaders(
      Map<String, String> headers, byte[] payload, String fallbackId) {
    Message.Builder<byte[]> b = Message.builder(payload);
    Map<String, String> app = new LinkedHashMap<>();
    String id = null;
    String type = null;
    Names n = names();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = e.getKey();
      String v = e.getValue();
      if (name.equals(contentTypeHeader)) {
        b.contentType(v);
        continue;
      }
      Attribute a = name.startsWith(cePrefix) ? n.attribute(name) : null;
      if (a == null) {
        app.put(name, v);
        continue;
      }
      switch (a) {
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
        case TRACEPARENT -> app.put(StandardHeaders.TRACEPARENT, v);
        case TRACESTATE -> app.put(StandardHeaders.TRACESTATE, v);
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
