package dev.hookline.receiver.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Test proxies over JDBC: a data source whose connections show each call to a hook first. */
final class ConnectionHooks {

  /** Sees a call to a connection before it goes on to the connection itself. */
  @FunctionalInterface
  interface Hook {
    void before(Connection target, Method method, Object @Nullable [] args) throws Throwable;
  }

  private ConnectionHooks() {}

  /** The data source, whose connections call the hook before each of their methods. */
  static DataSource hooked(DataSource target, Hook hook) {
    ClassLoader loader = ConnectionHooks.class.getClassLoader();
    return (DataSource)
        Proxy.newProxyInstance(
            loader,
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = forward(target, method, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  loader,
                  new Class<?>[] {Connection.class},
                  (connectionProxy, call, callArgs) -> {
                    hook.before(connection, call, callArgs);
                    return forward(connection, call, callArgs);
                  });
            });
  }

  /** Calls the method on the target, throwing what the method threw. */
  static @Nullable Object forward(Object target, Method method, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
