package dev.hookline.receiver.spring.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Hookline's metrics, {@code hookline.metrics}. */
@ConfigurationProperties(prefix = "hookline.metrics")
public class MetricsProperties {

  /**
   * Whether the delivery counter and handler timer also carry a tenant tag, the tenant whose
   * secrets verified the event (none on endpoints without tenants, and on every rejected request,
   * whose tenant is whatever its sender wrote). Default false: one series per tenant can be many
   * series.
   */
  private boolean tenantTag;

  public boolean isTenantTag() {
    return tenantTag;
  }

  public void setTenantTag(boolean tenantTag) {
    this.tenantTag = tenantTag;
  }
}
