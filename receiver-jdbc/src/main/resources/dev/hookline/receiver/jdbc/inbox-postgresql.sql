-- Hookline inbox table for PostgreSQL.
-- ${table} is the table name (optionally schema-qualified); ${name} is the same without the schema.
-- Times are epoch milliseconds (UTC) taken from the inbox's clock.
CREATE TABLE IF NOT EXISTS ${table} (
  idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY,
  full_key TEXT,
  topic VARCHAR(512) NOT NULL,
  headers TEXT NOT NULL,
  body BYTEA NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner VARCHAR(64),
  lease_expiry BIGINT,
  last_error VARCHAR(2000),
  created_at BIGINT NOT NULL,
  completed_at BIGINT,
  -- The entity the event is about, when its events must run in order (hashed like the key if long).
  ordering_key VARCHAR(512),
  -- Acceptance order, for one entity's events.
  seq BIGSERIAL NOT NULL
);
-- Serves take: pending rows by due time, taken rows by lease expiry.
CREATE INDEX IF NOT EXISTS ${name}_due ON ${table} (state, next_attempt_at, lease_expiry);
-- Serves the retention purge: done rows by completion time.
CREATE INDEX IF NOT EXISTS ${name}_purge ON ${table} (state, completed_at);
-- Serves take: the earlier events of an entity.
CREATE INDEX IF NOT EXISTS ${name}_line ON ${table} (ordering_key, seq);
