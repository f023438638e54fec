-- Hookline secret vault table for MySQL 8 and MariaDB 10.5+ (InnoDB).
-- ${table} is the table name (optionally database-qualified); ${name} is the same without it.
-- Each row holds one secret of a tenant of an endpoint, encrypted with AES-256-GCM under the key
-- key_id names; created_at is epoch milliseconds (UTC). No column holds a secret in clear.
-- utf8mb4_bin compares endpoints and tenants case-sensitively, as the receiver does.
CREATE TABLE IF NOT EXISTS ${table} (
  endpoint VARCHAR(128) NOT NULL,
  tenant VARCHAR(64) NOT NULL,
  secret_id VARCHAR(64) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  nonce VARBINARY(12) NOT NULL,
  ciphertext VARBINARY(2048) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (endpoint, tenant, secret_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
