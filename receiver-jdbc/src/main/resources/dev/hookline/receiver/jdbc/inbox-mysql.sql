-- Hookline inbox table for MySQL 8 and MariaDB 10.6+ (InnoDB; take uses SKIP LOCKED).
-- ${table} is the table name (optionally database-qualified); ${name} is the same without it.
-- Times are epoch milliseconds (UTC) taken from the inbox's clock.
-- utf8mb4_bin compares keys case-sensitively, as the providers mean them.
CREATE TABLE IF NOT EXISTS ${table} (
  idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY,
  full_key MEDIUMTEXT,
  topic VARCHAR(512) NOT NULL,
  headers MEDIUMTEXT NOT NULL,
  body LONGBLOB NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner VARCHAR(64),
  lease_expiry BIGINT,
  last_error VARCHAR(2000),
  created_at BIGINT NOT NULL,
  completed_at BIGINT,
  -- The entity the event is about, when its events must run in order (hashed like the key if long).
  ordering_key VARCHAR(512),
  -- Acceptance order, for one entity's events.
  seq BIGINT NOT NULL AUTO_INCREMENT,
  -- Serves take: pending rows by due time, taken rows by lease expiry.
  INDEX ${name}_due (state, next_attempt_at, lease_expiry),
  -- Serves the retention purge: done rows by completion time.
  INDEX ${name}_purge (state, completed_at),
  -- Serves take: the earlier events of an entity; AUTO_INCREMENT needs a key of its own.
  UNIQUE KEY ${name}_seq (seq),
  INDEX ${name}_line (ordering_key, seq)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
