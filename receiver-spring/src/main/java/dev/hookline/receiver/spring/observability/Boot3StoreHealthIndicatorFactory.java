package dev.hookline.receiver.spring.observability;

import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Exposes {@link Boot3StoreHealthIndicator} with its real type, so Boot 3 finds it as a health
 * contributor.
 */
final class Boot3StoreHealthIndicatorFactory implements FactoryBean<Object> {

  private final ObjectProvider<HooklineReceivers> receivers;
  private final ClassLoader classLoader = Boot3StoreHealthIndicatorFactory.class.getClassLoader();

  /** Lazy: Spring creates factory beans early to learn their type, before the receivers exist. */
  Boot3StoreHealthIndicatorFactory(ObjectProvider<HooklineReceivers> receivers) {
    this.receivers = receivers;
  }

  @Override
  public Object getObject() throws ReflectiveOperationException {
    return Boot3StoreHealthIndicator.create(new StoreHealth(receivers.getObject()), classLoader);
  }

  @Override
  public @Nullable Class<?> getObjectType() {
    try {
      return Class.forName(Boot3StoreHealthIndicator.INDICATOR, false, classLoader);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
