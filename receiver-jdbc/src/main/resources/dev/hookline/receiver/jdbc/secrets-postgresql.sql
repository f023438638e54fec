-- Hookline secret vault table for PostgreSQL.
-- ${table} is the table name (optionally schema-qualified); ${name} is the same without the schema.
-- Each row holds one secret of a tenant of an endpoint, encrypted with AES-256-GCM under the key
-- key_id names; created_at is epoch milliseconds (UTC). No column holds a secret in clear.
CREATE TABLE IF NOT EXISTS ${table} (
  endpoint VARCHAR(128) NOT NULL,
  tenant VARCHAR(64) NOT NULL,
  secret_id VARCHAR(64) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  nonce BYTEA NOT NULL,
  ciphertext BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (endpoint, tenant, secret_id)
);
