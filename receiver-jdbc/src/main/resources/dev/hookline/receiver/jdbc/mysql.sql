-- Hookline idempotency table for MySQL 8 and MariaDB 10.5+ (InnoDB).
-- ${table} is the table name (optionally database-qualified); ${name} is the same without it.
-- Times are epoch milliseconds (UTC) taken from the store's clock.
-- utf8mb4_bin compares keys case-sensitively, as the providers mean them.
CREATE TABLE IF NOT EXISTS ${table} (
  idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  lease_owner VARCHAR(64),
  lease_expiry BIGINT NOT NULL,
  completed_at BIGINT,
  created_at BIGINT NOT NULL,
  -- Serves the retention purge: done keys by completion time.
  INDEX ${name}_purge (state, completed_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
