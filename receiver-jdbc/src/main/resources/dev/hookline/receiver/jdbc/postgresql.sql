-- Hookline idempotency table for PostgreSQL.
-- ${table} is the table name (optionally schema-qualified); ${name} is the same without the schema.
-- Times are epoch milliseconds (UTC) taken from the store's clock.
CREATE TABLE IF NOT EXISTS ${table} (
  idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  lease_owner VARCHAR(64),
  lease_expiry BIGINT NOT NULL,
  completed_at BIGINT,
  created_at BIGINT NOT NULL
);
-- Serves the retention purge: done keys by completion time.
CREATE INDEX IF NOT EXISTS ${name}_purge ON ${table} (state, completed_at);
