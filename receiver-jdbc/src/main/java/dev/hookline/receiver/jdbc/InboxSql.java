package dev.hookline.receiver.jdbc;

/**
 * The statements of one {@link JdbcInbox}, built once from the dialect and the validated table
 * name. Times are epoch milliseconds bound as parameters, never the database's clock.
 *
 * @param insert stores a new pending row: parameters key, full key, topic, headers, body, next
 *     attempt at, created at, ordering key; with {@link Dialect#H2} a duplicate key fails with
 *     SQLState 23505
 * @param deleteExpired deletes a done row older than the retention, so that the event can be stored
 *     anew, at the end of its entity's line: parameters key, oldest completion kept
 * @param takeReturning ({@link Dialect#POSTGRESQL}) leases a batch of due rows and returns them:
 *     parameters lease owner, lease expiry, now, now, batch size, now, now
 * @param lockDue ({@link Dialect#MYSQL}) locks a batch of due rows, skipping those locked by other
 *     transactions: parameters now, now, batch size
 * @param candidates ({@link Dialect#H2}) reads the keys of a batch of due rows without locking
 *     them: parameters now, now, batch size
 * @param takeOne leases one row if it is still due: parameters lease owner, lease expiry, key, now,
 *     now; an update count of 1 means the caller won it
 * @param readTaken reads a row the caller leased: parameters key, lease owner
 * @param succeeded marks the holder's row done: parameters completed at, key, lease owner
 * @param retry makes the holder's row pending again: parameters next attempt at, last error, key,
 *     lease owner
 * @param dead marks the holder's row dead: parameters last error, key, lease owner
 * @param handBack makes the holder's row pending again without counting an attempt: parameters next
 *     attempt at, key, lease owner
 * @param deadMessages reads dead rows oldest first: parameter limit
 * @param requeue makes a dead row pending again: parameters next attempt at, key
 * @param backlog counts pending and taken rows
 * @param deadCount counts dead rows
 * @param check touches the table without reading a row
 * @param purge deletes one batch of done rows completed before a time: parameters oldest completion
 *     kept, batch size, and for subquery dialects the oldest completion kept again
 * @param purgeRechecks whether {@code purge} takes the third parameter
 */
