package io.hermod.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The schema: created by the module (in a schema of its own too), or missing and said so. */
class SchemaTest {

  private static TestDatabase db;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = TestDatabase.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  @DisplayName("the tables are created once; opening again is harmless; qualified names work")
  void createsTablesIdempotentlyInAnySchema() throws Exception {
    String schema = TestDatabase.table("app");
    db.execute("CREATE SCHEMA " + schema);
    String table = schema + ".hermod_outbox";
    HermodJdbc.outbox(db.dataSource(), OutboxConfig.custom().table(table).lanes(4).build());
    HermodJdbc.outbox(db.dataSource(), OutboxConfig.custom().table(table).lanes(4).build());
    assertThat(db.count("SELECT count(*) FROM " + table + "_lane")).isEqualTo(4);
    assertThat(db.count("SELECT count(*) FROM " + table)).isZero();
    String inbox = schema + ".hermod_inbox";
    HermodJdbc.inbox(db.dataSource(), InboxConfig.custom().table(inbox).build());
    HermodJdbc.inbox(db.dataSource(), InboxConfig.custom().table(inbox).build());
    assertThat(db.count("SELECT count(*) FROM " + inbox)).isZero();
  }

  @Test
  @DisplayName("a lane count different from the existing tables' fails at open, naming lanes")
  void aDifferentLaneCountFailsAtOpen() {
    String table = TestDatabase.table("outbox_lanes");
    HermodJdbc.outbox(db.dataSource(), OutboxConfig.custom().table(table).lanes(8).build());
    assertThatThrownBy(
            () ->
                HermodJdbc.outbox(
                    db.dataSource(), OutboxConfig.custom().table(table).lanes(16).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "lanes is 16 but "
                + table
                + "_lane holds 8 lanes; the lane count is fixed when the"
                + " tables are created: set lanes(8)");
  }

  @Test
  @DisplayName("without createSchema, a missing table fails at open with the SQL file to run")
  void aMissingTableFailsAtOpenNamingTheSqlFile() {
    String table = TestDatabase.table("outbox_missing");
    assertThatThrownBy(
            () ->
                HermodJdbc.outbox(
                    db.dataSource(),
                    OutboxConfig.custom().table(table).createSchema(false).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("could not open the outbox table " + table)
        .hasMessageContaining("create the tables with io/hermod/jdbc/outbox-postgresql.sql");
  }
}
