package io.hermod.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The module's documented SQL files ({@code io/hermod/jdbc/*-postgresql.sql}), with the configured
 * names put in, run when a component is opened with {@code createSchema}. The files are the one
 * source of the schema: teams running their own migrations copy them, the module runs the same.
 */
final class Schema {

  private Schema() {}

  /**
   * The statements of a schema file with its placeholders replaced.
   *
   * @param file the file name beside this module's public package, e.g. {@code
   *     outbox-postgresql.sql}
   * @param values placeholder names (without {@code ${}}) to their (already validated) values
   * @return the statements, in order
   */
  static List<String> statements(String file, Map<String, String> values) {
    String text;
    try (InputStream in = Schema.class.getResourceAsStream("/io/hermod/jdbc/" + file)) {
      if (in == null) {
        throw new IllegalStateException("hermod-jdbc's jar lacks io/hermod/jdbc/" + file);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    String body = sql.toString();
    for (Map.Entry<String, String> e : values.entrySet()) {
      body = body.replace("${" + e.getKey() + "}", e.getValue());
    }
    List<String> out = new ArrayList<>();
    for (String s : body.split(";")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /**
   * Runs the statements in one transaction, holding an advisory lock named after {@code table}: two
   * processes creating the same tables at once would otherwise race inside PostgreSQL's catalog
   * even with {@code IF NOT EXISTS}.
   *
   * @param connection a connection of its own (committed and left in auto-commit)
   * @param table the table the lock is named after
   * @param statements the statements
   * @throws SQLException when one fails
   */
  static void apply(Connection connection, String table, List<String> statements)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "hermod-jdbc:" + table);
        lock.execute();
      }
      try (Statement st = connection.createStatement()) {
        for (String s : statements) {
          st.execute(s);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * The last part of a possibly schema-qualified name, for index names (which take the table's
   * schema and cannot be qualified).
   *
   * @param table {@code table} or {@code schema.table}
   * @return {@code table}
   */
  static String unqualified(String table) {
    return table.substring(table.lastIndexOf('.') + 1);
  }
}
