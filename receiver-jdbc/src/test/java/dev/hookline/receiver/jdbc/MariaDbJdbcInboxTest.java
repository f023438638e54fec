package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The inbox contract on a real MariaDB server, through the MySQL dialect: runs with {@code
 * -Pservices}. Defaults to database {@code test} on 127.0.0.1:3306 as {@code root} with an empty
 * password and without TLS (Connector/J 4 asks for TLS by default; the local server has none);
 * override with the system properties {@code hookline.test.mariadb.url}, {@code .user} and {@code
 * .password}.
 */
@Tag("services")
class MariaDbJdbcInboxTest extends JdbcInboxContract {

  @Override
  Dialect dialect() {
    return Dialect.MYSQL;
  }

  @Override
  HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        System.getProperty(
            "hookline.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable"));
    config.setUsername(System.getProperty("hookline.test.mariadb.user", "root"));
    config.setPassword(System.getProperty("hookline.test.mariadb.password", ""));
    return config;
  }

  @Override
  DataSource unreachable() {
    try {
      return new MariaDbDataSource(
          "jdbc:mariadb://127.0.0.1:1/test?user=root&sslMode=disable&connectTimeout=2000");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A trigger counting in a MEMORY table, which is not transactional: a failed statement does not
   * roll its count back. SIGNAL fails the UPDATE.
   */
  @Override
  void injectFault(Statement statement, String table, String fault, String state)
      throws SQLException {
    statement.execute("CREATE TABLE " + fault + " (hits INT NOT NULL) ENGINE=MEMORY");
    statement.execute("INSERT INTO " + fault + " VALUES (0)");
    statement.execute(
        "CREATE TRIGGER "
            + fault
            + " BEFORE UPDATE ON "
            + table
            + " FOR EACH ROW BEGIN IF NEW.state = '"
            + state
            + "' THEN UPDATE "
            + fault
            + " SET hits = hits + 1; IF (SELECT hits FROM "
            + fault
            + ") = 1 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault: first UPDATE"
            + " to "
            + state
            + "'; END IF; END IF; END");
  }

  @Override
  long faultHits(Statement statement, String fault) throws SQLException {
    try (ResultSet result = statement.executeQuery("SELECT hits FROM " + fault)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Override
  void dropFault(Statement statement, String fault) throws SQLException {
    statement.execute("DROP TABLE IF EXISTS " + fault);
  }
}
