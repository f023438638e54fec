package dev.hookline.receiver.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fault named {@code fault} on a table, with each dialect's trigger: the first UPDATE that sets a
 * row's state to a given state fails, as a transient database fault would, and rolls back its
 * statement; later ones pass. The count survives the failed statement.
 */
final class DatabaseFault {

  private DatabaseFault() {}

  /** Installs the fault on the table. */
  static void inject(Dialect dialect, Statement statement, String table, String fault, String state)
      throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> {
        // A PL/pgSQL trigger counting with a sequence, which a failed statement does not roll back.
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
      case MYSQL -> {
        // A trigger counting in a MEMORY table, which is not transactional: a failed statement
        // does not roll its count back. SIGNAL fails the UPDATE.
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
                + ") = 1 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault: first"
                + " UPDATE to "
                + state
                + "'; END IF; END IF; END");
      }
      case H2 -> {
        // A Java trigger: H2 rolls back whatever a failing trigger wrote, so it counts in memory.
        H2FaultTrigger.arm(fault, state);
        statement.execute(
            "CREATE TRIGGER "
                + fault
                + " BEFORE UPDATE ON "
                + table
                + " FOR EACH ROW CALL '"
                + H2FaultTrigger.class.getName()
                + "'");
      }
    }
  }

  /**
   * Installs a fault on the table that fails every INSERT of a row with the key, and its whole
   * statement (PostgreSQL and MySQL/MariaDB: {@code INSERT IGNORE} does not ignore a trigger's
   * error).
   */
  static void injectOnInsert(
      Dialect dialect, Statement statement, String table, String fault, String key)
      throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> {
        statement.execute(
            "CREATE FUNCTION "
                + fault
                + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.idempotency_key = '"
                + key
                + "' THEN RAISE EXCEPTION 'injected fault: INSERT of "
                + key
                + "'; END IF; RETURN NEW; END $$");
        statement.execute(
            "CREATE TRIGGER "
                + fault
                + " BEFORE INSERT ON "
                + table
                + " FOR EACH ROW EXECUTE FUNCTION "
                + fault
                + "()");
      }
      case MYSQL ->
          statement.execute(
              "CREATE TRIGGER "
                  + fault
                  + " BEFORE INSERT ON "
                  + table
                  + " FOR EACH ROW BEGIN IF NEW.idempotency_key = '"
                  + key
                  + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault: INSERT of "
                  + key
                  + "'; END IF; END");
      case H2 -> throw new UnsupportedOperationException("H2 claims insert one key at a time");
    }
  }

  /** How many UPDATEs to its state the fault saw, the failed one included. */
  static long hits(Dialect dialect, Statement statement, String fault) throws SQLException {
    return switch (dialect) {
      case POSTGRESQL ->
          count(statement, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + fault);
      case MYSQL -> count(statement, "SELECT hits FROM " + fault);
      case H2 -> H2FaultTrigger.hits(fault);
    };
  }

  /** Drops what the fault created besides its trigger (dropped with the table); none is fine. */
  static void drop(Dialect dialect, Statement statement, String fault) throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> {
        statement.execute("DROP FUNCTION IF EXISTS " + fault + "()");
        statement.execute("DROP SEQUENCE IF EXISTS " + fault);
      }
      case MYSQL -> statement.execute("DROP TABLE IF EXISTS " + fault);
      case H2 -> H2FaultTrigger.disarm(fault);
    }
  }

  private static long count(Statement statement, String query) throws SQLException {
    try (ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }
}
