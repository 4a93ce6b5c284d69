package io.hermod.jdbc.internal;

import io.hermod.api.Message;
import io.hermod.api.SerializationException;
import io.hermod.jdbc.OutboxPublisher;
import io.hermod.spi.PayloadCodec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Encodes the payload with the codec a direct send would use and inserts the row through the
 * caller's connection. Never commits, rolls back or changes the connection's auto-commit: the
 * transaction is the caller's. Thread-safe.
 */
final class JdbcOutboxPublisher<T> implements OutboxPublisher<T> {

  private final String channel;
  private final Class<T> type;
  private final PayloadCodec codec;
  private final OutboxStore store;
  private final int lanes;

  JdbcOutboxPublisher(
      String channel, Class<T> type, PayloadCodec codec, OutboxStore store, int lanes) {
    this.channel = channel;
    this.type = type;
    this.codec = codec;
    this.store = store;
    this.lanes = lanes;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public String send(Connection connection, T payload) throws SQLException {
    return send(connection, Message.of(Objects.requireNonNull(payload, "payload")));
  }

  @Override
  public String send(Connection connection, Message<T> message) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(message, "message");
    byte[] bytes;
    try {
      bytes = codec.encode(message.payload());
    } catch (Exception e) {
      throw new SerializationException(
          null,
          channel,
          "the outbox could not encode a "
              + type.getName()
              + " payload as "
              + codec.contentType()
              + ": "
              + e.getMessage()
              + "; make the type serializable by the codec or add a codec with"
              + " OutboxConfig.custom().codec(...)",
          e);
    }
    String contentType =
        message.contentType() == null ? codec.contentType() : message.contentType();
    store.insert(connection, lane(message), channel, message, contentType, bytes);
    return message.id();
  }

  /**
   * The lane of a message: by its key, so that one key's messages are relayed by one relay in
   * order; a message without a key by its id, which spreads them. {@link String#hashCode()} is
   * specified, so every writer process agrees.
   */
  private int lane(Message<T> message) {
    String by = message.key() != null ? message.key() : message.id();
    return Math.floorMod(by.hashCode(), lanes);
  }
}
