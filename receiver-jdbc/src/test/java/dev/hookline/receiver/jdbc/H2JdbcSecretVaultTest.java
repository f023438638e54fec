package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;

/** The vault's contract on an in-memory H2 database: runs in the default build. */
class H2JdbcSecretVaultTest extends JdbcSecretVaultContract {

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
}
