package dev.hookline.receiver.spring.listener;

import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.jdbc.JdbcIdempotencyStore;
import java.sql.Connection;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a {@code @Transactional} listener method in a transaction of the application's transaction
 * manager that first inserts the listener's mark in the JDBC store's table ({@link
 * JdbcIdempotencyStore#markApplied}): the method's own {@code @Transactional} joins it, so its
 * effects commit together with the mark, and a retry after a crash or a failed completion finds the
 * mark and does not run the method again.
 */
final class TransactionalListener implements EventHandler {

  private final String name;
  private final ListenerInvoker invoker;
  private final JdbcIdempotencyStore store;
  private final DataSource dataSource;
  private final TransactionTemplate transactions;

  TransactionalListener(
      String name,
      ListenerInvoker invoker,
      JdbcIdempotencyStore store,
      DataSource dataSource,
      PlatformTransactionManager transactionManager) {
    this.name = name;
    this.invoker = invoker;
    this.store = store;
    this.dataSource = dataSource;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @Override
  public void handle(WebhookEvent event) throws Exception {
    try {
      transactions.executeWithoutResult(
          status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
              if (store.markApplied(name, event, connection)) {
                invoker.handle(event);
              }
            } catch (Exception e) {
              // Rolls back the mark and the effects, whatever the method's own rollback rules.
              throw new Failed(e);
            } finally {
              DataSourceUtils.releaseConnection(connection, dataSource);
            }
          });
    } catch (Failed e) {
      throw e.failure;
    }
  }

  @Override
  public @Nullable Class<?> dataType() {
    return invoker.dataType();
  }

  @Override
  public String toString() {
    return invoker + " (exactly once, mark " + name + ")";
  }

  /** Carries the method's exception out of the transaction callback. */
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Exception failure;

    Failed(Exception failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }
}
