package dev.hookline.receiver.spring.observability;

import dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics (Micrometer), the idempotency store's health and the {@code hookline} actuator endpoint,
 * each when its library is present. Health works on Boot 4 ({@code spring-boot-health}) and Boot 3
 * ({@code spring-boot-actuator}).
 */
@AutoConfiguration(after = HooklineAutoConfiguration.class)
@ConditionalOnBean(HooklineReceivers.class)
public class HooklineObservabilityAutoConfiguration {

  /** Delivery counters and handler timers, tagged by tenant if {@code hookline.metrics} says. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @EnableConfigurationProperties(MetricsProperties.class)
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerListeners hooklineMetrics(
        ObjectProvider<MeterRegistry> registries,
        ObjectProvider<HooklineReceivers> receivers,
        MetricsProperties settings) {
      return new MicrometerListeners(registries, receivers, settings.isTenantTag());
    }
  }

  /** The actuator endpoint listing the webhook endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HooklineEndpoint hooklineEndpoint(HooklineReceivers receivers) {
      return new HooklineEndpoint(receivers);
    }
  }

  /** Health on Boot 4. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hooklineHealthIndicator")
    Boot4StoreHealthIndicator hooklineHealthIndicator(HooklineReceivers receivers) {
      return new Boot4StoreHealthIndicator(new StoreHealth(receivers));
    }
  }

  /** Health on Boot 3. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Boot3StoreHealthIndicator.INDICATOR)
  static class Boot3HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hooklineHealthIndicator")
    static Boot3StoreHealthIndicatorFactory hooklineHealthIndicator(
        ObjectProvider<HooklineReceivers> receivers) {
      return new Boot3StoreHealthIndicatorFactory(receivers);
    }
  }
}
