package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcIdempotencyStoreBuilderTest {

  /** Fails every connection: proves that a build with an explicit dialect does not connect. */
  private static final DataSource NEVER_CONNECTS =
      proxy(
          DataSource.class,
          (method, args) -> {
            throw new SQLException("connection refused", "08001");
          });

  /** Connects to a database that calls itself {@code product}, and does nothing else. */
  private static DataSource reporting(String product) {
    DatabaseMetaData metaData =
        proxy(
            DatabaseMetaData.class,
            (method, args) -> {
              if (method.getName().equals("getDatabaseProductName")) {
                return product;
              }
              throw new UnsupportedOperationException(method.getName());
            });
    Connection connection =
        proxy(
            Connection.class,
            (method, args) ->
                switch (method.getName()) {
                  case "getMetaData" -> metaData;
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
    return proxy(DataSource.class, (method, args) -> connection);
  }

  private interface Answer {
    Object answer(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            JdbcIdempotencyStoreBuilderTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> answer.answer(method, args)));
  }

  private static JdbcIdempotencyStore.Builder builder() {
    return JdbcIdempotencyStore.builder(NEVER_CONNECTS).dialect(Dialect.POSTGRESQL);
  }

  @Test
  void buildWithAnExplicitDialectDoesNotConnect() {
    JdbcIdempotencyStore store = builder().build();

    assertThat(store)
        .hasToString(
            "JdbcIdempotencyStore[dialect=POSTGRESQL, table=hookline_idempotency, lease=PT1M,"
                + " retention=PT168H]");
  }

  @Test
  void completionsThatWaitForTheFlushAreNamedInTheDescription() {
    assertThat(builder().flushCompletions(true).build())
        .hasToString(
            "JdbcIdempotencyStore[dialect=POSTGRESQL, table=hookline_idempotency, lease=PT1M,"
                + " retention=PT168H, flushCompletions=true]");
    assertThat(builder().flushCompletions(true).flushCompletions(false).build().toString())
        .doesNotContain("flush");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hookline_idempotency",
        "HooklineIdempotency",
        "_t1",
        "webhooks.hookline_idempotency",
        "a23456789012345678901234567890123456789012345678901234567"
      })
  void plainIdentifiersAreAcceptedAsTableNames(String name) {
    assertThat(builder().tableName(name).build())
        .hasToString(
            "JdbcIdempotencyStore[dialect=POSTGRESQL, table="
                + name
                + ", lease=PT1M, retention=PT168H]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1table",
        "hookline-idempotency",
        "hookline idempotency",
        "t; DROP TABLE users; --",
        "\"quoted\"",
        "a.b.c",
        ".t",
        "t.",
        "t\u00e9",
        "a234567890123456789012345678901234567890123456789012345678"
      })
  void tableNamesThatAreNotPlainIdentifiersFailAtBuild(String name) {
    assertThatThrownBy(() -> builder().tableName(name).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "tableName must be letters, digits and underscores, not starting with a digit, at most"
                + " 57 characters, optionally prefixed by a schema and a dot, but was \""
                + name
                + "\"");
  }

  @Test
  void invalidSettingsFailAtBuild() {
    assertThatThrownBy(() -> builder().lease(Duration.ZERO).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("lease must be positive, but was PT0S");
    assertThatThrownBy(() -> builder().lease(Duration.ofNanos(999_999)).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("lease must be at least 1 millisecond, but was PT0.000999999S");
    assertThatThrownBy(() -> builder().retention(Duration.ofSeconds(-1)).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("retention must be positive, but was PT-1S");
    assertThatThrownBy(() -> builder().purgeBatchSize(0).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("purgeBatchSize must be positive, but was 0");
  }

  @Test
  void dialectDetectionNeedsTheDatabase() {
    assertThatThrownBy(() -> JdbcIdempotencyStore.builder(NEVER_CONNECTS).build())
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessage(
            "JDBC idempotency store failed to detect the database (table hookline_idempotency,"
                + " SQLState 08001)")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void tableCreationNeedsTheDatabase() {
    assertThatThrownBy(() -> builder().createTable(true).build())
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessage(
            "JDBC idempotency store failed to create the table (table hookline_idempotency,"
                + " SQLState 08001)")
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void productNamesMapToDialects() {
    assertThat(Dialect.ofProductName("PostgreSQL")).contains(Dialect.POSTGRESQL);
    assertThat(Dialect.ofProductName("MySQL")).contains(Dialect.MYSQL);
    assertThat(Dialect.ofProductName("MariaDB")).contains(Dialect.MYSQL);
    assertThat(Dialect.ofProductName("H2")).contains(Dialect.H2);
    assertThat(Dialect.ofProductName("Oracle")).isEmpty();
  }

  @Test
  void dialectIsDetectedFromTheProductName() {
    assertThat(JdbcIdempotencyStore.builder(reporting("MariaDB")).build().toString())
        .startsWith("JdbcIdempotencyStore[dialect=MYSQL,");
  }

  @Test
  void unsupportedDatabaseFailsAtBuildNamingIt() {
    assertThatThrownBy(() -> JdbcIdempotencyStore.builder(reporting("Apache Derby")).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "database \"Apache Derby\" is not supported; choose a dialect explicitly among"
                + " [POSTGRESQL, MYSQL, H2]");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void shippedDdlCreatesTheTableAndThePurgeIndexIfAbsent(Dialect dialect) {
    assertThat(dialect.ddlResource()).startsWith("/dev/hookline/receiver/jdbc/").endsWith(".sql");

    var ddl = dialect.ddl("webhooks.hookline_idempotency");

    assertThat(ddl).isNotEmpty().noneMatch(s -> s.contains("${") || s.contains("--"));
    assertThat(ddl.get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS webhooks.hookline_idempotency (")
        .contains(
            "idempotency_key VARCHAR(512) NOT NULL PRIMARY KEY",
            "state VARCHAR(16) NOT NULL",
            "lease_owner VARCHAR(64)",
            "lease_expiry BIGINT NOT NULL",
            "completed_at BIGINT",
            "created_at BIGINT NOT NULL");
    assertThat(String.join("\n", ddl))
        .contains("hookline_idempotency_purge", "(state, completed_at)");
  }

  @Test
  void keysAreStoredAsTheyAreUnlessADatabaseCouldNotCompareThemExactly() {
    String longest = "k".repeat(JdbcIdempotencyStore.MAX_KEY_LENGTH);

    assertThat(JdbcIdempotencyStore.storedKey("https://example.ilucca.net|123"))
        .isEqualTo("https://example.ilucca.net|123");
    assertThat(JdbcIdempotencyStore.storedKey(longest)).isEqualTo(longest);
    assertThat(JdbcIdempotencyStore.storedKey("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    assertThat(JdbcIdempotencyStore.storedKey("abc "))
        .as("MySQL collations ignore trailing spaces")
        .isEqualTo("sha256:5488613c42b0d34d60f7aa9e94be317a3ee102a2bbd91ccc73cc79fbc2269955");
    assertThat(JdbcIdempotencyStore.storedKey(longest + "k"))
        .hasSize(7 + 64)
        .startsWith("sha256:")
        .isNotEqualTo(JdbcIdempotencyStore.storedKey(longest + "l"));
    assertThat(JdbcIdempotencyStore.storedKey("tab\tkey")).startsWith("sha256:");
    assertThat(JdbcIdempotencyStore.storedKey("lone\ud800")).startsWith("sha256:");
    assertThat(JdbcIdempotencyStore.storedKey("\udc00x")).startsWith("sha256:");
    assertThat(JdbcIdempotencyStore.storedKey("lone\ud800"))
        .as("UTF-8 would make both lone surrogates '?'")
        .startsWith("sha256:utf16:")
        .isNotEqualTo(JdbcIdempotencyStore.storedKey("lone\udc00"))
        .isNotEqualTo(JdbcIdempotencyStore.storedKey("lone?"))
        .isNotEqualTo(JdbcIdempotencyStore.storedKey("lone\ufffd"));
    String hashedLookalike = JdbcIdempotencyStore.storedKey("abc ");
    assertThat(JdbcIdempotencyStore.storedKey(hashedLookalike))
        .as("a key that looks hashed is hashed too, so it cannot collide with a hashed key")
        .startsWith("sha256:")
        .isNotEqualTo(hashedLookalike);
  }
}
