package dev.hookline.receiver.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wraps a data source and counts the round trips its connections make on the store's behalf:
 * statements executed (a failing one too), and commits and rollbacks. Statements prepared are
 * counted apart.
 */
final class CountingDataSource {

  private static final Set<String> PREPARES =
      Set.of("prepareStatement", "prepareCall", "createStatement");
  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");
  private static final Set<String> TRANSACTION_ENDS = Set.of("commit", "rollback");

  private final AtomicInteger prepared = new AtomicInteger();
  private final AtomicInteger executed = new AtomicInteger();
  private final AtomicInteger transactionEnds = new AtomicInteger();
  private final DataSource dataSource;

  CountingDataSource(DataSource target) {
    this.dataSource = proxy(DataSource.class, target);
  }

  DataSource dataSource() {
    return dataSource;
  }

  int prepared() {
    return prepared.get();
  }

  /** Statements executed plus commits and rollbacks. */
  int roundTrips() {
    return executed.get() + transactionEnds.get();
  }

  void reset() {
    prepared.set(0);
    executed.set(0);
    transactionEnds.set(0);
  }

  private <T> T proxy(Class<T> type, T target) {
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              count(method);
              Object result = ConnectionHooks.forward(target, method, args);
              return wrap(method, result);
            }));
  }

  private void count(Method method) {
    String name = method.getName();
    if (PREPARES.contains(name)) {
      prepared.incrementAndGet();
    } else if (EXECUTIONS.contains(name)) {
      executed.incrementAndGet();
    } else if (TRANSACTION_ENDS.contains(name)) {
      transactionEnds.incrementAndGet();
    }
  }

  private Object wrap(Method method, Object result) {
    if (result instanceof Connection connection) {
      return proxy(Connection.class, connection);
    }
    if (result instanceof Statement statement && PREPARES.contains(method.getName())) {
      @SuppressWarnings("unchecked")
      Class<Statement> type = (Class<Statement>) method.getReturnType();
      return proxy(type, statement);
    }
    return result;
  }
}
