package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The inbox contract on an in-memory H2 database, plus checks that need no server: default build.
 */
class H2JdbcInboxTest extends JdbcInboxContract {

  private final String database = H2Databases.newDatabase();

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  @Override
  HikariConfig poolConfig() {
    return H2Databases.pool(database);
  }

  @Override
  DataSource unreachable() {
    return H2Databases.refusing();
  }

  @Test
  void shippedDdlCreatesTheTableAndItsIndexesForEveryDialect() {
    assertThat(Dialect.POSTGRESQL.inboxDdl("app.inbox"))
        .hasSize(4)
        .anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS app.inbox ("))
        .anySatisfy(ddl -> assertThat(ddl).contains("inbox_due ON app.inbox"))
        .anySatisfy(ddl -> assertThat(ddl).contains("inbox_purge ON app.inbox"))
        .anySatisfy(ddl -> assertThat(ddl).contains("inbox_line ON app.inbox (ordering_key, seq)"));
    assertThat(Dialect.MYSQL.inboxDdl("inbox"))
        .singleElement()
        .satisfies(
            ddl ->
                assertThat(ddl)
                    .contains(
                        "body LONGBLOB NOT NULL",
                        "INDEX inbox_due",
                        "INDEX inbox_line (ordering_key, seq)",
                        "utf8mb4_bin"));
    assertThat(Dialect.H2.inboxDdlResource()).isEqualTo("/dev/hookline/receiver/jdbc/inbox-h2.sql");
    assertThat(Dialect.H2.inboxDdl("inbox")).hasSize(4);
  }

  @Test
  void invalidConfigurationFailsAtBuild() {
    DataSource dataSource = unreachable();

    assertThatThrownBy(() -> JdbcInbox.builder(dataSource).tableName("inbox; DROP").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith("tableName must be letters, digits and underscores");
    assertThatThrownBy(
            () ->
                JdbcInbox.builder(dataSource).dialect(Dialect.H2).retention(Duration.ZERO).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("retention must be at least 1 millisecond, but was PT0S");
    assertThatThrownBy(
            () -> JdbcInbox.builder(dataSource).dialect(Dialect.H2).purgeBatchSize(0).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("purgeBatchSize must be positive, but was 0");
    assertThat(JdbcInbox.builder(dataSource).dialect(Dialect.H2).build())
        .hasToString("JdbcInbox[dialect=H2, table=hookline_inbox, retention=PT168H]");
  }
}
