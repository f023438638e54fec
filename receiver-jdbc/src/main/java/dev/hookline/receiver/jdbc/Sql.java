package dev.hookline.receiver.jdbc;

/**
 * The statements of one store, built once from the dialect and the validated table name. Times are
 * epoch milliseconds bound as parameters, never the database's clock.
 *
 * @param insert claims an absent key: parameters key, lease owner, lease expiry, created at; one
 *     row inserted means the key is ours
 * @param takeOver claims a key whose lease expired or whose completion is older than the retention:
 *     parameters lease owner, lease expiry, key, now, oldest completion kept
 * @param state reads a key's state and lease owner: parameter key
 * @param release deletes the holder's in-flight key: parameters key, lease owner
 * @param check touches the table without reading a row
 * @param purge deletes one batch of done keys completed before a time: parameters oldest completion
 *     kept, batch size, and for subquery dialects the oldest completion kept again
 * @param purgeRechecks whether {@code purge} takes the third parameter
 */
record Sql(
    String insert,
    String takeOver,
    String state,
    String release,
    String check,
    String purge,
    boolean purgeRechecks) {

  static final String IN_FLIGHT = "IN_FLIGHT";
  static final String DONE = "DONE";

  /** A DONE row completed before the bound cut-off: outside the retention. */
  static final String EXPIRED_DONE = "state = '" + DONE + "' AND completed_at < ?";

  private static final String COLUMN_LIST =
      " (idempotency_key, state, lease_owner, lease_expiry, completed_at, created_at)";

  private static final String COLUMNS = COLUMN_LIST + " VALUES ";

  /** A claim's values on PostgreSQL: key, lease owner, lease expiry, created at. */
  private static final String CLAIM = "(?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT))";

  /**
   * True, and makes the statement's transaction commit without waiting for its WAL to be flushed
   * (PostgreSQL's {@code synchronous_commit = off}, for that transaction only).
   */
  private static final String ASYNC_COMMIT =
      "set_config('synchronous_commit', 'off', true) IS NOT NULL";

  private static final String ROW = "(?, '" + IN_FLIGHT + "', ?, ?, NULL, ?)";

  /**
   * Deletes at most {@code ?} DONE rows completed before {@code ?} (bound twice on PostgreSQL and
   * H2: the batch size, then the cut-off again). The outer conditions are checked again on the row
   * as it is when deleted: a key taken over between the subquery and the delete stays.
   */
  static String purgeExpiredDone(Dialect dialect, String table) {
    return switch (dialect) {
      // ARRAY(…) runs the subquery once: under IN (…) the planner may rescan a LIMIT subquery per
      // row and delete more than one batch in one statement.
      case POSTGRESQL ->
          "DELETE FROM "
              + table
              + " WHERE idempotency_key = ANY (ARRAY(SELECT idempotency_key FROM "
              + table
              + " WHERE "
              + EXPIRED_DONE
              + " LIMIT ? FOR UPDATE SKIP LOCKED)) AND "
              + EXPIRED_DONE;
      case MYSQL -> "DELETE FROM " + table + " WHERE " + EXPIRED_DONE + " LIMIT ?";
      case H2 ->
          "DELETE FROM "
              + table
              + " WHERE idempotency_key IN (SELECT idempotency_key FROM "
              + table
              + " WHERE "
              + EXPIRED_DONE
              + " LIMIT ?) AND "
              + EXPIRED_DONE;
    };
  }

  /** Touches the table without reading a row: fails if the database or the table is missing. */
  static String check(TableName table) {
    return "SELECT COUNT(*) FROM " + table.qualified() + " WHERE 1 = 0";
  }

  /**
   * Marks the keys of {@code rows} holders done, each only while its holder's token holds the
   * lease: parameters completed at, then key and lease owner of each holder, no key twice. On
   * PostgreSQL a key that has no row is inserted done (its claim, committed without the WAL flush,
   * was lost to a crash of the server, or a later holder released it): the holder's handler has
   * run. The other dialects' claims are durable, and there an absent key stays absent.
   * MySQL/MariaDB and H2 read row values in {@code IN} as one primary-key lookup per pair. One pair
   * is written as two equalities: MariaDB reads {@code (a, b) IN ((?, ?))} as a row equality, which
   * it finds by scanning, and locking, a whole index. On PostgreSQL, unless {@code flush}, the
   * statement's transaction commits without waiting for the WAL flush, as a claim's does; with it,
   * the session's {@code synchronous_commit} decides (see {@link JdbcIdempotencyStore}).
   */
  static String complete(Dialect dialect, TableName table, int rows, boolean flush) {
    if (dialect == Dialect.POSTGRESQL) {
      StringBuilder statement =
          new StringBuilder("INSERT INTO ")
              .append(table.qualified())
              .append(" AS held")
              .append(COLUMN_LIST)
              .append(" SELECT k, '" + DONE + "', o, c, c, c")
              .append(" FROM (SELECT CAST(? AS BIGINT) AS c) AS now, (VALUES ");
      return rows(statement, "(?, ?)", rows)
          .append(") AS done (k, o)")
          .append(flush ? "" : " WHERE " + ASYNC_COMMIT)
          .append(" ON CONFLICT (idempotency_key) DO UPDATE SET state = '")
          .append(DONE)
          .append("', completed_at = EXCLUDED.completed_at WHERE held.state = '")
          .append(IN_FLIGHT)
          .append("' AND held.lease_owner = EXCLUDED.lease_owner")
          .toString();
    }
    StringBuilder statement =
        new StringBuilder("UPDATE ")
            .append(table.qualified())
            .append(" SET state = '" + DONE + "', completed_at = ? WHERE state = '")
            .append(IN_FLIGHT)
            .append("' AND ");
    if (rows == 1) {
      return statement.append("idempotency_key = ? AND lease_owner = ?").toString();
    }
    statement.append("(idempotency_key, lease_owner) IN (");
    return rows(statement, "(?, ?)", rows).append(')').toString();
  }

  /**
   * Claims {@code rows} absent keys, leaving existing ones alone (on H2, failing on one):
   * parameters key, lease owner, lease expiry and created at of each row; the update count is the
   * number of keys inserted. On PostgreSQL the statement's transaction commits without waiting for
   * the WAL flush (see {@link JdbcIdempotencyStore}).
   */
  static String insert(Dialect dialect, TableName table, int rows) {
    if (dialect == Dialect.POSTGRESQL) {
      StringBuilder statement =
          new StringBuilder("INSERT INTO ")
              .append(table.qualified())
              .append(COLUMN_LIST)
              .append(" SELECT k, '" + IN_FLIGHT + "', o, e, NULL, c FROM (VALUES ");
      return rows(statement, CLAIM, rows)
          .append(") AS claims (k, o, e, c) WHERE " + ASYNC_COMMIT)
          .append(" ON CONFLICT (idempotency_key) DO NOTHING")
          .toString();
    }
    return ignoringConflicts(dialect, rows(insertInto(dialect, table), ROW, rows));
  }

  /**
   * Records an absent key as done at once, leaving an existing one alone (on H2, failing on it):
   * parameters key, lease expiry, completed at and created at; one row inserted means the key was
   * absent.
   */
  static String insertDone(Dialect dialect, TableName table) {
    return ignoringConflicts(
        dialect, insertInto(dialect, table).append("(?, '" + DONE + "', NULL, ?, ?, ?)"));
  }

  /** Appends {@code count} copies of {@code row}, separated by commas. */
  static StringBuilder rows(StringBuilder statement, String row, int count) {
    for (int i = 0; i < count; i++) {
      statement.append(i == 0 ? row : ", " + row);
    }
    return statement;
  }

  private static StringBuilder insertInto(Dialect dialect, TableName table) {
    return new StringBuilder(dialect == Dialect.MYSQL ? "INSERT IGNORE INTO " : "INSERT INTO ")
        .append(table.qualified())
        .append(COLUMNS);
  }

  private static String ignoringConflicts(Dialect dialect, StringBuilder insert) {
    if (dialect == Dialect.POSTGRESQL) {
      insert.append(" ON CONFLICT (idempotency_key) DO NOTHING");
    }
    return insert.toString();
  }

  static Sql of(Dialect dialect, TableName tableName) {
    String table = tableName.qualified();
    String insert = insert(dialect, tableName, 1);
    String purge = purgeExpiredDone(dialect, table);
    return new Sql(
        insert,
        "UPDATE "
            + table
            + " SET state = '"
            + IN_FLIGHT
            + "', lease_owner = ?, lease_expiry = ?, completed_at = NULL"
            + " WHERE idempotency_key = ? AND ((state = '"
            + IN_FLIGHT
            + "' AND lease_expiry <= ?) OR ("
            + EXPIRED_DONE
            + "))",
        "SELECT state, lease_owner FROM " + table + " WHERE idempotency_key = ?",
        "DELETE FROM "
            + table
            + " WHERE idempotency_key = ? AND lease_owner = ? AND state = '"
            + IN_FLIGHT
            + "'",
        check(tableName),
        purge,
        dialect != Dialect.MYSQL);
  }
}
