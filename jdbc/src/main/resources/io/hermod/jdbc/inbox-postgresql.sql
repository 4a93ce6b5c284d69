-- hermod-jdbc inbox schema for PostgreSQL 12 or later.
-- ${table} is the configured table (InboxConfig.table, e.g. hermod_inbox or app.hermod_inbox)
-- and ${name} its last part; replace both when running this file from your own migrations.

-- One row per (subscription, message id) processed, inserted in the handler's own transaction.
CREATE TABLE IF NOT EXISTS ${table} (
  subscription TEXT        NOT NULL,
  message_id   TEXT        NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (subscription, message_id)
);

-- What the expiry purge reads.
CREATE INDEX IF NOT EXISTS ${name}_at ON ${table} (processed_at);
