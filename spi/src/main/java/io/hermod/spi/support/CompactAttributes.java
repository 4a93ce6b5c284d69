package io.hermod.spi.support;

import io.hermod.api.Message;
import io.hermod.api.StandardHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The opt-in compact wire format for Hermod-to-Hermod channels: every attribute a message's
 * CloudEvents headers would carry (id, source, type, time, subject, content type, Hermod's
 * extensions and the trace context) packed into one binary header value, instead of one protocol
 * header each.
 *
 * <p>Why: on Kafka the consumer's client makes a buffer slice, a header object and a key string for
 * every record header, and the reader then decodes each value; with seven CloudEvents headers per
 * record that was most of what a message cost beyond the raw client (the bench's {@code --versus
 * raw-headers}). One header costs that once. The price is interoperability: a plain CloudEvents
 * consumer does not read it (TCK H01 is for the default format), so it is for channels whose both
 * ends are Hermod. Readers accept both formats whichever one the writer chose.
 *
 * <p>Layout, version 1: one byte {@code 1}, then fields in any order, each a tag byte and its
 * value, and a final tag {@code 0}. Strings are a varint byte length and UTF-8; instants are a
 * zig-zag varint of epoch seconds and a varint of nanoseconds. An unknown tag or version is an
 * error, so a later writer adds fields under a new version. Application headers are not in it: they
 * stay protocol headers of their own. Stateless and thread-safe.
 *
 * @since 0.3
 */
public final class CompactAttributes {

  /**
   * The protocol header the packed attributes travel in. Within a reserved prefix, so no
   * application header can take its name.
   */
  public static final String HEADER = "hermod_attributes";

  /** The value of {@link #WIRE_FORMAT} for CloudEvents binary mode, the default. */
  public static final String CLOUDEVENTS = "cloudevents";

  /** The value of {@link #WIRE_FORMAT} for this format. */
  public static final String COMPACT = "compact";

  /**
   * The {@code hermod.<binding>.wire-format} key of every binding that offers this format, declared
   * once here so that each binding's key reads and is documented alike.
   */
  public static final ConfigKey<String> WIRE_FORMAT =
      ConfigKey.oneOf(
          "wire-format",
          CLOUDEVENTS,
          List.of(CLOUDEVENTS, COMPACT),
          "How messages carry their attributes: CloudEvents headers, which plain clients read, or"
              + " compact (one binary header, for channels with Hermod at both ends). Consumers read"
              + " either, whatever their own setting.");

  /** The format version this class writes and reads. */
  private static final byte VERSION = 1;

  private static final int END = 0;
  private static final int ID = 1;
  private static final int SOURCE = 2;
  private static final int TYPE = 3;
  private static final int TIME = 4;
  private static final int SUBJECT = 5;
  private static final int CONTENT_TYPE = 6;
  private static final int KEY = 7;
  private static final int ROUTING_KEY = 8;
  private static final int CORRELATION_ID = 9;
  private static final int REPLY_TO = 10;
  private static final int EXPIRES_AT = 11;
  private static final int DELIVER_AT = 12;
  private static final int TRACEPARENT = 13;
  private static final int TRACESTATE = 14;

  private CompactAttributes() {}

  /**
   * The packed attributes of {@code message}, trace context included; its other application headers
   * are the caller's to write as protocol headers.
   *
   * @param message the message
   * @return the header value, never {@code null}
   */
  public static byte[] encode(Message<?> message) {
    Map<String, String> app = message.headers();
    String traceparent = app.isEmpty() ? null : app.get(StandardHeaders.TRACEPARENT);
    String tracestate = app.isEmpty() ? null : app.get(StandardHeaders.TRACESTATE);
    // Two passes over the same fields, sizing then writing, so the value is one exact array.
    int size = 2; // version and end
    size += stringSize(message.id());
    size += stringSize(message.source());
    size += stringSize(message.type());
    size += instantSize(message.time());
    size += stringSize(message.subject());
    size += stringSize(message.contentType());
    size += stringSize(message.key());
    size += stringSize(message.routingKey());
    size += stringSize(message.correlationId());
    size += stringSize(message.replyTo());
    size += instantSize(message.expiresAt());
    size += instantSize(message.deliverAt());
    size += stringSize(traceparent);
    size += stringSize(tracestate);
    Writer w = new Writer(new byte[size]);
    w.bytes[w.pos++] = VERSION;
    w.string(ID, message.id());
    w.string(SOURCE, message.source());
    w.string(TYPE, message.type());
    w.instant(TIME, message.time());
    w.string(SUBJECT, message.subject());
    w.string(CONTENT_TYPE, message.contentType());
    w.string(KEY, message.key());
    w.string(ROUTING_KEY, message.routingKey());
    w.string(CORRELATION_ID, message.correlationId());
    w.string(REPLY_TO, message.replyTo());
    w.instant(EXPIRES_AT, message.expiresAt());
    w.instant(DELIVER_AT, message.deliverAt());
    w.string(TRACEPARENT, traceparent);
    w.string(TRACESTATE, tracestate);
    w.bytes[w.pos++] = END;
    if (w.pos != size) {
      throw new IllegalStateException("compact attributes: sized " + size + ", wrote " + w.pos);
    }
    return w.bytes;
  }

