package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.jdbc.Dialect;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The lifecycle's proof with the vault on an in-memory H2 database: runs in the default build. */
class H2LifecycleProofTest extends LifecycleProofContract {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  H2LifecycleProofTest() {
    dataSource.setURL(
        "jdbc:h2:mem:lifecycle_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }
}
