package io.hermod.jdbc.internal;

import io.hermod.api.ConnectionException;
import java.sql.SQLException;

/** Database failures outside the caller's transaction, as Hermod's exceptions with the fix. */
final class JdbcErrors {

  private JdbcErrors() {}

  static ConnectionException database(String action, String fix, SQLException e) {
    return new ConnectionException(
        null,
        null,
        "hermod-jdbc could not "
            + action
            + ": "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + "); "
            + fix,
        e);
  }
}
