package io.hermod.spi.support;

import io.hermod.api.Message;
import io.hermod.api.StandardHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
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
    Map<String, String> h = new LinkedHashMap<>(2 * (message.headers().size() + 12));
    writeHeaders(message, h::put);
    return h;
  }

  /**
   * Hands {@code message}'s protocol headers to {@code sink} one by one, in the order {@link
   * #toHeaders} has them: the same headers without a map in between, for a binding that writes them
   * straight into its client's message. Every name is given once.
   *
   * @param message the message
   * @param sink receives each header's name and value
   * @since 0.3
   */
  public void writeHeaders(Message<?> message, BiConsumer<String, String> sink) {
    Names n = names();
    Map<String, String> app = message.headers();
    if (!app.isEmpty()) {
      for (Map.Entry<String, String> e : app.entrySet()) {
        String name = e.getKey();
        // Trace context travels as the CloudEvents distributed-tracing extension attributes.
        if (name.equals(StandardHeaders.TRACEPARENT)) {
          name = n.of(Attribute.TRACEPARENT);
        } else if (name.equals(StandardHeaders.TRACESTATE)) {
          name = n.of(Attribute.TRACESTATE);
        }
        sink.accept(name, e.getValue());
      }
    }
    sink.accept(n.of(Attribute.SPECVERSION), "1.0");
    sink.accept(n.of(Attribute.ID), message.id());
    sink.accept(n.of(Attribute.SOURCE), message.source());
    sink.accept(n.of(Attribute.TYPE), message.type());
    sink.accept(n.of(Attribute.TIME), UtcTimestamps.format(message.time()));
    put(sink, n.of(Attribute.SUBJECT), message.subject());
    put(sink, n.of(Attribute.KEY), message.key());
    put(sink, n.of(Attribute.ROUTING_KEY), message.routingKey());
    put(sink, n.of(Attribute.CORRELATION_ID), message.correlationId());
    put(sink, n.of(Attribute.REPLY_TO), message.replyTo());
    Instant expiresAt = message.expiresAt();
    if (expiresAt != null) {
      sink.accept(n.of(Attribute.EXPIRES_AT), UtcTimestamps.format(expiresAt));
    }
    Instant deliverAt = message.deliverAt();
    if (deliverAt != null) {
      sink.accept(n.of(Attribute.DELIVER_AT), UtcTimestamps.format(deliverAt));
    }
    put(sink, contentTypeHeader, message.contentType());
  }

  private static void put(BiConsumer<String, String> sink, String name, @Nullable String value) {
    if (value != null) {
      sink.accept(name, value);
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
    Reader reader = reader(payload);
    headers.forEach(reader::header);
    return reader.message(fallbackId);
  }

  /**
   * A reader of one message's protocol headers, for a binding that reads them straight from its
   * client's message instead of collecting them into a map for {@link #fromHeaders} first.
   *
   * @param payload the message's payload bytes
   * @return a new reader
   * @since 0.3
   */
  public Reader reader(byte[] payload) {
    return new Reader(this, payload);
  }

  /**
   * Reads one message's protocol headers as they come, the inverse of {@link #writeHeaders}: the
   * last header of a name wins, as with {@link #fromHeaders}. Not thread-safe; one per message.
   *
   * @since 0.3
   */
  public static final class Reader {
    private final WireHeaders wire;
    private final Names names;
    // Package-private for CompactAttributes, which reads the same fields from one header.
    final Message.Builder<byte[]> builder;
    @Nullable String id;
    @Nullable String type;
    @Nullable String contentType;

    private Reader(WireHeaders wire, byte[] payload) {
      this.wire = wire;
      this.names = wire.names();
      this.builder = Message.builder(payload);
    }

    /**
     * Reads one header.
     *
     * @param name the protocol header's name
     * @param v its value
     */
    public void header(String name, String v) {
      if (name.equals(wire.contentTypeHeader)) {
        contentType = v;
        return;
      }
      Attribute a = name.startsWith(wire.cePrefix) ? names.attribute(name) : null;
      if (a == null) {
        builder.header(name, v);
        return;
      }
      switch (a) {
        case SPECVERSION -> {}
        case ID -> id = v;
        case SOURCE -> builder.source(v);
        case TYPE -> type = v;
        case SUBJECT -> builder.subject(v);
        case TIME -> builder.time(parseInstant(v, Instant.now()));
        case KEY -> builder.key(v);
        case ROUTING_KEY -> builder.routingKey(v);
        case CORRELATION_ID -> builder.correlationId(v);
        case REPLY_TO -> builder.replyTo(v);
        case EXPIRES_AT -> builder.expiresAt(parseInstant(v, null));
        case DELIVER_AT -> builder.deliverAt(parseInstant(v, null));
        case TRACEPARENT -> builder.header(StandardHeaders.TRACEPARENT, v);
        case TRACESTATE -> builder.header(StandardHeaders.TRACESTATE, v);
      }
    }

    /**
     * Reads the attributes of the compact format ({@link CompactAttributes}), carried in one
     * header; the message's application headers still come through {@link #header}.
     *
     * @param value the header's value
     * @throws IllegalArgumentException if the value is not in a format this Hermod reads
     */
    public void compact(byte[] value) {
      CompactAttributes.decodeInto(value, this);
    }

    /**
     * The content type read so far, {@code null} if none.
     *
     * @return the content type
     */
    public @Nullable String contentType() {
      return contentType;
    }

    /**
     * The message the headers read describe.
     *
     * @param fallbackId an id to use when the headers carry none (e.g. the broker's message id)
     * @return the message, never {@code null}
     */
    public Message<byte[]> message(String fallbackId) {
      builder.contentType(contentType);
      builder.id(id != null && !id.isEmpty() ? id : fallbackId);
      builder.type(type != null ? type : "application/octet-stream");
      return builder.build();
    }
  }

  private static @Nullable Instant parseInstant(String text, @Nullable Instant fallback) {
    Instant parsed = UtcTimestamps.parse(text);
    return parsed != null ? parsed : fallback;
  }
}
