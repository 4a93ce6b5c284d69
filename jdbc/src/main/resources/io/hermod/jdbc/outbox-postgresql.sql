-- hermod-jdbc outbox schema for PostgreSQL 12 or later.
-- ${table} is the configured table (OutboxConfig.table, e.g. hermod_outbox or app.hermod_outbox)
-- and ${name} its last part; replace both when running this file from your own migrations.

-- One row per message written by OutboxPublisher.send, in the writer's transaction. seq only
-- orders rows; no reader ever asks for "seq > last seen" (see the README: the sequence-gap trap).
-- The message's own times are ISO-8601 text (Instant.toString): nanoseconds survive, as on the
-- wire, where TIMESTAMPTZ would keep microseconds.
CREATE TABLE IF NOT EXISTS ${table} (
  seq            BIGSERIAL PRIMARY KEY,
  lane           INTEGER     NOT NULL,
  channel        TEXT        NOT NULL,
  message_id     TEXT        NOT NULL,
  source         TEXT        NOT NULL,
  type           TEXT        NOT NULL,
  subject        TEXT,
  message_time   TEXT        NOT NULL,
  content_type   TEXT        NOT NULL,
  message_key    TEXT,
  routing_key    TEXT,
  correlation_id TEXT,
  reply_to       TEXT,
  expires_at     TEXT,
  deliver_at     TEXT,
  headers        TEXT        NOT NULL,
  payload        BYTEA       NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  attempts       INTEGER     NOT NULL DEFAULT 0,
  last_error     TEXT,
  sent_at        TIMESTAMPTZ
);

-- What a relay reads: the unsent rows of its lanes, oldest first. Partial, so kept sent rows
-- (retention) never slow it down.
CREATE INDEX IF NOT EXISTS ${name}_unsent ON ${table} (lane, seq) WHERE sent_at IS NULL;

-- What the retention purge reads.
CREATE INDEX IF NOT EXISTS ${name}_sent ON ${table} (sent_at) WHERE sent_at IS NOT NULL;

-- The lanes (rows are spread over them by key) and the relay holding each, until its lease ends.
CREATE TABLE IF NOT EXISTS ${table}_lane (
  lane         INTEGER PRIMARY KEY,
  owner        TEXT,
  leased_until TIMESTAMPTZ
);

-- Live relays (a heartbeat), so that each takes a fair share of the lanes.
CREATE TABLE IF NOT EXISTS ${table}_relay (
  relay_id    TEXT PRIMARY KEY,
  alive_until TIMESTAMPTZ NOT NULL
);

-- The lanes themselves: OutboxConfig.lanes rows, 0 to lanes - 1 (16 by default), inserted only
-- into an empty table: the count is fixed from then on (writers hash keys over it), and opening
-- with another count fails instead of silently adding lanes.
INSERT INTO ${table}_lane (lane) SELECT generate_series(0, ${lanes} - 1)
  WHERE NOT EXISTS (SELECT 1 FROM ${table}_lane);
