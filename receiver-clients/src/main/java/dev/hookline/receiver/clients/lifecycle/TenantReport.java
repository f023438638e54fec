package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.clients.replay.ReplayReport;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one lifecycle operation did for one tenant. Holds ids and statuses, never a secret.
 *
 * @param tenant the tenant
 * @param outcome what was found and done
 * @param endpointId the provider's id of the tenant's endpoint (Lucca) or webhook (Arta), or null
 *     when there is none
 * @param secretId the id of the secret stored by this operation, or null when none was stored
 * @param replay what the replay after a reactivation did, or null when there was none
 * @param detail a short, human-readable account, e.g. the endpoint's status or an API error
 */
public record TenantReport(
    String tenant,
    Outcome outcome,
    @Nullable String endpointId,
    @Nullable String secretId,
    @Nullable ReplayReport replay,
    String detail) {

  /** Checks the required parts. */
  public TenantReport {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** The replay's report, present when the operation reactivated an endpoint. */
  public Optional<ReplayReport> replayReport() {
    return Optional.ofNullable(replay);
  }

  /** What a lifecycle operation found and did. */
  public enum Outcome {
    /** Provisioning created the endpoint and stored its secret. */
    CREATED,
    /** Provisioning found the endpoint and the tenant's secrets already there: nothing done. */
    ALREADY_PROVISIONED,
    /**
     * Provisioning found the endpoint but no stored secret, so nothing could verify its deliveries:
     * a Lucca endpoint was deleted and created again, an Arta webhook's secret token was reset; the
     * new secret is stored.
     */
    REPAIRED,
    /** Reconciling found the endpoint active (Arta: present): nothing done. */
    ACTIVE,
    /** Reconciling found the endpoint suspended, reactivated it and replayed what failed. */
    REACTIVATED,
    /** Reconciling found the endpoint inactive (events dropped): reported, nothing done. */
    INACTIVE,
    /** Reconciling found the endpoint in a status this version does not know: reported. */
    UNKNOWN_STATUS,
    /** Reconciling found no endpoint at the tenant's URL: reported, nothing done. */
    MISSING,
    /** Reconciling failed: the API or the tenant lookup failed; the detail says why. */
    FAILED,
    /** Rotation stored a new secret beside the old ones, which still verify until retired. */
    ROTATED,
    /** Deprovisioning deleted the endpoint (if there was one), then the tenant's secrets. */
    DEPROVISIONED
  }
}
