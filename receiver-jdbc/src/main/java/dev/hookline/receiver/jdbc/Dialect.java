package dev.hookline.receiver.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL flavours {@link JdbcIdempotencyStore}, {@link JdbcInbox} and {@link JdbcSecretVault}
 * speak. They differ in how a claim inserts a key that may already exist, how the retention purge
 * bounds a batch, how the inbox takes due rows, and the tables' DDL, shipped as the resources
 * {@link #ddlResource()}, {@link #inboxDdlResource()} and {@link #secretsDdlResource()}.
 */
public enum Dialect {

  /**
   * PostgreSQL 9.5 or later: a claim is {@code INSERT … ON CONFLICT (idempotency_key) DO NOTHING};
   * the purge deletes a batch of keys picked with {@code FOR UPDATE SKIP LOCKED}. The inbox takes
   * due rows with one {@code UPDATE … RETURNING} over keys picked with {@code FOR UPDATE SKIP
   * LOCKED}.
   */
  POSTGRESQL("postgresql.sql"),

  /**
   * MySQL 8 and MariaDB 10.5 or later, InnoDB: a claim is {@code INSERT IGNORE}; the purge is
   * {@code DELETE … LIMIT}. Keys compare with {@code utf8mb4_bin}, that is case-sensitively. The
   * inbox takes due rows with {@code SELECT … FOR UPDATE SKIP LOCKED} in a short transaction, which
   * needs MySQL 8 or MariaDB 10.6 or later.
   */
  MYSQL("mysql.sql"),

  /**
   * H2 2.x in any compatibility mode: a claim is a plain {@code INSERT} whose duplicate-key error
   * (SQLState 23505) means the key exists; the purge deletes a batch of keys picked by a subquery.
   * The inbox takes due rows with one conditional {@code UPDATE} per candidate row, whose update
   * count says whether this caller won it.
   */
  H2("h2.sql");

  private final String fileName;

  Dialect(String fileName) {
    this.fileName = fileName;
  }

  /**
   * The classpath resource holding this dialect's DDL, e.g. {@code
   * /dev/hookline/receiver/jdbc/postgresql.sql}. In it {@code ${table}} stands for the table name
   * as configured and {@code ${name}} for the same without a schema prefix; {@link #ddl(String)}
   * returns the statements with both replaced.
   */
  public String ddlResource() {
    return "/dev/hookline/receiver/jdbc/" + fileName;
  }

  /**
   * The statements that create the table and its purge index if they do not exist, for a migration
   * tool or a DBA to run; {@link JdbcIdempotencyStore.Builder#createTable(boolean)} runs the same.
   *
   * @param tableName letters, digits and underscores, optionally prefixed by a schema and a dot
   * @throws dev.hookline.receiver.core.WebhookConfigurationException if the table name is not such
   *     an identifier
   */
  public List<String> ddl(String tableName) {
    return statements(ddlResource(), TableName.of(tableName));
  }

  /**
   * The classpath resource holding this dialect's DDL of a {@link JdbcInbox} table, e.g. {@code
   * /dev/hookline/receiver/jdbc/inbox-postgresql.sql}, with the same placeholders as {@link
   * #ddlResource()}.
   */
  public String inboxDdlResource() {
    return "/dev/hookline/receiver/jdbc/inbox-" + fileName;
  }

  /**
   * The statements that create a {@link JdbcInbox} table and its indexes if they do not exist, for
   * a migration tool or a DBA to run; {@link JdbcInbox.Builder#createTable(boolean)} runs the same.
   *
   * @param tableName letters, digits and underscores, optionally prefixed by a schema and a dot
   * @throws dev.hookline.receiver.core.WebhookConfigurationException if the table name is not such
   *     an identifier
   */
  public List<String> inboxDdl(String tableName) {
    return statements(inboxDdlResource(), TableName.of(tableName));
  }

  /**
   * The classpath resource holding this dialect's DDL of a {@link JdbcSecretVault} table, e.g.
   * {@code /dev/hookline/receiver/jdbc/secrets-postgresql.sql}, with the same placeholders as
   * {@link #ddlResource()}.
   */
  public String secretsDdlResource() {
    return "/dev/hookline/receiver/jdbc/secrets-" + fileName;
  }

  /**
   * The statements that create a {@link JdbcSecretVault} table if it does not exist, for a
   * migration tool or a DBA to run; {@link JdbcSecretVault.Builder#createTable(boolean)} runs the
   * same.
   *
   * @param tableName letters, digits and underscores, optionally prefixed by a schema and a dot
   * @throws dev.hookline.receiver.core.WebhookConfigurationException if the table name is not such
   *     an identifier
   */
  public List<String> secretsDdl(String tableName) {
    return statements(secretsDdlResource(), TableName.of(tableName));
  }

  private static List<String> statements(String resource, TableName table) {
    String script;
    try (InputStream in = Dialect.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(current.length() == 0 ? "" : "\n").append(line.stripTrailing());
      if (trimmed.endsWith(";")) {
        current.setLength(current.length() - 1);
        statements.add(
            current
                .toString()
                .replace("${table}", table.qualified())
                .replace("${name}", table.name()));
        current.setLength(0);
      }
    }
    return List.copyOf(statements);
  }

  /** The dialect for a {@code DatabaseMetaData.getDatabaseProductName()}, if it is one of ours. */
  static Optional<Dialect> ofProductName(String productName) {
    String product = productName.toLowerCase(Locale.ROOT);
    if (product.contains("postgresql")) {
      return Optional.of(POSTGRESQL);
    }
    if (product.contains("mysql") || product.contains("mariadb")) {
      return Optional.of(MYSQL);
    }
    if (product.equals("h2")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }
}
