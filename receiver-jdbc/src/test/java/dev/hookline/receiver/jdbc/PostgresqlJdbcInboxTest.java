package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

  /** A PL/pgSQL trigger counting with a sequence, which a failed statement does not roll back. */
  @Override
  void injectFault(Statement statement, String table, String fault, String state)
      throws SQLException {
    statement.execute("CREATE SEQUENCE " + fault);
    statement.execute(
        "CREATE FUNCTION "
            + fault
            + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.state = '"
            + state
            + "' AND nextval('"
            + fault
            + "') = 1 THEN RAISE EXCEPTION 'injected fault: first UPDATE to "
            + state
            + "'; END IF;"
            + " RETURN NEW; END $$");
    statement.execute(
        "CREATE TRIGGER "
            + fault
            + " BEFORE UPDATE ON "
            + table
            + " FOR EACH ROW EXECUTE FUNCTION "
            + fault
            + "()");
  }

  @Override
  long faultHits(Statement statement, String fault) throws SQLException {
    try (ResultSet result =
        statement.executeQuery(
            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + fault)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Override
  void dropFault(Statement statement, String fault) throws SQLException {
    statement.execute("DROP FUNCTION IF EXISTS " + fault + "()");
    statement.execute("DROP SEQUENCE IF EXISTS " + fault);
  }
}
