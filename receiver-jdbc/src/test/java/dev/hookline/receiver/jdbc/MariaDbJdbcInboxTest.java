package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.SQLException;
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
}
