package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import java.util.Map;

/**
 * What a channel costs on the in-memory broker, counted into the binding's {@link BrokerTraffic}.
 * The broker is a method call away, so a "request" is the call that would be a request on a
 * networked broker:
 *
 * <ul>
 *   <li>{@code send}: one request per {@code Outbound.send} call that reaches the broker, however
 *       many messages it carries (a {@code sendAll} of 25 is one request); bytes are the payloads
 *       plus the UTF-8 names and values of the application headers. The broker hands the message
 *       object itself to the consumer, with no wire format, so CloudEvents attributes (id, type,
 *       source, ...) carry no bytes here.
 *   <li>{@code receive}: one request per batch a consumer's dispatcher takes from its queue (at
 *       most the free prefetch, at most 64 messages), with the bytes of those messages as above. A
 *       take that finds nothing is not counted: an idle dispatcher parks instead of polling.
 *   <li>{@code settle}: one request per ack or nack (no bytes). A closing consumer's unsettled
 *       deliveries go back to the queue without a request, as a broker takes them back on
 *       disconnect.
 *   <li>{@code other}: one request per {@code statistics} call.
 * </ul>
 *
 * Billed requests equal requests. With {@link BrokerTraffic#NONE} nothing is computed or called
 * beyond one final-field check per send, batch and settlement. Immutable and thread-safe.
 */
final class InMemoryTraffic {

  private final BrokerTraffic traffic;

  /** Whether anybody counts: when not, byte counts are never computed. */
  final boolean metered;

  InMemoryTraffic(BrokerTraffic traffic) {
    this.traffic = traffic;
    this.metered = traffic != BrokerTraffic.NONE;
  }

  /** Counts one request of {@code operation} on {@code channel}. */
  void record(String channel, BrokerOperation operation, long bytes) {
    traffic.record(channel, operation, 1, 1, bytes);
  }

  /**
   * The bytes a message carries: its payload and its application headers, names and values in
   * UTF-8.
   *
   * @param m the message
   * @return the byte count
   */
  static long bytes(Message<byte[]> m) {
    long n = m.payload().length;
    Map<String, String> headers = m.headers();
    if (!headers.isEmpty()) {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        n += utf8Length(h.getKey()) + utf8Length(h.getValue());
      }
    }
    return n;
  }

  /** The UTF-8 length of a string, without encoding it. */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        // A surrogate pair is one code point of four bytes.
        n += 4;
        i++;
      } else {
        // Other chars, a lone surrogate included (encoded as '?', one byte, by String.getBytes).
        n += Character.isSurrogate(c) ? 1 : 3;
      }
    }
    return n;
  }
}
