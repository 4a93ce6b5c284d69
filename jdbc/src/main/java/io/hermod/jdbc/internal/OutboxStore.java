package io.hermod.jdbc.internal;

import io.hermod.api.Message;
import io.hermod.jdbc.OutboxBacklog;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL on the outbox table, for one configured table name (validated by {@link SqlNames} before
 * it gets here). Stateless apart from the statements' text; thread-safe.
 */
final class OutboxStore {

  private final String insert;
  private final String unsent;
  private final String delete;
  private final String markSent;
  private final String markFailed;
  private final String backlog;
  private final String purge;
  private final String laneCount;

  OutboxStore(String table) {
    this.insert =
        "INSERT INTO "
            + table
            + " (lane, channel, message_id, source, type, subject, message_time, content_type,"
            + " message_key, routing_key, correlation_id, reply_to, expires_at, deliver_at,"
            + " headers, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // Every unsent row of the lanes, however late its transaction committed: no "seq > last".
    this.unsent =
        "SELECT seq, channel, message_id, source, type, subject, message_time, content_type,"
            + " message_key, routing_key, correlation_id, reply_to, expires_at, deliver_at,"
            + " headers, payload FROM "
            + table
            + " WHERE lane = ANY(?) AND sent_at IS NULL ORDER BY seq LIMIT ?";
    this.delete = "DELETE FROM " + table + " WHERE seq = ANY(?)";
    this.markSent =
        "UPDATE "
            + table
            + " SET sent_at = clock_timestamp(), last_error = NULL WHERE seq = ANY(?)";
    this.markFailed =
        "UPDATE " + table + " SET attempts = attempts + 1, last_error = ? WHERE seq = ANY(?)";
    this.backlog =
        "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000,"
            + " 0) FROM "
            + table
            + " WHERE sent_at IS NULL";
    this.purge =
        "DELETE FROM "
            + table
            + " WHERE sent_at IS NOT NULL AND sent_at < clock_timestamp() - ? * INTERVAL '1"
            + " millisecond'";
    this.laneCount = "SELECT count(*) FROM " + table + "_lane";
  }

  void insert(
      Connection c, int lane, String channel, Message<?> m, String contentType, byte[] payload)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setInt(1, lane);
      ps.setString(2, channel);
      ps.setString(3, m.id());
      ps.setString(4, m.source());
      ps.setString(5, m.type());
      ps.setString(6, m.subject());
      ps.setString(7, m.time().toString());
      ps.setString(8, contentType);
      ps.setString(9, m.key());
      ps.setString(10, m.routingKey());
      ps.setString(11, m.correlationId());
      ps.setString(12, m.replyTo());
      ps.setString(13, text(m.expiresAt()));
      ps.setString(14, text(m.deliverAt()));
      ps.setString(15, HeaderText.encode(m.headers()));
      ps.setBytes(16, payload);
      ps.executeUpdate();
    }
  }

  List<OutboxRow> unsent(Connection c, List<Integer> lanes, int limit) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(unsent)) {
      ps.setArray(1, c.createArrayOf("integer", lanes.toArray()));
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
    }
    return rows;
  }

  void sent(Connection c, List<Long> seqs, boolean keep) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(keep ? markSent : delete)) {
      ps.setArray(1, longs(c, seqs));
      ps.executeUpdate();
    }
  }

  void failed(Connection c, List<Long> seqs, String error) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(markFailed)) {
      ps.setString(1, error);
      ps.setArray(2, longs(c, seqs));
      ps.executeUpdate();
    }
  }

  OutboxBacklog backlog(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(backlog);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new OutboxBacklog(rs.getLong(1), Duration.ofMillis(Math.round(rs.getDouble(2))));
    }
  }

  int purge(Connection c, Duration retention) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(purge)) {
      ps.setLong(1, retention.toMillis());
      return ps.executeUpdate();
    }
  }

  int laneCount(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(laneCount);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static OutboxRow row(ResultSet rs) throws SQLException {
    Message.Builder<byte[]> b =
        Message.builder(rs.getBytes("payload"))
            .id(rs.getString("message_id"))
            .source(rs.getString("source"))
            .type(rs.getString("type"))
            .subject(rs.getString("subject"))
            .time(Instant.parse(rs.getString("message_time")))
            .contentType(rs.getString("content_type"))
            .key(rs.getString("message_key"))
            .routingKey(rs.getString("routing_key"))
            .headers(HeaderText.decode(rs.getString("headers")))
            .correlationId(rs.getString("correlation_id"))
            .replyTo(rs.getString("reply_to"))
            .expiresAt(instant(rs.getString("expires_at")))
            .deliverAt(instant(rs.getString("deliver_at")));
    return new OutboxRow(rs.getLong("seq"), rs.getString("channel"), b.build());
  }

  private static Array longs(Connection c, List<Long> seqs) throws SQLException {
    return c.createArrayOf("bigint", seqs.toArray());
  }

  /** ISO-8601 text: nanoseconds and the instant survive whatever the JVM's or server's zone. */
  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }

  private static @Nullable Instant instant(@Nullable String s) {
    return s == null ? null : Instant.parse(s);
  }
}
