package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.TenantIds;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.signature.SecretStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants' signing secrets in one SQL table, each encrypted at rest with AES-256-GCM under a key
 * from the application's configuration: the {@link SecretStore} of an endpoint with tenants, and
 * the place where provisioning stores a secret the sender shows once. PostgreSQL, MySQL/MariaDB or
 * H2 (see {@link Dialect}).
 *
 * <pre>{@code
 * JdbcSecretVault vault = JdbcSecretVault.builder(dataSource)
 *     .key("2026-01", System.getenv("HOOKLINE_VAULT_KEY_2026_01"))  // base64 of 32 bytes
 *     .currentKey("2026-01")
 *     .createTable(true)             // opt-in; otherwise run the DDL yourself
 *     .build();
 * vault.add("lucca", "acme", secretShownOnce);
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *     .provider(Lucca.PROVIDER)
 *     .verifier(Lucca.scheme(), SecretSource.cached(vault, Duration.ofMinutes(1)))
 *     .on(...)
 *     .build();
 * }</pre>
 *
 * <p>The receiver asks its source on every request: wrap the vault in {@link SecretSource#cached}
 * as above, so that the database is asked at most once per tenant per {@code maxAge}; a secret
 * added or retired then takes effect within {@code maxAge}.
 *
 * <p><b>Table.</b> One row per secret: {@code endpoint}, {@code tenant} and {@code secret_id} (the
 * primary key; the id is random, made by {@link #add}, and tells nothing about the secret), {@code
 * key_id}, {@code nonce} (12 random bytes, fresh for every encryption), {@code ciphertext} (the
 * secret's UTF-8 bytes encrypted, with the 16-byte GCM tag) and {@code created_at} (epoch
 * milliseconds, UTC). No column holds a secret in clear. The additional authenticated data of each
 * ciphertext is its row's endpoint, tenant, secret id and key id, so a ciphertext copied to another
 * row, another tenant's or not, does not decrypt. The DDL of each dialect ships in this jar as
 * {@code /dev/hookline/receiver/jdbc/secrets-postgresql.sql}, {@code secrets-mysql.sql} and {@code
 * secrets-h2.sql}; {@link Dialect#secretsDdl(String)} returns it for a given table name and {@link
 * Builder#createTable(boolean)} runs it at build.
 *
 * <p><b>Keys.</b> A key ring from configuration: each key base64 of 32 bytes under an id, one of
 * them current. New secrets are encrypted under the current key; each row names its key and is
 * decrypted with it. To rotate: add the new key and make it current (keeping the old one), run
 * {@link #reencrypt()}, then remove the old key. Reads go on throughout.
 *
 * <p><b>Rows that do not decrypt.</b> A row whose key id is not in the ring (a key removed before
 * {@link #reencrypt()} finished, a missing setting) makes {@link #secrets} throw a {@link
 * SecretVaultException}, which the receiver answers 503: the sender retries, and deliveries resume
 * once the key is configured again. A row whose tag does not verify (its ciphertext, nonce or
 * identity changed in the table) can never decrypt: it is skipped with a warning naming its
 * endpoint, tenant, secret id and key id, and the tenant's other secrets still verify; a tenant
 * left with none is answered 401 like an unknown one. Either way no secret is ever given for a
 * tenant other than the row's own.
 *
 * <p><b>A secret two tenants would share.</b> {@link #add} refuses a secret another tenant of the
 * same endpoint holds: a request captured on one's path, sent again to the other's, would verify
 * there. It compares by decrypting the endpoint's other secrets and comparing each with {@link
 * MessageDigest#isEqual}, rather than storing a keyed fingerprint of each secret in a column of its
 * own: the table keeps its columns and no value in it tells a reader of the table which rows hold
 * equal secrets, and there is no second key to configure, rotate and re-derive in {@link
 * #reencrypt()}; rows under any key of the ring compare, so a rotation half done changes nothing.
 * The cost is one AES-GCM decryption per other tenant of the endpoint per add, some microseconds
 * each, on an operation that runs when a tenant is provisioned. A row under a key not in the ring
 * cannot be compared, so the add fails (a {@link SecretVaultException}) rather than risk storing a
 * shared secret; a row whose tag does not verify verifies nothing and is skipped. Rows written to
 * the table by other means than {@link #add}, or before this check existed, are not searched for
 * shared secrets among themselves.
 *
 * <p>Two adds of one secret for two tenants at once must not both pass the comparison, so an add
 * compares and inserts while holding a lock on its endpoint (its table and name), released when the
 * row is committed: on PostgreSQL a session advisory lock ({@code pg_advisory_lock}, waiting as
 * long as the server's {@code lock_timeout} allows), on MySQL/MariaDB a named lock ({@code
 * GET_LOCK}, failing the add with a {@link SecretVaultException} after 30 s), both holding across
 * every application instance on the database. H2 has no such lock: there one lock in this JVM
 * serializes the adds of every vault, which covers an embedded or in-memory database but not
 * several processes writing one H2 server. Reads and the other operations take no lock.
 *
 * <p><b>Failures.</b> Every {@link SQLException} becomes a {@link SecretVaultException} naming the
 * operation and the table and keeping the cause; {@link #secrets} never answers "no secrets" for a
 * database it could not ask. No message, log line or {@code toString} holds a secret or a key.
 * Thread-safe; immutable once built.
 */
public final class JdbcSecretVault implements SecretStore {

  /** Default table name: {@value}. */
  public static final String DEFAULT_TABLE_NAME = "hookline_secrets";

  /** Default number of rows {@link #reencrypt()} reads and rewrites per transaction: {@value}. */
  public static final int DEFAULT_REENCRYPT_BATCH_SIZE = 100;

  /** The longest endpoint name stored, in characters: {@value}. */
  public static final int MAX_ENDPOINT_LENGTH = 128;

  /** The longest secret stored, in UTF-8 bytes: {@value}. */
  public static final int MAX_SECRET_BYTES = 1024;

  private static final Logger log = LoggerFactory.getLogger(JdbcSecretVault.class);

  private static final String COLUMNS = "endpoint, tenant, secret_id, key_id, nonce, ciphertext";

  /** How long an add waits for its endpoint's lock on MySQL/MariaDB, in seconds. */
  private static final int LOCK_WAIT_SECONDS = 30;

  /** Serializes the adds of every H2 vault in this JVM: H2 has no advisory lock. */
  private static final ReentrantLock H2_ADDS = new ReentrantLock();

  private final DataSource dataSource;
  private final Dialect dialect;
  private final TableName table;
  private final SecretKeyRing ring;
  private final int batchSize;
  private final SecureRandom random = new SecureRandom();

  private JdbcSecretVault(Builder builder, Dialect dialect, TableName table, SecretKeyRing ring) {
    this.dataSource = builder.dataSource;
    this.dialect = dialect;
    this.table = table;
    this.ring = ring;
    this.batchSize = builder.reencryptBatchSize;
  }

  /** Starts a builder over the data source the vault takes a connection from for each operation. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The tenant's secrets for the endpoint, decrypted, oldest added first (in the order of the adds,
   * even within one millisecond); empty for a tenant without secrets. A row whose tag does not
   * verify is skipped with a warning (see the class description).
   *
   * @throws SecretVaultException if the database fails or cannot be reached, or a row's key id is
   *     not in the key ring
   */
  @Override
  public List<String> secrets(String endpoint, String tenant) {
    if (!storable(endpoint, tenant)) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + table.qualified()
                    + " WHERE endpoint = ? AND tenant = ? ORDER BY created_at, secret_id")) {
      statement.setString(1, endpoint);
      statement.setString(2, tenant);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(Row.of(result));
        }
      }
      JdbcSupport.commitIfManual(connection);
    } catch (SQLException e) {
      throw failure("look up secrets", e);
    }
    List<String> secrets = new ArrayList<>(rows.size());
    for (Row row : rows) {
      if (!ring.has(row.sealed().keyId())) {
        throw new SecretVaultException(
            "JDBC secret vault cannot decrypt "
                + row
                + ": its key is not in the key ring (table "
                + table.qualified()
                + ")");
      }
      open(row).ifPresent(secrets::add);
    }
    return List.copyOf(secrets);
  }

  /**
   * Encrypts the secret under the current key and stores it as one more secret of the tenant: from
   * then on (within a cache's {@code maxAge}) it verifies the tenant's requests besides the others.
   * The row is committed when this returns, so a provisioning flow can store a secret the sender
   * shows once before it does anything else, and retire it by the returned id to undo.
   *
   * <p>A secret another tenant of the same endpoint holds is refused, as {@link SecretSource#of}
   * refuses it: a request signed for one of the two would verify on the other's path too (a request
   * captured on one tenant's path, sent again to the other's). The tenant's own secrets are not
   * compared: adding the same secret to the same tenant again stores one more row, as before. See
   * the class description for how the comparison is made and how concurrent adds are kept from both
   * storing a shared secret.
   *
   * @param endpoint the receiver's endpoint name, 1 to {@value #MAX_ENDPOINT_LENGTH} characters
   * @param tenant a valid tenant id (1 to 64 ASCII letters, digits, {@code .}, {@code _} or {@code
   *     -}, starting with a letter or a digit)
   * @param secret the secret, not blank, at most {@value #MAX_SECRET_BYTES} UTF-8 bytes
   * @return the new secret's id: random, safe to log, for {@link #retire}
   * @throws WebhookConfigurationException if an argument breaks its rule, or another tenant of the
   *     endpoint holds the secret; the message names the endpoint and the tenant, never the secret
   * @throws SecretVaultException if the database fails or cannot be reached, a secret of another
   *     tenant of the endpoint is under a key not in the key ring (so it cannot be compared), or
   *     the endpoint's lock is not had in time; nothing was stored
   */
  @Override
  @SuppressWarnings("try") // the lock is held for the block, not used in it
  public String add(String endpoint, String tenant, String secret) {
    checkEndpoint(endpoint);
    checkTenant(tenant);
    Objects.requireNonNull(secret, "secret");
    if (secret.isBlank()) {
      throw new WebhookConfigurationException(
          "secret of tenant " + tenant + " of endpoint " + endpoint + " is empty or blank");
    }
    int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SECRET_BYTES) {
      throw new WebhookConfigurationException(
          "secret must be at most "
              + MAX_SECRET_BYTES
              + " UTF-8 bytes, but the one of tenant "
              + tenant
              + " of endpoint "
              + endpoint
              + " is "
              + bytes);
    }
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String secretId = HexFormat.of().formatHex(idBytes);
    SecretKeyRing.Sealed sealed = ring.seal(endpoint, tenant, secretId, secret);
    try (Connection connection = dataSource.getConnection();
        EndpointLock lock = lock(connection, endpoint)) {
      try {
        refuseShared(connection, endpoint, tenant, secret);
        insert(connection, endpoint, tenant, secretId, sealed);
        JdbcSupport.commitIfManual(connection);
      } catch (SQLException | RuntimeException e) {
        // A failed statement leaves PostgreSQL's transaction aborted: roll back so that the
        // lock's release can run.
        if (!connection.getAutoCommit()) {
          JdbcSupport.rollbackQuietly(connection, e);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure("add a secret", e);
    }
    return secretId;
  }

  private void insert(
      Connection connection,
      String endpoint,
      String tenant,
      String secretId,
      SecretKeyRing.Sealed sealed)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table.qualified()
                + " ("
                + COLUMNS
                + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, endpoint);
      statement.setString(2, tenant);
      statement.setString(3, secretId);
      statement.setString(4, sealed.keyId());
      statement.setBytes(5, sealed.nonce());
      statement.setBytes(6, sealed.ciphertext());
      statement.setLong(7, createdAt(connection, endpoint, tenant));
      statement.executeUpdate();
    }
  }

  /**
   * The new row's {@code created_at}: now, or one millisecond after the tenant's newest row if that
   * is not earlier, so that the order of adds is the order of the rows even within one millisecond
   * or after the clock was set back. Read under the endpoint's lock, which serializes adds.
   */
  private long createdAt(Connection connection, String endpoint, String tenant)
      throws SQLException {
    long now = Clock.systemUTC().millis();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT MAX(created_at) FROM "
                + table.qualified()
                + " WHERE endpoint = ? AND tenant = ?")) {
      statement.setString(1, endpoint);
      statement.setString(2, tenant);
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next()) {
          long newest = rows.getLong(1);
          if (!rows.wasNull() && newest >= now) {
            return newest + 1;
          }
        }
      }
    }
    return now;
  }

  /**
   * Throws if a secret of another tenant of the endpoint equals this one, decrypting each and
   * comparing in constant time; rows whose tag does not verify are skipped (they verify nothing).
   */
  private void refuseShared(Connection connection, String endpoint, String tenant, String secret)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM "
                + table.qualified()
                + " WHERE endpoint = ? AND tenant <> ?")) {
      statement.setString(1, endpoint);
      statement.setString(2, tenant);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(Row.of(result));
        }
      }
    }
    byte[] candidate = secret.getBytes(StandardCharsets.UTF_8);
    for (Row row : rows) {
      if (!ring.has(row.sealed().keyId())) {
        throw new SecretVaultException(
            "JDBC secret vault cannot compare the new secret of tenant "
                + tenant
                + " of endpoint "
                + LogText.escape(endpoint)
                + " with "
                + row
                + ": its key is not in the key ring (table "
                + table.qualified()
                + ")");
      }
      Optional<String> other = open(row);
      if (other.isPresent()
          && MessageDigest.isEqual(candidate, other.get().getBytes(StandardCharsets.UTF_8))) {
        throw new WebhookConfigurationException(
            "secret of tenant "
                + tenant
                + " of endpoint "
                + LogText.escape(endpoint)
                + " is refused: another tenant of the endpoint holds the same secret, and a"
                + " request signed for either would verify on the other's path");
      }
    }
  }

  /** The endpoint's add lock, held on a connection until closed. */
  private interface EndpointLock extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  /**
   * Takes the lock that serializes the endpoint's adds (see the class description). Each lock
   * statement commits on a manual-commit connection, so that what follows reads, in a transaction
   * of its own, what the previous holder committed.
   */
  private EndpointLock lock(Connection connection, String endpoint) throws SQLException {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((table.qualified() + "\0" + endpoint).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // SHA-256 is required of every JDK: failing here means a broken runtime.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    return switch (dialect) {
      case POSTGRESQL -> {
        long key = ByteBuffer.wrap(digest).getLong();
        call(connection, "SELECT pg_advisory_lock(?)", key);
        yield () -> call(connection, "SELECT pg_advisory_unlock(?)", key);
      }
      case MYSQL -> {
        String name = "hookline-vault-" + HexFormat.of().formatHex(digest, 0, 16);
        if (!"1".equals(call(connection, "SELECT GET_LOCK(?, ?)", name, LOCK_WAIT_SECONDS))) {
          throw new SecretVaultException(
              "JDBC secret vault could not lock the adds of endpoint "
                  + LogText.escape(endpoint)
                  + " within "
                  + LOCK_WAIT_SECONDS
                  + " s (table "
                  + table.qualified()
                  + ")");
        }
        yield () -> call(connection, "SELECT RELEASE_LOCK(?)", name);
      }
      case H2 -> {
        H2_ADDS.lock();
        yield H2_ADDS::unlock;
      }
    };
  }

  /** Runs a one-row, one-column query, commits if manual, and returns the value as text. */
  private static @Nullable String call(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        String value = result.next() ? result.getString(1) : null;
        JdbcSupport.commitIfManual(connection);
        return value;
      }
    }
  }

  /**
   * Deletes one secret of the tenant, e.g. the old one once a rotation is over; the tenant's other
   * secrets stay.
   *
   * @return false if the tenant of the endpoint has no secret of this id
   * @throws SecretVaultException if the database fails or cannot be reached
   */
  @Override
  public boolean retire(String endpoint, String tenant, String secretId) {
    Objects.requireNonNull(secretId, "secretId");
    if (!storable(endpoint, tenant)) {
      return false;
    }
    return delete(
            "retire a secret",
            " WHERE endpoint = ? AND tenant = ? AND secret_id = ?",
            endpoint,
            tenant,
            secretId)
        == 1;
  }

  /**
   * Deletes every secret of the tenant for the endpoint, e.g. when it is deprovisioned; its
   * requests are then answered 401 (within a cache's {@code maxAge}).
   *
   * @return the number of secrets deleted
   * @throws SecretVaultException if the database fails or cannot be reached
   */
  @Override
  public int deleteTenant(String endpoint, String tenant) {
    if (!storable(endpoint, tenant)) {
      return 0;
    }
    return delete("delete a tenant", " WHERE endpoint = ? AND tenant = ?", endpoint, tenant);
  }

  private int delete(String operation, String where, String... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM " + table.qualified() + where)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      int deleted = statement.executeUpdate();
      JdbcSupport.commitIfManual(connection);
      return deleted;
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * The tenants of the endpoint that have at least one secret, in the database's order of their
   * ids; nothing is decrypted.
   *
   * @throws SecretVaultException if the database fails or cannot be reached
   */
  @Override
  public List<String> tenants(String endpoint) {
    if (!storable(endpoint)) {
      return List.of();
    }
    return strings(
        "list tenants",
        "SELECT DISTINCT tenant FROM " + table.qualified() + " WHERE endpoint = ? ORDER BY tenant",
        endpoint);
  }

  /**
   * The ids of the tenant's secrets for the endpoint, oldest added first, in the order of {@link
   * #secrets}; nothing is decrypted, so a row that would be skipped there is listed here.
   *
   * @throws SecretVaultException if the database fails or cannot be reached
   */
  @Override
  public List<String> secretIds(String endpoint, String tenant) {
    if (!storable(endpoint, tenant)) {
      return List.of();
    }
    return strings(
        "list secret ids",
        "SELECT secret_id FROM "
            + table.qualified()
            + " WHERE endpoint = ? AND tenant = ? ORDER BY created_at, secret_id",
        endpoint,
        tenant);
  }

  /** The first column of the query's rows. */
  private List<String> strings(String operation, String query, String... parameters) {
    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          values.add(result.getString(1));
        }
      }
      JdbcSupport.commitIfManual(connection);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
    return List.copyOf(values);
  }

  /**
   * Re-encrypts every secret stored under another key than the current one, so that the other keys
   * can be removed from the ring. Walks the table in primary-key order, {@link
   * Builder#reencryptBatchSize(int)} rows per read, and rewrites each row in one {@code UPDATE}
   * that applies only while the row is still under the key it was read under: readers meanwhile see
   * each row under its old or its new key, both in the ring, and two runs at once rewrite each row
   * once. A row that does not decrypt (its key not in the ring, or its tag not verifying) is left
   * as it is and logged with its endpoint, tenant, secret id and key id.
   *
   * @return the number of rows re-encrypted
   * @throws SecretVaultException if the database fails or cannot be reached; the batches committed
   *     until then stay rewritten, and running it again goes on with the rest
   */
  public long reencrypt() {
    long rewritten = 0;
    @Nullable Row last = null;
    try (Connection connection = dataSource.getConnection()) {
      List<Row> batch;
      do {
        batch = batchAfter(connection, last);
        for (Row row : batch) {
          rewritten += rewrite(connection, row);
          last = row;
        }
        JdbcSupport.commitIfManual(connection);
      } while (batch.size() == batchSize);
    } catch (SQLException e) {
      throw failure("re-encrypt secrets", e);
    }
    return rewritten;
  }

  /** The next rows under another key than the current one, after {@code last} in key order. */
  private List<Row> batchAfter(Connection connection, @Nullable Row last) throws SQLException {
    String select =
        "SELECT "
            + COLUMNS
            + " FROM "
            + table.qualified()
            + " WHERE key_id <> ?"
            + (last == null ? "" : " AND (endpoint, tenant, secret_id) > (?, ?, ?)")
            + " ORDER BY endpoint, tenant, secret_id LIMIT ?";
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(select)) {
      int index = 1;
      statement.setString(index++, ring.current());
      if (last != null) {
        statement.setString(index++, last.endpoint());
        statement.setString(index++, last.tenant());
        statement.setString(index++, last.secretId());
      }
      statement.setInt(index, batchSize);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(Row.of(result));
        }
      }
    }
    return rows;
  }

  /** Rewrites the row under the current key if it decrypts and is still as read: 1 if so. */
  private int rewrite(Connection connection, Row row) throws SQLException {
    if (!ring.has(row.sealed().keyId())) {
      log.warn("JDBC secret vault cannot re-encrypt {}: its key is not in the key ring", row);
      return 0;
    }
    Optional<String> secret = open(row);
    if (secret.isEmpty()) {
      return 0;
    }
    SecretKeyRing.Sealed sealed =
        ring.seal(row.endpoint(), row.tenant(), row.secretId(), secret.get());
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + table.qualified()
                + " SET key_id = ?, nonce = ?, ciphertext = ?"
                + " WHERE endpoint = ? AND tenant = ? AND secret_id = ? AND key_id = ?")) {
      statement.setString(1, sealed.keyId());
      statement.setBytes(2, sealed.nonce());
      statement.setBytes(3, sealed.ciphertext());
      statement.setString(4, row.endpoint());
      statement.setString(5, row.tenant());
      statement.setString(6, row.secretId());
      statement.setString(7, row.sealed().keyId());
      return statement.executeUpdate();
    }
  }

  /** The row's secret, or empty with a warning if its tag does not verify. */
  private Optional<String> open(Row row) {
    Optional<String> secret = ring.open(row.endpoint(), row.tenant(), row.secretId(), row.sealed());
    if (secret.isEmpty()) {
      log.warn(
          "JDBC secret vault skips {}: it does not decrypt (its ciphertext, nonce or row was"
              + " changed, or the key under its id is another); table {}",
          row,
          table.qualified());
    }
    return secret;
  }

  private SecretVaultException failure(String operation, SQLException cause) {
    return failure(operation, table, cause);
  }

  private static SecretVaultException failure(
      String operation, TableName table, SQLException cause) {
    return new SecretVaultException(
        JdbcSupport.failure("JDBC secret vault", operation, table, cause), cause);
  }

  private static void checkEndpoint(String endpoint) {
    if (storable(endpoint)) {
      return;
    }
    throw new WebhookConfigurationException(
        (endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT_LENGTH
                ? "endpoint must be 1 to " + MAX_ENDPOINT_LENGTH + " characters, not blank"
                : "endpoint must not begin or end with whitespace (a database may compare it"
                    + " without its trailing spaces)")
            + ", but was \""
            + LogText.escape(endpoint)
            + "\"");
  }

  /**
   * Whether {@link #add} takes this endpoint: an endpoint it refuses has no rows, so it is not
   * looked up. A collation may match what is not equal (MySQL's PAD SPACE ignores trailing spaces),
   * so a lookup for {@code "lucca "} would find the rows of {@code "lucca"}.
   */
  private static boolean storable(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return !endpoint.isBlank()
        && endpoint.length() <= MAX_ENDPOINT_LENGTH
        && endpoint.equals(endpoint.strip());
  }

  /** Whether {@link #add} takes this endpoint and tenant; see {@link #storable(String)}. */
  private static boolean storable(String endpoint, String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return storable(endpoint) && TenantIds.isValid(tenant);
  }

  private static void checkTenant(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (!TenantIds.isValid(tenant)) {
      throw new WebhookConfigurationException(
          "tenant id must be " + TenantIds.RULE + ", but was \"" + LogText.escape(tenant) + "\"");
    }
  }

  /** A stored row as read; its {@code toString} names the row, never its contents. */
  private record Row(String endpoint, String tenant, String secretId, SecretKeyRing.Sealed sealed) {

    static Row of(ResultSet result) throws SQLException {
      return new Row(
          result.getString(1),
          result.getString(2),
          result.getString(3),
          new SecretKeyRing.Sealed(result.getString(4), result.getBytes(5), result.getBytes(6)));
    }

    @Override
    public String toString() {
      return "secret "
          + secretId
          + " of tenant "
          + LogText.escape(tenant)
          + " of endpoint "
          + LogText.escape(endpoint)
          + " under key "
          + sealed.keyId();
    }
  }

  /** The dialect, table and key ids; never a secret or a key. */
  @Override
  public String toString() {
    return "JdbcSecretVault[dialect="
        + dialect
        + ", table="
        + table.qualified()
        + ", "
        + ring
        + "]";
  }

  /** Configures a {@link JdbcSecretVault}; not thread-safe. */
  public static final class Builder {

    private final DataSource dataSource;
    private @Nullable Dialect dialect;
    private String tableName = DEFAULT_TABLE_NAME;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private @Nullable String currentKey;
    private int reencryptBatchSize = DEFAULT_REENCRYPT_BATCH_SIZE;
    private boolean createTable;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The SQL flavour. When not set, {@link #build()} connects once and detects it from {@code
     * DatabaseMetaData.getDatabaseProductName()}; set it to build while the database is down.
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The table; default {@value #DEFAULT_TABLE_NAME}. Letters, digits and underscores, not
     * starting with a digit, at most 57 characters, optionally prefixed by a schema of the same
     * form and a dot; checked at {@link #build()} because it becomes part of the SQL.
     */
    public Builder tableName(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      return this;
    }

    /**
     * Adds a key to the ring: {@code base64Key} is the standard base64 of 32 random bytes (e.g.
     * {@code openssl rand -base64 32}), checked at {@link #build()}. Keep every key some row may
     * still be encrypted under; see {@link JdbcSecretVault#reencrypt()}.
     *
     * @param keyId the id stored with each row encrypted under it: 1 to 64 ASCII letters, digits,
     *     {@code .}, {@code _} or {@code -}, starting with a letter or a digit
     */
    public Builder key(String keyId, String base64Key) {
      keys.put(Objects.requireNonNull(keyId, "keyId"), Objects.requireNonNull(base64Key, "key"));
      return this;
    }

    /** The id of the key new secrets are encrypted under; required, one of the {@link #key}s. */
    public Builder currentKey(String keyId) {
      this.currentKey = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /**
     * How many rows {@link JdbcSecretVault#reencrypt()} reads and rewrites per transaction; default
     * {@value #DEFAULT_REENCRYPT_BATCH_SIZE}, at least 1.
     */
    public Builder reencryptBatchSize(int reencryptBatchSize) {
      this.reencryptBatchSize = reencryptBatchSize;
      return this;
    }

    /**
     * Whether {@link #build()} creates the table if it does not exist, with the dialect's shipped
     * DDL; default off, for schemas managed by migrations.
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * Validates the configuration, detects the dialect and creates the table if so configured, and
     * returns the vault. Without those two steps it does not connect.
     *
     * @throws WebhookConfigurationException if the table name is not a plain identifier, there is
     *     no key, a key id is not valid, a key is not base64 of 32 bytes, the current key is unset
     *     or not among the keys, the batch size is not positive, or the detected database is none
     *     of the dialects; messages name key ids, never key material
     * @throws SecretVaultException if the database cannot be reached to detect the dialect or
     *     create the table
     */
    public JdbcSecretVault build() {
      TableName table = TableName.of(tableName);
      if (currentKey == null) {
        throw new WebhookConfigurationException("currentKey must be set to one of the key ids");
      }
      SecretKeyRing ring = new SecretKeyRing(keys, currentKey);
      if (reencryptBatchSize < 1) {
        throw new WebhookConfigurationException(
            "reencryptBatchSize must be positive, but was " + reencryptBatchSize);
      }
      Dialect chosen =
          JdbcTableBuilder.prepare(
              dataSource,
              dialect,
              createTable,
              table,
              Dialect::secretsDdl,
              JdbcSecretVault::failure);
      return new JdbcSecretVault(this, chosen, table, ring);
    }
  }
}
