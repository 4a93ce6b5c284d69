package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.Utf8;
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
        n += Utf8.length(h.getKey()) + Utf8.length(h.getValue());
      }
    }
    return n;
  }
}
