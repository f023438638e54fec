package dev.hookline.receiver.spring.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The idempotency store's health on Spring Boot 4 (spring-boot-health). */
final class Boot4StoreHealthIndicator implements HealthIndicator {

  private final StoreHealth health;

  Boot4StoreHealthIndicator(StoreHealth health) {
    this.health = health;
  }

  @Override
  public Health health() {
    StoreHealth.Status status = health.check();
    return (status.up() ? Health.up() : Health.down()).withDetails(status.details()).build();
  }
}
