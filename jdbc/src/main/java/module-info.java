/**
 * Hermod's transactional outbox and idempotent inbox on a JDBC database (PostgreSQL): messages
 * commit with the caller's own database change. Only {@code io.hermod.jdbc} is exported.
 */
module io.hermod.jdbc {
  requires transitive io.hermod.core;
  requires transitive java.sql;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports io.hermod.jdbc;
}
