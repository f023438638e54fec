package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.clients.lifecycle.ProvisioningException;
import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.clients.replay.ReplayReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code hooklinelifecycle} actuator endpoint: a read lists the managed endpoint and its
 * configured tenants; a write ({@code POST /actuator/hooklinelifecycle/{tenant}} with {@code
 * {"action": "provision"}}, {@code "reconcile"} or {@code "deprovision"}) runs the action for one
 * tenant and answers its report. Like {@code hooklinereplay}, it is not exposed unless the
 * application exposes it ({@code management.endpoints.web.exposure.include}), and it changes
 * endpoints at Lucca: secure it (e.g. HTTP Basic with Spring Security on {@code
 * /actuator/hooklinelifecycle}). An unknown tenant or action is answered 400.
 */
@Endpoint(id = "hooklinelifecycle")
public class HooklineLifecycleEndpoint {

  private final HooklineLifecycles lifecycles;

  HooklineLifecycleEndpoint(HooklineLifecycles lifecycles) {
    this.lifecycles = lifecycles;
  }

  /** The managed endpoint and its configured tenants. */
  @ReadOperation
  public Map<String, Object> tenants() {
    return Map.of(
        "provider", "lucca",
        "endpoint", lifecycles.endpoint(),
        "tenants", lifecycles.tenants().stream().sorted().toList());
  }

  /**
   * Provisions, reconciles or deprovisions one tenant.
   *
   * @param tenant a configured tenant's id
   * @param action {@code provision}, {@code reconcile} or {@code deprovision}
   * @return the report: tenant, outcome, endpointId, secretId, detail and, after a reactivation,
   *     replay (replayed, alreadyHandled, failed); never a secret
   * @throws InvalidEndpointRequestException (400) if the tenant or the action is unknown
   */
  @WriteOperation
  @SuppressWarnings("NullAway") // exceptions here always have a message
  public Map<String, Object> run(@Selector String tenant, String action) {
    if (!lifecycles.knows(tenant)) {
      String message =
          "unknown tenant \"" + tenant + "\": configured are " + tenants().get("tenants");
      throw new InvalidEndpointRequestException(message, message);
    }
    TenantReport report;
    try {
      report =
          switch (action.toLowerCase(Locale.ROOT)) {
            case "provision" -> lifecycles.lucca().provision(tenant);
            case "reconcile" -> lifecycles.lucca().reconcile(tenant);
            case "deprovision" -> lifecycles.lucca().deprovision(tenant);
            default -> {
              String message =
                  "action must be provision, reconcile or deprovision, but was " + action;
              throw new InvalidEndpointRequestException(message, message);
            }
          };
    } catch (ProvisioningException e) {
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("tenant", tenant);
      failed.put("outcome", "FAILED");
      failed.put("endpointId", e.endpointId());
      failed.put("endpointDeleted", e.endpointDeleted());
      failed.put("detail", e.getMessage());
      return failed;
    }
    return map(report);
  }

  static Map<String, Object> map(TenantReport report) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tenant", report.tenant());
    result.put("outcome", report.outcome().name());
    if (report.endpointId() != null) {
      result.put("endpointId", report.endpointId());
    }
    if (report.secretId() != null) {
      result.put("secretId", report.secretId());
    }
    result.put("detail", report.detail());
    report
        .replayReport()
        .ifPresent(
            (ReplayReport replay) ->
                result.put(
                    "replay",
                    Map.of(
                        "replayed", replay.replayed(),
                        "alreadyHandled", replay.alreadyHandled(),
                        "failed", replay.failed())));
    return result;
  }
}
