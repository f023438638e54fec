package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;

/**
 * The vault's contract on a real MariaDB server, through the MySQL dialect: runs with {@code
 * -Pservices}, with the connection settings of {@link MariaDbJdbcIdempotencyStoreTest}.
 */
@Tag("services")
class MariaDbJdbcSecretVaultTest extends JdbcSecretVaultContract {

  private final MariaDbJdbcIdempotencyStoreTest database = new MariaDbJdbcIdempotencyStoreTest();

  @Override
  Dialect dialect() {
    return Dialect.MYSQL;
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
