package dev.hookline.receiver.signature;

import java.util.List;

/**
 * A {@link SecretSource} that can also be written: where the endpoint lifecycle (provisioning,
 * rotation, deprovisioning of each tenant's endpoint at the sender) keeps the secrets the sender
 * shows once, so that the lifecycle is not tied to one storage. The JDBC vault ({@code
 * dev.hookline.receiver.jdbc.JdbcSecretVault}) is the implementation Hookline ships; an application
 * may write its own over another vault.
 *
 * <p>Hookline ships no in-memory store on purpose: a secret a sender shows once must outlive the
 * process, or the endpoint it belongs to can never be verified again. {@link SecretSource#of}
 * covers fixed secrets from configuration.
 *
 * <p>Every write is durable when it returns: a provisioning flow stores a secret before it does
 * anything else, and undoes by {@link #retire} or {@link #deleteTenant}. Implementations must be
 * thread-safe and must never put a secret in a message, a log line or a {@code toString}.
 */
public interface SecretStore extends SecretSource {

  /**
   * Stores the secret as one more secret of the tenant for the endpoint: from then on it verifies
   * the tenant's requests besides the others (within a cache's {@code maxAge} when the receiver
   * reads through {@link SecretSource#cached}).
   *
   * @param endpoint the receiver's endpoint name, e.g. {@code lucca}
   * @param tenant a valid tenant id (1 to 64 ASCII letters, digits, {@code .}, {@code _} or {@code
   *     -}, starting with a letter or a digit)
   * @param secret the secret, not blank
   * @return the new secret's id, safe to log, for {@link #retire}
   * @throws RuntimeException if the secret cannot be stored; nothing was stored then
   */
  String add(String endpoint, String tenant, String secret);

  /**
   * Deletes one secret of the tenant, e.g. the old one once a rotation is over; the tenant's other
   * secrets stay.
   *
   * @return false if the tenant of the endpoint has no secret of this id
   */
  boolean retire(String endpoint, String tenant, String secretId);

  /**
   * Deletes every secret of the tenant for the endpoint; its requests are then answered 401 like an
   * unknown tenant's.
   *
   * @return the number of secrets deleted
   */
  int deleteTenant(String endpoint, String tenant);

  /** The tenants of the endpoint that have at least one secret. */
  List<String> tenants(String endpoint);

  /**
   * The ids of the tenant's secrets for the endpoint, oldest added first, in the order {@link
   * #secrets} gives the secrets; empty for a tenant without secrets.
   */
  List<String> secretIds(String endpoint, String tenant);
}