record InboxSql(
    String insert,
    String deleteExpired,
    String takeReturning,
    String lockDue,
    String candidates,
    String takeOne,
    String readTaken,
    String succeeded,
    String retry,
    String dead,
    String handBack,
    String deadMessages,
    String requeue,
    String backlog,
    String deadCount,
    String check,
    String purge,
    boolean purgeRechecks) {

  static final String PENDING = "PENDING";
  static final String TAKEN = "TAKEN";
  static final String DONE = "DONE";
  static final String DEAD = "DEAD";

  /** The columns a message is read from, in the order {@link JdbcInbox} reads them. */
  static final String MESSAGE_COLUMNS =
      "idempotency_key, full_key, topic, headers, body, attempts, next_attempt_at, last_error";

  /** Pending rows whose time has come, and taken rows whose lease expired: parameters now, now. */
  private static final String DUE =
      "((state = '"
          + PENDING
          + "' AND next_attempt_at <= ?) OR (state = '"
          + TAKEN
          + "' AND lease_expiry <= ?))";

  /**
   * No message of the same entity accepted earlier is pending or taken; the row is aliased {@code
   * m}. A consistent read even under a locking one: PostgreSQL and InnoDB lock only the outer
   * query's rows, so a row another taker is leasing still counts as pending here.
   */
  private static final String FIRST_IN_LINE =
      " AND (m.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM %s earlier"
          + " WHERE earlier.ordering_key = m.ordering_key AND earlier.seq < m.seq"
          + " AND earlier.state IN ('"
          + PENDING
          + "', '"
          + TAKEN
          + "')))";

  private static final String HELD = " WHERE idempotency_key = ? AND lease_owner = ? AND state = '";

  private static final String COLUMNS =
      " (idempotency_key, full_key, topic, headers, body, state, attempts, next_attempt_at,"
          + " lease_owner, lease_expiry, last_error, created_at, completed_at, ordering_key)"
          + " VALUES ";

  /** A new pending row's values: as {@code insert}'s parameters. */
  private static final String PENDING_ROW =
      "(?, ?, ?, ?, ?, '" + PENDING + "', 0, ?, NULL, NULL, NULL, ?, NULL, ?)";

  /**
   * ({@link Dialect#POSTGRESQL}) Stores {@code rows} new pending rows, leaving existing keys alone,
   * and returns the keys it inserted: parameters as {@code insert}'s, for each row in turn, no key
   * twice.
   */
  static String insertRows(TableName table, int rows) {
    StringBuilder statement =
        new StringBuilder("INSERT INTO ").append(table.qualified()).append(COLUMNS);
    return Sql.rows(statement, PENDING_ROW, rows)
        .append(" ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key")
        .toString();
  }

  static InboxSql of(Dialect dialect, TableName tableName) {
    String table = tableName.qualified();
    String columns = COLUMNS + PENDING_ROW;
    String firstInLine = String.format(FIRST_IN_LINE, table);
    String insert =
        switch (dialect) {
          case POSTGRESQL ->
              "INSERT INTO " + table + columns + " ON CONFLICT (idempotency_key) DO NOTHING";
          case MYSQL -> "INSERT IGNORE INTO " + table + columns;
          case H2 -> "INSERT INTO " + table + columns;
        };
    String lease = " SET state = '" + TAKEN + "', lease_owner = ?, lease_expiry = ?";
    String released = ", lease_owner = NULL, lease_expiry = NULL";
    String held = HELD + TAKEN + "'";
    // As in the store's purge: ARRAY(…) runs the subquery once, and the outer conditions are
    // checked again on the row as it is when updated.
    String takeReturning =
        "UPDATE "
            + table
            + lease
            + " WHERE idempotency_key = ANY (ARRAY(SELECT idempotency_key FROM "
            + table
            + " m WHERE "
            + DUE
            + firstInLine
            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE OF m SKIP LOCKED)) AND "
            + DUE
            + " RETURNING "
            + MESSAGE_COLUMNS;
    // No ORDER BY: InnoDB then walks the due index and locks only the rows it returns, where a
    // sort would lock every due row until the transaction ends.
    String lockDue =
        "SELECT "
            + MESSAGE_COLUMNS
            + " FROM "
            + table
            + " m WHERE "
            + DUE
            + firstInLine
            + " LIMIT ? FOR UPDATE SKIP LOCKED";
    String purge = Sql.purgeExpiredDone(dialect, table);
    return new InboxSql(
        insert,
        "DELETE FROM " + table + " WHERE idempotency_key = ? AND " + Sql.EXPIRED_DONE,
        takeReturning,
        lockDue,
        "SELECT idempotency_key FROM "
            + table
            + " m WHERE "
            + DUE
            + firstInLine
            + " ORDER BY next_attempt_at LIMIT ?",
        "UPDATE " + table + lease + " WHERE idempotency_key = ? AND " + DUE,
        "SELECT "
            + MESSAGE_COLUMNS
            + " FROM "
            + table
            + " WHERE idempotency_key = ? AND lease_owner = ?",
        "UPDATE " + table + " SET state = '" + DONE + "', completed_at = ?" + released + held,
        "UPDATE "
            + table
            + " SET state = '"
            + PENDING
            + "', attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
            + released
            + held,
        "UPDATE "
            + table
            + " SET state = '"
            + DEAD
            + "', attempts = attempts + 1, last_error = ?"
            + released
            + held,
        "UPDATE " + table + " SET state = '" + PENDING + "', next_attempt_at = ?" + released + held,
        "SELECT "
            + MESSAGE_COLUMNS
            + " FROM "
            + table
            + " WHERE state = '"
            + DEAD
            + "' ORDER BY created_at, idempotency_key LIMIT ?",
        "UPDATE "
            + table
            + " SET state = '"
            + PENDING
            + "', attempts = 0, next_attempt_at = ? WHERE idempotency_key = ? AND state = '"
            + DEAD
            + "'",
        "SELECT COUNT(*) FROM " + table + " WHERE state IN ('" + PENDING + "', '" + TAKEN + "')",
        "SELECT COUNT(*) FROM " + table + " WHERE state = '" + DEAD + "'",
        Sql.check(tableName),
        purge,
        dialect != Dialect.MYSQL);
  }
}
