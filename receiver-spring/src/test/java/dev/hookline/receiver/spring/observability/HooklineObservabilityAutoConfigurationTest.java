package dev.hookline.receiver.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.spring.Deliveries;
import dev.hookline.receiver.spring.RecordingListeners;
import dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.test.TestSigners;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Metrics, health and the actuator endpoint: present with their libraries, backing off for yours.
 */
class HooklineObservabilityAutoConfigurationTest {

  private static final String[] LUCCA = {
    "hookline.endpoints.lucca.path=/webhooks/lucca",
    "hookline.endpoints.lucca.provider=lucca",
    "hookline.endpoints.lucca.secrets[0]=" + TestSigners.LUCCA_SECRET
  };

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class, HooklineObservabilityAutoConfiguration.class));

  @Test
  void metricsCountDeliveriesByEndpointTopicAndOutcome() {
    runner
        .withPropertyValues(LUCCA)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(RecordingListeners.class)
        .run(
            context -> {
              WebhookReceiver lucca =
                  context.getBean(HooklineReceivers.class).receiver("lucca").orElseThrow();
              SignedRequests signed = Deliveries.lucca("m1", "employee.updated");
              lucca.receive(signed.path("/").build());
              lucca.receive(signed.path("/").build());
              MeterRegistry registry = context.getBean(MeterRegistry.class);

              assertThat(
                      registry
                          .get("hookline.deliveries")
                          .tags(
                              "endpoint",
                              "lucca",
                              "topic",
                              "employee.updated",
                              "outcome",
                              "handled")
                          .counter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(
                      registry
                          .get("hookline.deliveries")
                          .tags("outcome", "duplicate")
                          .counter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(
                      registry
                          .get("hookline.handler.duration")
                          .tags("endpoint", "lucca", "outcome", "handled")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void observabilityBeansArePresentAndBackOffForUserBeans() {
    runner
        .withPropertyValues(LUCCA)
        .run(
            context -> {
              assertThat(context).hasBean("hooklineHealthIndicator");
              assertThat(context).hasSingleBean(HooklineEndpoint.class);
              assertThat(context).hasSingleBean(MicrometerListeners.class);
            });
    HooklineEndpoint mine = new HooklineEndpoint(null);
    runner
        .withPropertyValues(LUCCA)
        .withBean(HooklineEndpoint.class, () -> mine)
        .run(context -> assertThat(context.getBean(HooklineEndpoint.class)).isSameAs(mine));
  }

  @Test
  void withoutMicrometerOrActuatorTheirBeansBackOff() {
    runner
        .withPropertyValues(LUCCA)
        .withClassLoader(
            new org.springframework.boot.test.context.FilteredClassLoader(
                MeterRegistry.class,
                org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(MicrometerListeners.class);
              assertThat(context).doesNotHaveBean(HooklineEndpoint.class);
              assertThat(context.getBean(HooklineReceivers.class).receiver("lucca")).isPresent();
            });
  }
}
