package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookException;

/**
 * A {@link JdbcSecretVault} operation failed: the database failed or could not be reached, or a
 * stored secret's key is not in the vault's key ring. The message names the operation, the table
 * and, where one row is at fault, its endpoint, tenant, secret id and key id, never a secret or a
 * key; the cause, if any, is kept. A receiver whose {@link
 * dev.hookline.receiver.signature.SecretSource} throws it answers 503 so that the sender retries.
 */
public final class SecretVaultException extends WebhookException {

  private static final long serialVersionUID = 1L;

  SecretVaultException(String message, Throwable cause) {
    super(message, cause);
  }

  SecretVaultException(String message) {
    super(message);
  }
}
