package dev.hookline.receiver.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.api.Trigger;

/**
 * An H2 row trigger that fails the first UPDATE setting a row's {@code state} to the state its
 * fault was armed with, as a transient database fault would, and lets later ones pass. H2 runs
 * triggers as Java classes and rolls back what they wrote on failure, so the count lives here,
 * keyed by trigger name. Public with a public constructor: H2 instantiates it.
 */
public final class H2FaultTrigger implements Trigger {

  private record Fault(String state, AtomicInteger hits) {}

  private static final Map<String, Fault> FAULTS = new ConcurrentHashMap<>();

  private Fault fault;
  private int stateColumn;

  /** Arms the trigger of the name, before it is created, to fail the first UPDATE to the state. */
  static void arm(String triggerName, String state) {
    FAULTS.put(key(triggerName), new Fault(state, new AtomicInteger()));
  }

  /** How many UPDATEs to the armed state the trigger saw, the failed one included. */
  static int hits(String triggerName) {
    Fault armed = FAULTS.get(key(triggerName));
    return armed == null ? 0 : armed.hits().get();
  }

  /** Forgets the trigger's count. */
  static void disarm(String triggerName) {
    FAULTS.remove(key(triggerName));
  }

  private static String key(String triggerName) {
    return triggerName.toUpperCase(Locale.ROOT);
  }

  @Override
  public void init(
      Connection connection,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type)
      throws SQLException {
    fault = FAULTS.get(key(triggerName));
    if (fault == null) {
      throw new SQLException("trigger " + triggerName + " was not armed");
    }
    try (ResultSet column =
        connection.getMetaData().getColumns(null, schemaName, tableName, "STATE")) {
      if (!column.next()) {
        throw new SQLException("table " + tableName + " has no column STATE");
      }
      stateColumn = column.getInt("ORDINAL_POSITION") - 1;
    }
  }

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    if (fault.state().equals(newRow[stateColumn]) && fault.hits().incrementAndGet() == 1) {
      throw new SQLException("injected fault: first UPDATE to " + fault.state(), "45000");
    }
  }
}
