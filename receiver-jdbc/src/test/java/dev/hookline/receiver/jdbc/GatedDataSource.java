package dev.hookline.receiver.jdbc;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Wraps a data source and, once armed, holds the next connection request until opened: a store call
 * then waits inside its statement's batch while the test lines up other calls behind it.
 */
final class GatedDataSource {

  private final AtomicReference<CountDownLatch> armed = new AtomicReference<>();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final DataSource dataSource;

  GatedDataSource(DataSource target) {
    this.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                GatedDataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection") && armed.getAndSet(null) != null) {
                    held.countDown();
                    if (!open.await(60, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("the gate was never opened");
                    }
                  }
                  return ConnectionHooks.forward(target, method, args);
                });
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Holds the next connection request until {@link #open()}. */
  void arm() {
    armed.set(open);
  }

  /** Waits until a connection request is held. */
  void awaitHeld() throws InterruptedException {
    if (!held.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no connection request within 60 s");
    }
  }

  /** Lets the held request and every later one through. */
  void open() {
    open.countDown();
  }
}
