package dev.hookline.receiver.spring.observability;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The idempotency store's health on Spring Boot 3, whose {@code HealthIndicator} lives in {@code
 * org.springframework.boot.actuate.health}. The starter is compiled against Boot 4, where that type
 * no longer exists, so the indicator is a proxy of the Boot 3 interface built reflectively.
 */
final class Boot3StoreHealthIndicator {

  static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
  private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

  private Boot3StoreHealthIndicator() {}

  static Object create(StoreHealth health, ClassLoader classLoader)
      throws ReflectiveOperationException {
    Class<?> indicator = Class.forName(INDICATOR, false, classLoader);
    Class<?> healthType = Class.forName(HEALTH, false, classLoader);
    Method up = healthType.getMethod("up");
    Method down = healthType.getMethod("down");
    Class<?> builderType = up.getReturnType();
    Method withDetails = builderType.getMethod("withDetails", Map.class);
    Method build = builderType.getMethod("build");
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("health") && method.getParameterCount() == 0) {
            StoreHealth.Status status = health.check();
            Object builder = (status.up() ? up : down).invoke(null);
            withDetails.invoke(builder, status.details());
            return build.invoke(builder);
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return switch (method.getName()) {
            case "toString" -> "Boot3StoreHealthIndicator";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
          };
        };
    return Proxy.newProxyInstance(classLoader, new Class<?>[] {indicator}, handler);
  }
}
