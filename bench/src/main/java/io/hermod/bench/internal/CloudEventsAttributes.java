package io.hermod.bench.internal;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The protocol headers Hermod puts on every bench message (CloudEvents binary mode: {@code
 * specversion}, {@code id}, {@code source}, {@code type}, {@code time}, Hermod's {@code hermodkey}
 * extension and the content type), made per message by plain JDK means, for the raw baselines of
 * {@code --versus raw-headers}: the raw client then carries and reads the same wire format, so what
 * is left between it and Hermod is Hermod's code. Immutable.
 *
 * @param prefix the protocol's attribute prefix ({@code ce_}, {@code cloudEvents_})
 * @param contentType the protocol's content-type header
 */
record CloudEventsAttributes(String prefix, String contentType) {

  /** Kafka's (and SQS's) names. */
  static final CloudEventsAttributes CE = new CloudEventsAttributes("ce_", "content-type");

  /** AMQP 0-9-1's names (the CloudEvents AMQP binding's prefix); the content type is a property. */
  static final CloudEventsAttributes AMQP =
      new CloudEventsAttributes("cloudEvents:", "content-type");

  /** JMS's names. */
  static final CloudEventsAttributes JMS =
      new CloudEventsAttributes("cloudEvents_", "cloudEvents_datacontenttype");

  /**
   * Hands one message's headers to {@code sink}.
   *
   * @param seq the message's sequence number (its ordering key, as Hermod's bench messages have)
   * @param sink receives each name and value
   */
  void write(long seq, BiConsumer<String, String> sink) {
    sink.accept(prefix + "specversion", "1.0");
    sink.accept(prefix + "id", UUID.randomUUID().toString());
    sink.accept(prefix + "source", "/hermod");
    sink.accept(prefix + "type", "[B");
    sink.accept(prefix + "time", Instant.now().toString());
    sink.accept(prefix + "hermodkey", Payloads.key(seq));
    sink.accept(contentType, "application/octet-stream");
  }
}
