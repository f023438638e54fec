package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;

/**
 * The vault's contract on a real PostgreSQL server: runs with {@code -Pservices}, with the
 * connection settings of {@link PostgresqlJdbcIdempotencyStoreTest}.
 */
@Tag("services")
class PostgresqlJdbcSecretVaultTest extends JdbcSecretVaultContract {

  private final PostgresqlJdbcIdempotencyStoreTest database =
      new PostgresqlJdbcIdempotencyStoreTest();

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  HikariConfig poolConfig() {
    return database.poolConfig();
  }

  @Override
  DataSource unreachable() {
    return database.unreachable();
  }
}
