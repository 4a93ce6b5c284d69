package io.hermod.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The caller's side of a service method: a transaction on a connection of its own. */
final class Transactions {

  interface Work {
    void run(Connection c) throws Exception;
  }

  private Transactions() {}

  static void commit(DataSource ds, Work work) throws Exception {
    run(ds, work, true);
  }

  static void rollback(DataSource ds, Work work) throws Exception {
    run(ds, work, false);
  }

  private static void run(DataSource ds, Work work, boolean commit) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        if (commit) {
          c.commit();
        } else {
          c.rollback();
        }
      } catch (Exception | Error e) {
        rollbackQuietly(c);
        throw e;
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is the one to report
    }
  }
}
