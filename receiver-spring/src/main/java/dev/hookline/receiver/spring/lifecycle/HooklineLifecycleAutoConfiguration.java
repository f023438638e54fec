package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.signature.SecretStore;
import dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.autoconfigure.LifecycleProperties;
import dev.hookline.receiver.spring.autoconfigure.LuccaProperties;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The Lucca endpoint lifecycle, when {@code dev.hookline:receiver-clients} is present and {@code
 * hookline.providers.lucca.lifecycle.tenants} names a tenant (or a {@link LuccaTenants} bean gives
 * them): {@link HooklineLifecycles} over the application's {@link SecretStore} (the JDBC vault of
 * {@code hookline.vault.*}, or its own bean), the opt-in scheduled reconciliation, and the {@code
 * hooklinelifecycle} actuator endpoint.
 */
@AutoConfiguration(after = HooklineAutoConfiguration.class)
@ConditionalOnClass(name = "dev.hookline.receiver.clients.lifecycle.LuccaLifecycle")
@ConditionalOnBean(HooklineReceivers.class)
@Conditional(HooklineLifecycleAutoConfiguration.OnTenants.class)
public class HooklineLifecycleAutoConfiguration {

  /**
   * The lifecycle of the configured tenants.
   *
   * @throws WebhookConfigurationException if a setting is missing or wrong, or there is no store
   */
  @Bean
  @ConditionalOnMissingBean
  HooklineLifecycles hooklineLifecycles(
      LuccaProperties lucca,
      HooklineProperties properties,
      HooklineReceivers receivers,
      ObjectProvider<SecretStore> store,
      ObjectProvider<LuccaTenants> tenants) {
    return HooklineLifecycles.create(
        lucca.getLifecycle(), properties, receivers, store.getIfUnique(), tenants.getIfUnique());
  }

  /** The periodic reconciliation, when enabled. */
  @Bean
  @ConditionalOnProperty(
      prefix = "hookline.providers.lucca.lifecycle.schedule",
      name = "enabled",
      havingValue = "true")
  HooklineReconciler hooklineReconciler(LuccaProperties lucca, HooklineLifecycles lifecycles) {
    LifecycleProperties.Schedule schedule = lucca.getLifecycle().getSchedule();
    Duration interval = schedule.getInterval();
    if (interval == null || interval.isZero() || interval.isNegative()) {
      String property = HooklineLifecycles.SETTINGS + ".schedule.interval";
      throw new WebhookConfigurationException(
          property, property + " must be positive, but was " + interval);
    }
    return new HooklineReconciler(lifecycles, interval);
  }

  /** The actuator endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HooklineLifecycleEndpoint hooklineLifecycleEndpoint(HooklineLifecycles lifecycles) {
      return new HooklineLifecycleEndpoint(lifecycles);
    }
  }

  /**
   * {@code hookline.providers.lucca.lifecycle.tenants} names at least one tenant, or the
   * application declares {@link LuccaTenants}.
   */
  static final class OnTenants extends AnyNestedCondition {

    OnTenants() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(Named.class)
    static final class ByProperties {}

    @ConditionalOnBean(LuccaTenants.class)
    static final class ByBean {}
  }

  /** {@code hookline.providers.lucca.lifecycle.tenants} names at least one tenant. */
  static final class Named extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      String name = HooklineLifecycles.SETTINGS + ".tenants";
      boolean named =
          Binder.get(context.getEnvironment())
              .bind(name, Bindable.mapOf(String.class, LifecycleProperties.Tenant.class))
              .map(tenants -> !tenants.isEmpty())
              .orElse(false);
      return named
          ? ConditionOutcome.match(name + " names tenants")
          : ConditionOutcome.noMatch(name + " names no tenant");
    }
  }
}
