package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.jdbc.Dialect;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lifecycle's proof with the vault on a real PostgreSQL server: runs with {@code -Pservices}.
 * Defaults to database {@code test} on 127.0.0.1:5432 as user {@code postgres}; override with the
 * system properties {@code hookline.test.postgresql.url}, {@code .user} and {@code .password}.
 */
@Tag("services")
class PostgresqlLifecycleProofTest extends LifecycleProofContract {

  private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

  PostgresqlLifecycleProofTest() {
    dataSource.setURL(
        System.getProperty(
            "hookline.test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test"));
    dataSource.setUser(System.getProperty("hookline.test.postgresql.user", "postgres"));
    dataSource.setPassword(System.getProperty("hookline.test.postgresql.password", ""));
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }
}
