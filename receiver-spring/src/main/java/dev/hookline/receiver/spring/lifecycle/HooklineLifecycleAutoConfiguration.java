package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.SecretStore;
import dev.hookline.receiver.spring.autoconfigure.ArtaLifecycleProperties;
import dev.hookline.receiver.spring.autoconfigure.ArtaProperties;
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
 * The endpoint lifecycle of Lucca and Arta tenants, when {@code dev.hookline:receiver-clients} is
 * present and {@code hookline.providers.lucca.lifecycle.tenants} or {@code
 * hookline.providers.arta.lifecycle.tenants} names a tenant (or a {@link LuccaTenants} or {@link
 * ArtaTenants} bean gives them): {@link HooklineLifecycles} over the application's {@link
 * SecretStore} (the JDBC vault of {@code hookline.vault.*}, or its own bean), the opt-in scheduled
 * reconciliation of each provider, and the {@code hooklinelifecycle} actuator endpoint.
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
      ArtaProperties arta,
      HooklineProperties properties,
      HooklineReceivers receivers,
      ObjectProvider<SecretStore> store,
      ObjectProvider<LuccaTenants> luccaTenants,
      ObjectProvider<ArtaTenants> artaTenants) {
    return HooklineLifecycles.create(
        lucca.getLifecycle(),
        arta.getLifecycle(),
        arta.getApi().getHost(),
        properties,
        receivers,
        store.getIfUnique(),
        luccaTenants.getIfUnique(),
        artaTenants.getIfUnique());
  }

  /** The periodic reconciliation of the Lucca tenants, when enabled. */
  @Bean
  @ConditionalOnProperty(
      prefix = "hookline.providers.lucca.lifecycle.schedule",
      name = "enabled",
      havingValue = "true")
  HooklineReconciler hooklineReconciler(LuccaProperties lucca, HooklineLifecycles lifecycles) {
    return reconciler(
        lifecycles,
        Lucca.PROVIDER.id(),
        HooklineLifecycles.SETTINGS,
        lucca.getLifecycle().getSchedule());
  }

  /** The periodic check of the Arta tenants' webhooks, when enabled. */
  @Bean
  @ConditionalOnProperty(
      prefix = "hookline.providers.arta.lifecycle.schedule",
      name = "enabled",
      havingValue = "true")
  HooklineReconciler hooklineArtaReconciler(ArtaProperties arta, HooklineLifecycles lifecycles) {
    return reconciler(
        lifecycles,
        Arta.PROVIDER.id(),
        HooklineLifecycles.ARTA_SETTINGS,
        arta.getLifecycle().getSchedule());
  }

  private static HooklineReconciler reconciler(
      HooklineLifecycles lifecycles,
      String provider,
      String settings,
      LifecycleProperties.Schedule schedule) {
    Duration interval = schedule.getInterval();
    if (interval == null || interval.isZero() || interval.isNegative()) {
      String property = settings + ".schedule.interval";
      throw new WebhookConfigurationException(
          property, property + " must be positive, but was " + interval);
    }
    if (!lifecycles.providers().contains(provider)) {
      String property = settings + ".schedule.enabled";
      throw new WebhookConfigurationException(
          property, property + " is true, but " + settings + ".tenants names no tenant");
    }
    return new HooklineReconciler(lifecycles, provider, interval);
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
   * {@code hookline.providers.lucca.lifecycle.tenants} or {@code
   * hookline.providers.arta.lifecycle.tenants} names at least one tenant, or the application
   * declares {@link LuccaTenants} or {@link ArtaTenants}.
   */
  static final class OnTenants extends AnyNestedCondition {

    OnTenants() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(LuccaNamed.class)
    static final class ByLuccaProperties {}

    @ConditionalOnBean(LuccaTenants.class)
    static final class ByLuccaBean {}

    @Conditional(ArtaNamed.class)
    static final class ByArtaProperties {}

    @ConditionalOnBean(ArtaTenants.class)
    static final class ByArtaBean {}
  }

  /** {@code hookline.providers.lucca.lifecycle.tenants} names at least one tenant. */
  static final class LuccaNamed extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return named(context, HooklineLifecycles.SETTINGS, LifecycleProperties.Tenant.class);
    }
  }

  /** {@code hookline.providers.arta.lifecycle.tenants} names at least one tenant. */
  static final class ArtaNamed extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return named(context, HooklineLifecycles.ARTA_SETTINGS, ArtaLifecycleProperties.Tenant.class);
    }
  }

  private static ConditionOutcome named(
      ConditionContext context, String settings, Class<?> tenantType) {
    String name = settings + ".tenants";
    boolean named =
        Binder.get(context.getEnvironment())
            .bind(name, Bindable.mapOf(String.class, tenantType))
            .map(tenants -> !tenants.isEmpty())
            .orElse(false);
    return named
        ? ConditionOutcome.match(name + " names tenants")
        : ConditionOutcome.noMatch(name + " names no tenant");
  }
}