  /**
   * Hands {@code message}'s application headers that travel on their own, every one but the trace
   * context, to {@code sink}.
   *
   * @param message the message
   * @param sink receives each name and value
   */
  public static void writeUnpackedHeaders(Message<?> message, BiConsumer<String, String> sink) {
    for (Map.Entry<String, String> e : message.headers().entrySet()) {
      if (!isPacked(e.getKey())) {
        sink.accept(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Whether an application header travels inside the packed attributes rather than on its own.
   *
   * @param name the application header's name
   * @return {@code true} for the trace context headers
   */
  public static boolean isPacked(String name) {
    return name.equals(StandardHeaders.TRACEPARENT) || name.equals(StandardHeaders.TRACESTATE);
  }

  /**
   * Reads packed attributes into a reader of the message's headers.
   *
   * @param value the header value
   * @param reader the reader of the message
   * @throws IllegalArgumentException if the value is not version 1 of this format
   */
  static void decodeInto(byte[] value, WireHeaders.Reader reader) {
    Message.Builder<byte[]> b = reader.builder;
    Reader r = new Reader(value);
    int version = r.u8();
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "compact attributes of version " + version + "; this Hermod reads version " + VERSION);
    }
    String id = null;
    for (int tag = r.u8(); tag != END; tag = r.u8()) {
      switch (tag) {
        case ID -> id = r.string();
        case TYPE -> reader.type = r.string();
        case CONTENT_TYPE -> reader.contentType = r.string();
        case SOURCE -> b.source(r.string());
        case TIME -> b.time(r.instant());
        case SUBJECT -> b.subject(r.string());
        case KEY -> b.key(r.string());
        case ROUTING_KEY -> b.routingKey(r.string());
        case CORRELATION_ID -> b.correlationId(r.string());
        case REPLY_TO -> b.replyTo(r.string());
        case EXPIRES_AT -> b.expiresAt(r.instant());
        case DELIVER_AT -> b.deliverAt(r.instant());
        case TRACEPARENT -> b.header(StandardHeaders.TRACEPARENT, r.string());
        case TRACESTATE -> b.header(StandardHeaders.TRACESTATE, r.string());
        default -> throw new IllegalArgumentException("compact attributes: unknown tag " + tag);
      }
    }
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("compact attributes without a message id");
    }
    reader.id = id;
  }

  private static int stringSize(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    int n = Utf8.length(s);
    return 1 + varintSize(n) + n;
  }

  private static int instantSize(@Nullable Instant t) {
    if (t == null) {
      return 0;
    }
    return 1 + varintSize(zigzag(t.getEpochSecond())) + varintSize(t.getNano());
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static final class Writer {
    final byte[] bytes;
    int pos;

    Writer(byte[] bytes) {
      this.bytes = bytes;
    }

    void string(int tag, @Nullable String s) {
      if (s == null) {
        return;
      }
      bytes[pos++] = (byte) tag;
      int n = Utf8.length(s);
      varint(n);
      int at = pos;
      boolean ascii = n == s.length();
      if (ascii) {
        // The common case (ids, type names, channel names): no encoder, no temporary array.
        for (int i = 0; i < n; i++) {
          bytes[at + i] = (byte) s.charAt(i);
        }
      } else {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, at, utf8.length);
      }
      pos = at + n;
    }

    void instant(int tag, @Nullable Instant t) {
      if (t == null) {
        return;
      }
      bytes[pos++] = (byte) tag;
      varint(zigzag(t.getEpochSecond()));
      varint(t.getNano());
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        bytes[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[pos++] = (byte) v;
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int pos;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int u8() {
      if (pos >= bytes.length) {
        throw new IllegalArgumentException("compact attributes: truncated at byte " + pos);
      }
      return bytes[pos++] & 0xFF;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("compact attributes: varint too long at byte " + pos);
    }

    String string() {
      long n = varint();
      if (n < 0 || n > bytes.length - pos) {
        throw new IllegalArgumentException("compact attributes: string overruns at byte " + pos);
      }
      String s = new String(bytes, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return s;
    }

    Instant instant() {
      long z = varint();
      long seconds = (z >>> 1) ^ -(z & 1);
      long nanos = varint();
      if (nanos < 0 || nanos > 999_999_999) {
        throw new IllegalArgumentException("compact attributes: bad nanoseconds " + nanos);
      }
      return Instant.ofEpochSecond(seconds, nanos);
    }
  }
}
