package io.hermod.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One relay's leases on lanes. Each round it renews its heartbeat and its leases, gives back lanes
 * beyond its fair share (lanes / live relays, rounded up) and claims free or expired ones with
 * {@code FOR UPDATE SKIP LOCKED}, so two relays claiming at once take different lanes. A relay that
 * dies simply stops renewing; its lanes are claimable once the lease has run out.
 *
 * <p>The relay may publish a lane only while its lease provably holds: {@link #validUntilNanos()}
 * is measured from just before the renewing statement was sent, on this JVM's monotonic clock,
 * which is never later than the end the database recorded. Not thread-safe: the relay's thread uses
 * it.
 */
final class LaneLeases {

  private final String relayId;
  private final int lanes;
  private final long leaseMillis;
  private final long leaseNanos;
  private final String heartbeat;
  private final String forgetDead;
  private final String liveRelays;
  private final String renew;
  private final String release;
  private final String claim;
  private final String releaseAll;
  private final String leave;
  private List<Integer> owned = List.of();
  private long validUntilNanos;

  LaneLeases(String table, String relayId, int lanes, Duration lease) {
    this.relayId = relayId;
    this.lanes = lanes;
    this.leaseMillis = lease.toMillis();
    this.leaseNanos = lease.toNanos();
    String lane = table + "_lane";
    String relay = table + "_relay";
    String until = "clock_timestamp() + ? * INTERVAL '1 millisecond'";
    this.heartbeat =
        "INSERT INTO "
            + relay
            + " (relay_id, alive_until) VALUES (?, "
            + until
            + ") ON CONFLICT (relay_id) DO UPDATE SET alive_until = EXCLUDED.alive_until";
    this.forgetDead = "DELETE FROM " + relay + " WHERE alive_until < clock_timestamp()";
    this.liveRelays = "SELECT count(*) FROM " + relay;
    this.renew =
        "UPDATE " + lane + " SET leased_until = " + until + " WHERE owner = ? RETURNING lane";
    this.release =
        "UPDATE "
            + lane
            + " SET owner = NULL, leased_until = NULL WHERE owner = ? AND lane = ANY(?)";
    this.claim =
        "UPDATE "
            + lane
            + " SET owner = ?, leased_until = "
            + until
            + " WHERE lane IN (SELECT lane FROM "
            + lane
            + " WHERE owner IS NULL OR leased_until < clock_timestamp() ORDER BY lane LIMIT ?"
            + " FOR UPDATE SKIP LOCKED) RETURNING lane";
    this.releaseAll = "UPDATE " + lane + " SET owner = NULL, leased_until = NULL WHERE owner = ?";
    this.leave = "DELETE FROM " + relay + " WHERE relay_id = ?";
  }

  /**
   * Renews, rebalances and claims; call between batches only, never while a batch is in flight.
   *
   * @param c a connection in auto-commit
   * @return the lanes this relay holds now, sorted
   */
  List<Integer> refresh(Connection c) throws SQLException {
    long started = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(heartbeat)) {
      ps.setString(1, relayId);
      ps.setLong(2, leaseMillis);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(forgetDead)) {
      ps.executeUpdate();
    }
    int live;
    try (PreparedStatement ps = c.prepareStatement(liveRelays);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      live = Math.max(1, rs.getInt(1));
    }
    int share = (lanes + live - 1) / live;
    List<Integer> mine = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(renew)) {
      ps.setLong(1, leaseMillis);
      ps.setString(2, relayId);
      collect(ps, mine);
    }
    mine.sort(null);
    if (mine.size() > share) {
      List<Integer> extra = new ArrayList<>(mine.subList(share, mine.size()));
      try (PreparedStatement ps = c.prepareStatement(release)) {
        ps.setString(1, relayId);
        ps.setArray(2, c.createArrayOf("integer", extra.toArray()));
        ps.executeUpdate();
      }
      mine = new ArrayList<>(mine.subList(0, share));
    } else if (mine.size() < share) {
      try (PreparedStatement ps = c.prepareStatement(claim)) {
        ps.setString(1, relayId);
        ps.setLong(2, leaseMillis);
        ps.setInt(3, share - mine.size());
        collect(ps, mine);
      }
      mine.sort(null);
    }
    // Leases claimed in this round started later than `started`, so this bound holds for all.
    validUntilNanos = started + leaseNanos;
    owned = List.copyOf(mine);
    return owned;
  }

  /**
   * The monotonic time until which every lane of the last {@link #refresh} is surely this relay's.
   *
   * @return a {@link System#nanoTime()} value
   */
  long validUntilNanos() {
    return validUntilNanos;
  }

  /**
   * The lanes held since the last refresh.
   *
   * @return the lanes, sorted
   */
  List<Integer> owned() {
    return owned;
  }

  /**
   * Gives every lane back and removes the heartbeat, so that the other relays take over at once.
   *
   * @param c a connection in auto-commit
   */
  void leave(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(releaseAll)) {
      ps.setString(1, relayId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(leave)) {
      ps.setString(1, relayId);
      ps.executeUpdate();
    }
    owned = List.of();
  }

  private static void collect(PreparedStatement ps, List<Integer> into) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.add(rs.getInt(1));
      }
    }
  }
}
