package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** What the H2 variants of the contracts share: a fresh in-memory database, a refusing server. */
final class H2Databases {

  private H2Databases() {}

  /** The URL of a new in-memory database, kept until the JVM exits. */
  static String newDatabase() {
    return "jdbc:h2:mem:hookline_"
        + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1";
  }

  /** A pool configuration for the database; a new one per call, as callers adjust it. */
  static HikariConfig pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    return config;
  }

  /**
   * A data source that refuses every connection as a stopped server would. (H2's own TCP client
   * retries a refused connection for seconds; the PostgreSQL and MariaDB tests use their drivers
   * against a closed port.)
   */
  static DataSource refusing() {
    return (DataSource)
        Proxy.newProxyInstance(
            H2Databases.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new SQLException("Connection refused", "08001");
            });
  }
}
