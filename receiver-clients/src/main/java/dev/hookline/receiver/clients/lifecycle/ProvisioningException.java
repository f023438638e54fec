package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.core.WebhookException;
import java.util.Objects;

/**
 * A secret the provider had just shown could not be stored, so the endpoint it belongs to was
 * deleted ({@link #endpointDeleted()}), or could not be deleted either. No endpoint that nothing
 * can verify is left behind silently: when it could not be deleted, provisioning the tenant again
 * finds it without a stored secret and replaces it. The message names the tenant and the endpoint,
 * never the secret; the cause is the store's failure.
 */
public final class ProvisioningException extends WebhookException {

  private static final long serialVersionUID = 1L;

  private final String tenant;
  private final String endpointId;
  private final boolean endpointDeleted;

  ProvisioningException(
      String tenant, String endpointId, boolean endpointDeleted, String message, Throwable cause) {
    super(message, Objects.requireNonNull(cause, "cause"));
    this.tenant = tenant;
    this.endpointId = endpointId;
    this.endpointDeleted = endpointDeleted;
  }

  /** The tenant being provisioned. */
  public String tenant() {
    return tenant;
  }

  /** The provider's id of the endpoint (Lucca) or webhook (Arta) created. */
  public String endpointId() {
    return endpointId;
  }

  /**
   * Whether the endpoint was deleted; if not, it is still at the provider, without a stored secret,
   * until the tenant is provisioned again.
   */
  public boolean endpointDeleted() {
    return endpointDeleted;
  }
}
