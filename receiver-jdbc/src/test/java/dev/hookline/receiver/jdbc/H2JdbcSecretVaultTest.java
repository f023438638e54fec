package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** The vault's contract on an in-memory H2 database: runs in the default build. */
class H2JdbcSecretVaultTest extends JdbcSecretVaultContract {

  private final String database = "hookline_" + UUID.randomUUID().toString().replace("-", "");

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  @Override
  HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
    return config;
  }

  /** Refuses every connection as a stopped server would. */
  @Override
  DataSource unreachable() {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new SQLException("Connection refused", "08001");
            });
  }
}
