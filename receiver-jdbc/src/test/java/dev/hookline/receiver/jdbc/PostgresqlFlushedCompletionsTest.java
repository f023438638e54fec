package dev.hookline.receiver.jdbc;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;

/**
 * The whole contract on PostgreSQL with completions that wait for the WAL flush ({@code
 * flushCompletions(true)}), whose statement differs from the default one: runs with {@code
 * -Pservices}, as {@link PostgresqlJdbcIdempotencyStoreTest}.
 */
@Tag("services")
class PostgresqlFlushedCompletionsTest extends JdbcIdempotencyStoreContract {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  HikariConfig poolConfig() {
    return PostgresqlJdbcIdempotencyStoreTest.postgresqlPool();
  }

  @Override
  DataSource unreachable() {
    return PostgresqlJdbcIdempotencyStoreTest.postgresqlUnreachable();
  }

  @Override
  String schemaPrefix() {
    return "public.";
  }

  @Override
  JdbcIdempotencyStore.Builder store(DataSource dataSource) {
    return super.store(dataSource).flushCompletions(true);
  }
}
