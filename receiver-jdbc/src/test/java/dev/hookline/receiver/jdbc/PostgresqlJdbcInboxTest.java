package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The inbox contract on a real PostgreSQL server: runs with {@code -Pservices}. Defaults to
 * database {@code test} on 127.0.0.1:5432 as user {@code postgres} (trust authentication); override
 * with the system properties {@code hookline.test.postgresql.url}, {@code .user} and {@code
 * .password}.
 */
@Tag("services")
class PostgresqlJdbcInboxTest extends JdbcInboxContract {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        System.getProperty(
            "hookline.test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test"));
    config.setUsername(System.getProperty("hookline.test.postgresql.user", "postgres"));
    config.setPassword(System.getProperty("hookline.test.postgresql.password", ""));
    return config;
  }

  @Override
  DataSource unreachable() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://127.0.0.1:1/test");
    dataSource.setUser("postgres");
    dataSource.setConnectTimeout(2);
    return dataSource;
  }
}
