package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.test.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the secret vault must do on every dialect, on a real database, written like an attacker with
 * write access to the table but not to the keys: each subclass names one dialect. Every test works
 * on a table of its own, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcSecretVaultContract {

  static final String KEY_1 = randomKey();
  static final String KEY_2 = randomKey();

  private HikariDataSource pool;
  private String table;

  /** The dialect under test. */
  abstract Dialect dialect();

  /** The connection settings of the test database; the contract opens and closes the pool. */
  abstract HikariConfig poolConfig();

  /** An unpooled data source whose database cannot be reached (nothing listens on its port). */
  abstract DataSource unreachable();

  static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @BeforeAll
  void openPool() {
    HikariConfig config = poolConfig();
    config.setMaximumPoolSize(8);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  void closePool() {
    pool.close();
  }

  @BeforeEach
  void pickTable() {
    table = "hookline_secrets_" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void dropTable() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  /** A vault on the test table whose ring holds the keys, the first current. */
  private JdbcSecretVault vault(String... keyIdsAndKeys) {
    JdbcSecretVault.Builder builder =
        JdbcSecretVault.builder(pool).tableName(table).createTable(true).reencryptBatchSize(3);
    for (int i = 0; i < keyIdsAndKeys.length; i += 2) {
      builder.key(keyIdsAndKeys[i], keyIdsAndKeys[i + 1]);
    }
    return builder.currentKey(keyIdsAndKeys[0]).build();
  }

  private JdbcSecretVault vault() {
    return vault("k1", KEY_1);
  }

  private void execute(String sql, Object... parameters) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }

  private byte[] column(String column, String secretId) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + column + " FROM " + table + " WHERE secret_id = ?")) {
      statement.setString(1, secretId);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).isTrue();
        return result.getBytes(1);
      }
    }
  }

  @Test
  void anAddedSecretIsReadBackForItsTenantAndEndpointOnly() {
    JdbcSecretVault vault = vault();

    String id = vault.add("lucca", "acme", "whsec-acme-1");

    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(vault.secrets("lucca", "acme")).containsExactly("whsec-acme-1");
    assertThat(vault.secrets("lucca", "globex")).isEmpty();
    assertThat(vault.secrets("arta", "acme")).isEmpty();
  }

  @Test
  void aNameWithATrailingSpaceIsRefusedAndFindsNothingThoughACollationMatchesIt() {
    JdbcSecretVault vault = vault();
    vault.add("lucca", "acme", "secret-of-acme");

    assertThatThrownBy(() -> vault.add("lucca ", "globex", "x"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "endpoint must not begin or end with whitespace (a database may compare it without"
                + " its trailing spaces), but was \"lucca \"");
    // MySQL's collations compare with trailing spaces ignored: these would match acme's row.
    assertThat(vault.secrets("lucca ", "acme")).isEmpty();
    assertThat(vault.secrets("lucca", "acme ")).isEmpty();
    assertThat(vault.secretIds("lucca ", "acme")).isEmpty();
    assertThat(vault.tenants("lucca ")).isEmpty();
    assertThat(vault.deleteTenant("lucca ", "acme")).isZero();
    assertThat(vault.secrets("lucca", "acme")).containsExactly("secret-of-acme");
  }

  @Test
  void aTenantsSeveralSecretsAreGivenOldestFirstAndTenantsAreListed() throws Exception {
    JdbcSecretVault vault = vault();
    vault.add("lucca", "acme", "old-secret");
    Thread.sleep(2);
    vault.add("lucca", "acme", "new-secret");
    vault.add("lucca", "globex", "globex-secret");
    vault.add("arta", "initech", "initech-secret");

    assertThat(vault.secrets("lucca", "acme")).containsExactly("old-secret", "new-secret");
    assertThat(vault.tenants("lucca")).containsExactly("acme", "globex");
    assertThat(vault.tenants("arta")).containsExactly("initech");
    assertThat(vault.tenants("stripe")).isEmpty();
  }

  @Test
  void retiringASecretKeepsTheTenantsOthers() {
    JdbcSecretVault vault = vault();
    String old = vault.add("lucca", "acme", "old-secret");
    vault.add("lucca", "acme", "new-secret");

    assertThat(vault.retire("lucca", "acme", old)).isTrue();
    assertThat(vault.retire("lucca", "acme", old)).isFalse();
    assertThat(vault.retire("lucca", "globex", old)).isFalse();

    assertThat(vault.secrets("lucca", "acme")).containsExactly("new-secret");
  }

  @Test
  void aTenantsSecretIdsAreListedOldestFirstLikeItsSecrets() throws Exception {
    JdbcSecretVault vault = vault();
    String old = vault.add("lucca", "acme", "old-secret");
    Thread.sleep(2);
    String current = vault.add("lucca", "acme", "new-secret");
    String globex = vault.add("lucca", "globex", "globex-secret");

    assertThat(vault.secretIds("lucca", "acme")).containsExactly(old, current);
    assertThat(vault.secretIds("lucca", "globex")).containsExactly(globex);
    assertThat(vault.secretIds("arta", "acme")).isEmpty();

    vault.retire("lucca", "acme", old);
    assertThat(vault.secretIds("lucca", "acme")).containsExactly(current);
  }

  @Test
  void aSecretAddedAfterAnotherIsListedAfterItEvenIfTheClockReadsEarlier() throws SQLException {
    JdbcSecretVault vault = vault();
    String first = vault.add("lucca", "acme", "first-secret");
    // As if the clock was set back, or the first add ran where the clock is ahead.
    long ahead = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
    execute("UPDATE " + table + " SET created_at = ? WHERE secret_id = ?", ahead, first);
    List<String> ids = new ArrayList<>(List.of(first));
    for (int i = 0; i < 10; i++) { // back to back: several within one millisecond
      ids.add(vault.add("lucca", "acme", "secret-" + i));
    }

    assertThat(vault.secretIds("lucca", "acme")).containsExactlyElementsOf(ids);
    assertThat(vault.secrets("lucca", "acme").get(0)).isEqualTo("first-secret");
    assertThat(vault.secrets("lucca", "acme").get(10)).isEqualTo("secret-9");
  }

  @Test
  void deletingATenantDeletesAllItsSecretsAndNoOnesElse() {
    JdbcSecretVault vault = vault();
    vault.add("lucca", "acme", "a-1");
    vault.add("lucca", "acme", "a-2");
    vault.add("lucca", "globex", "g-1");
    vault.add("arta", "acme", "arta-acme");

    assertThat(vault.deleteTenant("lucca", "acme")).isEqualTo(2);

    assertThat(vault.secrets("lucca", "acme")).isEmpty();
    assertThat(vault.tenants("lucca")).containsExactly("globex");
    assertThat(vault.secrets("arta", "acme")).containsExactly("arta-acme");
    assertThat(vault.deleteTenant("lucca", "acme")).isZero();
  }

  @Test
  void aCiphertextCopiedIntoAnotherTenantsRowDoesNotDecrypt() throws SQLException {
    JdbcSecretVault vault = vault();
    String attackerId = vault.add("lucca", "attacker", "attacker-secret");
    String victimId = vault.add("lucca", "victim", "victim-secret");
    vault.add("lucca", "victim", "victim-second-secret");

    // The attacker, writing to the table, copies the victim's sealed secret into its own row, and
    // its own into the victim's, hoping to verify with the victim's secret on its own path.
    byte[] victimNonce = column("nonce", victimId);
    byte[] victimCiphertext = column("ciphertext", victimId);
    byte[] attackerNonce = column("nonce", attackerId);
    byte[] attackerCiphertext = column("ciphertext", attackerId);
    execute(
        "UPDATE " + table + " SET nonce = ?, ciphertext = ? WHERE secret_id = ?",
        victimNonce,
        victimCiphertext,
        attackerId);
    execute(
        "UPDATE " + table + " SET nonce = ?, ciphertext = ? WHERE secret_id = ?",
        attackerNonce,
        attackerCiphertext,
        victimId);

    assertThat(vault.secrets("lucca", "attacker")).isEmpty();
    assertThat(vault.secrets("lucca", "victim")).containsExactly("victim-second-secret");
  }

  @Test
  void aRowMovedToAnotherTenantOrEndpointDoesNotDecrypt() throws SQLException {
    JdbcSecretVault vault = vault();
    String id = vault.add("lucca", "victim", "victim-secret");

    execute("UPDATE " + table + " SET tenant = ? WHERE secret_id = ?", "attacker", id);
    assertThat(vault.secrets("lucca", "attacker")).isEmpty();

    execute(
        "UPDATE " + table + " SET tenant = ?, endpoint = ? WHERE secret_id = ?",
        "victim",
        "arta",
        id);
    assertThat(vault.secrets("arta", "victim")).isEmpty();
  }

  @Test
  void aTamperedCiphertextOrNonceIsSkippedAndTheTenantsOtherSecretsStillAnswer()
      throws SQLException {
    JdbcSecretVault vault = vault();
    String first = vault.add("lucca", "acme", "first-secret");
    String second = vault.add("lucca", "acme", "second-secret");
    vault.add("lucca", "acme", "third-secret");

    byte[] ciphertext = column("ciphertext", first);
    ciphertext[0] ^= 1;
    execute("UPDATE " + table + " SET ciphertext = ? WHERE secret_id = ?", ciphertext, first);
    byte[] nonce = column("nonce", second);
    nonce[11] ^= (byte) 0x80;
    execute("UPDATE " + table + " SET nonce = ? WHERE secret_id = ?", nonce, second);

    assertThat(vault.secrets("lucca", "acme")).containsExactly("third-secret");
  }

  @Test
  void aRowUnderAKeyMissingFromTheRingFailsTheLookupSoThatTheSenderRetries() {
    vault().add("lucca", "acme", "acme-secret");
    JdbcSecretVault withoutK1 = vault("k2", KEY_2);

    assertThatThrownBy(() -> withoutK1.secrets("lucca", "acme"))
        .isInstanceOf(SecretVaultException.class)
        .hasMessageStartingWith("JDBC secret vault cannot decrypt secret ")
        .hasMessageEndingWith(
            " of tenant acme of endpoint lucca under key k1: its key is not in the key ring (table "
                + table
                + ")")
        .hasMessageNotContaining("acme-secret");
  }

  @Test
  void theTableHoldsNoSecretInClear() throws SQLException {
    JdbcSecretVault vault = vault();
    String secret = "plain-secret-that-must-not-be-stored-" + randomKey();
    vault.add("lucca", "acme", secret);
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);

    List<byte[]> cells = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData columns = result.getMetaData();
      while (result.next()) {
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          boolean binary =
              switch (columns.getColumnType(i)) {
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> true;
                default -> false;
              };
          cells.add(
              binary ? result.getBytes(i) : result.getString(i).getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    assertThat(cells).hasSize(7);
    for (byte[] cell : cells) {
      assertThat(indexOf(cell, plain)).isEqualTo(-1);
      assertThat(new String(cell, StandardCharsets.ISO_8859_1)).doesNotContain("plain-secret");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void rotatingTheKeyReencryptsEveryRowWhileReadsGoOn() throws Exception {
    JdbcSecretVault underK1 = vault("k1", KEY_1);
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      String tenant = "tenant-" + i;
      underK1.add("lucca", tenant, "secret-of-" + tenant);
      expected.put(tenant, "secret-of-" + tenant);
    }
    JdbcSecretVault bothKeys = vault("k2", KEY_2, "k1", KEY_1);
    String addedUnderK2 = bothKeys.add("lucca", "tenant-new", "secret-of-tenant-new");
    expected.put("tenant-new", "secret-of-tenant-new");

    AtomicBoolean rotating = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> wrong = new CopyOnWriteArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    List<Future<?>> running = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      running.add(
          readers.submit(
              () -> {
                // At least one full pass, then on until the rotation is over.
                do {
                  expected.forEach(
                      (tenant, secret) -> {
                        List<String> read = bothKeys.secrets("lucca", tenant);
                        reads.incrementAndGet();
                        if (!read.equals(List.of(secret))) {
                          wrong.add(tenant + " read " + read.size() + " secrets");
                        }
                      });
                } while (rotating.get());
                return null;
              }));
    }
    long rewritten;
    try {
      rewritten = bothKeys.reencrypt();
    } finally {
      rotating.set(false);
    }
    for (Future<?> reader : running) {
      reader.get(1, TimeUnit.MINUTES);
    }
    readers.shutdown();

    assertThat(rewritten).isEqualTo(20);
    assertThat(wrong).isEmpty();
    assertThat(reads.get()).isGreaterThanOrEqualTo(2 * expected.size());
    assertThat(bothKeys.reencrypt()).isZero();
    assertThat(new String(column("key_id", addedUnderK2), StandardCharsets.UTF_8)).isEqualTo("k2");

    JdbcSecretVault onlyK2 = vault("k2", KEY_2);
    expected.forEach(
        (tenant, secret) ->
            assertThat(onlyK2.secrets("lucca", tenant)).as(tenant).containsExactly(secret));
  }

  @Test
  void reencryptLeavesARowItCannotDecryptAndRewritesTheOthers() throws SQLException {
    JdbcSecretVault underK1 = vault("k1", KEY_1);
    String tampered = underK1.add("lucca", "acme", "acme-secret");
    underK1.add("lucca", "globex", "globex-secret");
    byte[] ciphertext = column("ciphertext", tampered);
    ciphertext[ciphertext.length - 1] ^= 1;
    execute("UPDATE " + table + " SET ciphertext = ? WHERE secret_id = ?", ciphertext, tampered);

    JdbcSecretVault bothKeys = vault("k2", KEY_2, "k1", KEY_1);
    assertThat(bothKeys.reencrypt()).isEqualTo(1);

    assertThat(new String(column("key_id", tampered), StandardCharsets.UTF_8)).isEqualTo("k1");
    assertThat(vault("k2", KEY_2).secrets("lucca", "globex")).containsExactly("globex-secret");
  }

  @Test
  void anUnreachableDatabaseFailsTheLookupInsteadOfAnsweringNoSecrets() {
    JdbcSecretVault vault =
        JdbcSecretVault.builder(unreachable())
            .dialect(dialect())
            .tableName(table)
            .key("k1", KEY_1)
            .currentKey("k1")
            .build();

    assertThatThrownBy(() -> vault.secrets("lucca", "acme"))
        .isInstanceOf(SecretVaultException.class)
        .hasMessageStartingWith("JDBC secret vault failed to look up secrets (table " + table)
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> vault.add("lucca", "acme", "acme-secret"))
        .isInstanceOf(SecretVaultException.class)
        .hasMessageStartingWith("JDBC secret vault failed to add a secret (table " + table)
        .hasMessageNotContaining("acme-secret");
    assertThatThrownBy(vault::reencrypt)
        .isInstanceOf(SecretVaultException.class)
        .hasMessageStartingWith("JDBC secret vault failed to re-encrypt secrets (table " + table);

    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), SecretSource.cached(vault, Duration.ofMinutes(1)))
            .onAny(event -> {})
            .build();
    assertThat(receiver.receive(signed("outage", "acme-secret", "acme")).status()).isEqualTo(503);
  }

  @Test
  void theVaultsTextNamesKeyIdsButNoKeyOrSecret() {
    JdbcSecretVault vault = vault("k2", KEY_2, "k1", KEY_1);
    vault.add("lucca", "acme", "acme-secret");

    assertThat(vault.toString())
        .isEqualTo(
            "JdbcSecretVault[dialect="
                + dialect()
                + ", table="
                + table
                + ", keys=[k1, k2], currentKey=k2]");
    assertThat(SecretSource.cached(vault, Duration.ofMinutes(1)).toString())
        .doesNotContain(KEY_1, KEY_2, "acme-secret");
  }

  /** A Lucca request for the tenant's path, signed now with the secret. */
  private static WebhookRequest signed(String eventId, String secret, String tenant) {
    return sentTo(tenant, signedFor(eventId, secret, tenant));
  }

  private static SignedRequests signedFor(String eventId, String secret, String tenant) {
    return SignedRequests.lucca(secret)
        .event(LuccaFixtures.employeeUpdated().id(eventId))
        .at(Instant.now())
        .path("/webhooks/lucca/" + tenant);
  }

  /** The signed request's headers and body, as they were, sent to the tenant's path. */
  private static WebhookRequest sentTo(String tenant, SignedRequests signed) {
    WebhookRequest.Builder builder =
        WebhookRequest.builder().method("POST").path("/webhooks/lucca/" + tenant).tenant(tenant);
    signed.headers().forEach(builder::header);
    return builder.body(signed.body()).build();
  }

  @Test
  void aSecretAnotherTenantOfTheEndpointHoldsIsRefusedWithoutNamingIt() {
    JdbcSecretVault vault = vault();
    vault.add("lucca", "acme", "shared-secret");

    assertThatThrownBy(() -> vault.add("lucca", "globex", "shared-secret"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "secret of tenant globex of endpoint lucca is refused: another tenant of the endpoint"
                + " holds the same secret, and a request signed for either would verify on the"
                + " other's path");
    assertThat(vault.secrets("lucca", "globex")).isEmpty();
    assertThat(vault.tenants("lucca")).containsExactly("acme");

    // The same tenant may hold it again (one more row, as before), another endpoint's tenant too.
    vault.add("lucca", "acme", "shared-secret");
    assertThat(vault.secrets("lucca", "acme")).containsExactly("shared-secret", "shared-secret");
    vault.add("arta", "globex", "shared-secret");
    assertThat(vault.secrets("arta", "globex")).containsExactly("shared-secret");
    // Only an equal secret is refused, not a prefix or an extension of it.
    vault.add("lucca", "globex", "shared-secre");
    vault.add("lucca", "initech", "shared-secret-2");
    assertThat(vault.tenants("lucca")).containsExactly("acme", "globex", "initech");
  }

  @Test
  void aSharedSecretIsFoundUnderAnOlderKeyOfTheRingBeforeAndAfterTheRotation() {
    vault("k1", KEY_1).add("lucca", "acme", "acme-secret");
    JdbcSecretVault bothKeys = vault("k2", KEY_2, "k1", KEY_1);

    assertThatThrownBy(() -> bothKeys.add("lucca", "globex", "acme-secret"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith("secret of tenant globex of endpoint lucca is refused");
    assertThat(bothKeys.reencrypt()).isEqualTo(1);
    assertThatThrownBy(() -> vault("k2", KEY_2).add("lucca", "globex", "acme-secret"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith("secret of tenant globex of endpoint lucca is refused");
    assertThat(bothKeys.secrets("lucca", "globex")).isEmpty();
  }

  @Test
  void anotherTenantsSecretUnderAKeyMissingFromTheRingFailsTheAddSinceItCannotBeCompared() {
    vault("k1", KEY_1).add("lucca", "acme", "acme-secret");
    JdbcSecretVault withoutK1 = vault("k2", KEY_2);

    assertThatThrownBy(() -> withoutK1.add("lucca", "globex", "globex-secret"))
        .isInstanceOf(SecretVaultException.class)
        .hasMessageStartingWith(
            "JDBC secret vault cannot compare the new secret of tenant globex of endpoint lucca"
                + " with secret ")
        .hasMessageEndingWith(
            " of tenant acme of endpoint lucca under key k1: its key is not in the key ring (table "
                + table
                + ")")
        .hasMessageNotContaining("globex-secret");
    assertThat(withoutK1.tenants("lucca")).containsExactly("acme");
    // The tenant's own secrets are not compared, so its add goes on.
    withoutK1.add("lucca", "acme", "acme-secret-2");
  }

  @Test
  void anAddOfTheSecretForAnotherTenantWhileTheFirstIsUnderWayWaitsForItAndIsRefused()
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch open = new CountDownLatch(1);
    JdbcSecretVault vault =
        JdbcSecretVault.builder(holdingTheFirstInsert(held, open))
            .tableName(table)
            .createTable(true)
            .key("k1", KEY_1)
            .currentKey("k1")
            .build();
    ExecutorService adders = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = adders.submit(() -> vault.add("lucca", "acme", "raced-secret"));
      assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
      // The first add has compared and is about to insert. Without the endpoint's lock the second
      // would compare now, find nothing and store: give it the chance before letting the first on.
      Future<String> second = adders.submit(() -> vault.add("lucca", "globex", "raced-secret"));
      try {
        second.get(2, TimeUnit.SECONDS);
      } catch (TimeoutException waitingForTheLock) {
        // As it should: it waits until the first add has committed.
      }
      open.countDown();

      assertThat(first.get(1, TimeUnit.MINUTES)).matches("[0-9a-f]{32}");
      assertThatThrownBy(() -> second.get(1, TimeUnit.MINUTES))
          .hasCauseInstanceOf(WebhookConfigurationException.class)
          .hasMessageContaining("secret of tenant globex of endpoint lucca is refused");
    } finally {
      open.countDown();
      adders.shutdown();
    }
    assertThat(vault.tenants("lucca")).containsExactly("acme");
  }

  /** The pool, whose first {@code INSERT} prepared counts {@code held} down and waits for open. */
  private DataSource holdingTheFirstInsert(CountDownLatch held, CountDownLatch open) {
    AtomicBoolean armed = new AtomicBoolean(true);
    return ConnectionHooks.hooked(
        pool,
        (connection, method, args) -> {
          if (method.getName().equals("prepareStatement")
              && ((String) args[0]).startsWith("INSERT")
              && armed.getAndSet(false)) {
            held.countDown();
            open.await(1, TimeUnit.MINUTES);
          }
        });
  }

  @Test
  void aRequestSignedForOneTenantAndSentAgainOnAnotherTenantsPathIsAnswered401() {
    JdbcSecretVault vault = vault();
    String secret = "lucca-secret-acme-" + randomKey();
    vault.add("lucca", "acme", secret);
    // The attack needs globex to verify with acme's secret: the vault does not store it.
    assertThatThrownBy(() -> vault.add("lucca", "globex", secret))
        .isInstanceOf(WebhookConfigurationException.class);
    vault.add("lucca", "globex", "lucca-secret-globex-" + randomKey());
    List<String> handled = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), SecretSource.cached(vault, Duration.ofMinutes(1)))
            .onAny(event -> handled.add(event.tenant().orElseThrow() + ":" + event.id()))
            .build();
    SignedRequests captured = signedFor("captured", secret, "acme");

    assertThat(receiver.receive(sentTo("globex", captured)).status()).isEqualTo(401);
    assertThat(receiver.receive(sentTo("acme", captured)).status()).isEqualTo(200);
    assertThat(handled).containsExactly("acme:captured");
  }

  @Test
  void aLuccaReceiverVerifiesTwentyTenantsFromTheVaultEachWithItsOwnSecretAndBothDuringARotation() {
    JdbcSecretVault vault = vault();
    Map<String, String> secrets = new LinkedHashMap<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (int i = 1; i <= 20; i++) {
      String tenant = String.format("tenant-%02d", i);
      secrets.put(tenant, "lucca-secret-" + tenant + "-" + randomKey());
      ids.put(tenant, vault.add("lucca", tenant, secrets.get(tenant)));
    }
    TestClock clock = TestClock.create();
    List<String> handled = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), SecretSource.cached(vault, Duration.ofMinutes(1), clock))
            .onAny(event -> handled.add(event.tenant().orElseThrow() + ":" + event.id()))
            .build();

    secrets.forEach(
        (tenant, secret) ->
            assertThat(receiver.receive(signed("e-" + tenant, secret, tenant)).status())
                .as(tenant)
                .isEqualTo(200));
    assertThat(handled).hasSize(20).contains("tenant-01:e-tenant-01", "tenant-20:e-tenant-20");

    // tenant-01's signed request on every other tenant's path.
    for (String other : secrets.keySet()) {
      if (!other.equals("tenant-01")) {
        assertThat(receiver.receive(signed("cross", secrets.get("tenant-01"), other)).status())
            .as(other)
            .isEqualTo(401);
      }
    }
    assertThat(receiver.receive(signed("unknown", secrets.get("tenant-01"), "tenant-21")).status())
        .isEqualTo(401);

    // Rotation: a new secret is added; once the cache's answer expires both verify, then the old
    // one is retired.
    String rotated = "lucca-secret-tenant-05-rotated-" + randomKey();
    vault.add("lucca", "tenant-05", rotated);
    clock.advance(Duration.ofMinutes(1));
    assertThat(receiver.receive(signed("rot-old", secrets.get("tenant-05"), "tenant-05")).status())
        .isEqualTo(200);
    assertThat(receiver.receive(signed("rot-new", rotated, "tenant-05")).status()).isEqualTo(200);
    assertThat(receiver.receive(signed("rot-cross", rotated, "tenant-06")).status()).isEqualTo(401);
    assertThat(vault.retire("lucca", "tenant-05", ids.get("tenant-05"))).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(
            receiver.receive(signed("after-old", secrets.get("tenant-05"), "tenant-05")).status())
        .isEqualTo(401);
    assertThat(receiver.receive(signed("after-new", rotated, "tenant-05")).status()).isEqualTo(200);
    assertThat(handled)
        .contains("tenant-05:rot-old", "tenant-05:rot-new", "tenant-05:after-new")
        .hasSize(23);
    assertThat(handled).noneMatch(h -> h.endsWith(":cross") || h.endsWith("-cross"));
  }
}
