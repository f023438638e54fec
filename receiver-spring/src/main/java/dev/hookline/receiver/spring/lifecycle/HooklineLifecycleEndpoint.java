package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.clients.lifecycle.ProvisioningException;
import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.clients.replay.ReplayReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code hooklinelifecycle} actuator endpoint: a read lists each configured provider's managed
 * endpoint and tenants; a write ({@code POST /actuator/hooklinelifecycle/{tenant}} with {@code
 * {"action": "provision"}}) runs an action for one tenant and answers its report. Lucca's actions
 * are {@code provision}, {@code reconcile} and {@code deprovision}; Arta's also {@code rotate} and
 * {@code retire} (with {@code "keep"}, the secret id to keep, e.g. the one a rotation answered).
 * The body's {@code "provider"} ({@code lucca} or {@code arta}) is needed only when the tenant id
 * is configured for both. Like {@code hooklinereplay}, it is not exposed unless the application
 * exposes it ({@code management.endpoints.web.exposure.include}), and it changes endpoints at the
 * providers: secure it (e.g. HTTP Basic with Spring Security on {@code
 * /actuator/hooklinelifecycle}). An unknown provider, tenant or action, or a missing choice, is
 * answered 400. No answer holds a secret.
 */
@Endpoint(id = "hooklinelifecycle")
public class HooklineLifecycleEndpoint {

  private final HooklineLifecycles lifecycles;

  HooklineLifecycleEndpoint(HooklineLifecycles lifecycles) {
    this.lifecycles = lifecycles;
  }

  /**
   * The managed endpoints and their configured tenants: with one provider configured, its {@code
   * provider}, {@code endpoint} and {@code tenants}; with both, {@code providers}, a list of those.
   */
  @ReadOperation
  public Map<String, Object> tenants() {
    List<Map<String, Object>> providers =
        lifecycles.providers().stream().map(this::provider).toList();
    return providers.size() == 1 ? providers.get(0) : Map.of("providers", providers);
  }

  private Map<String, Object> provider(String provider) {
    return Map.of(
        "provider", provider,
        "endpoint", lifecycles.endpoint(provider).orElseThrow(),
        "tenants", lifecycles.tenants(provider).stream().sorted().toList());
  }

  /**
   * Runs an action for one tenant; the same as {@link #run(String, String, String, String)} without
   * provider and kept secret.
   */
  public Map<String, Object> run(String tenant, String action) {
    return run(tenant, action, null, null);
  }

  /**
   * Runs an action for one tenant.
   *
   * @param tenant a configured tenant's id
   * @param action {@code provision}, {@code reconcile} or {@code deprovision}; for Arta also {@code
   *     rotate} and {@code retire}
   * @param provider {@code lucca} or {@code arta}; null to take the only provider the tenant is
   *     configured for
   * @param keep with {@code retire}, the id of the secret to keep
   * @return the report: tenant, outcome, endpointId, secretId, detail and, after a reactivation,
   *     replay (replayed, alreadyHandled, failed); for {@code retire}, tenant, kept and retired
   *     (the number of secrets retired); never a secret
   * @throws InvalidEndpointRequestException (400) if the provider, tenant or action is unknown, the
   *     tenant is configured for both providers and none is named, or {@code keep} is missing or
   *     unknown
   */
  @WriteOperation
  // Boot 3.5 recognises only Spring's own @Nullable here; exceptions here always have a message.
  @SuppressWarnings({"deprecation", "NullAway"})
  public Map<String, Object> run(
      @Selector String tenant,
      String action,
      @org.springframework.lang.Nullable String provider,
      @org.springframework.lang.Nullable String keep) {
    String chosen = provider(tenant, provider);
    String verb = action.toLowerCase(Locale.ROOT);
    if (chosen.equals("arta") && verb.equals("retire")) {
      return retire(tenant, keep);
    }
    TenantReport report;
    try {
      if (chosen.equals("arta")) {
        report =
            switch (verb) {
              case "provision" -> lifecycles.arta().provision(tenant);
              case "reconcile" -> lifecycles.arta().reconcile(tenant);
              case "rotate" -> lifecycles.arta().rotate(tenant);
              case "deprovision" -> lifecycles.arta().deprovision(tenant);
              default ->
                  throw invalid(
                      "action must be provision, reconcile, rotate, retire or deprovision, but was "
                          + action);
            };
      } else {
        report =
            switch (verb) {
              case "provision" -> lifecycles.lucca().provision(tenant);
              case "reconcile" -> lifecycles.lucca().reconcile(tenant);
              case "deprovision" -> lifecycles.lucca().deprovision(tenant);
              default ->
                  throw invalid(
                      "action must be provision, reconcile or deprovision, but was " + action);
            };
      }
    } catch (ProvisioningException e) {
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("tenant", tenant);
      failed.put("outcome", "FAILED");
      failed.put("endpointId", e.endpointId());
      failed.put("endpointDeleted", e.endpointDeleted());
      failed.put("detail", e.getMessage());
      return failed;
    } catch (IllegalStateException e) {
      // Arta's rotate without a webhook at the tenant's URL; the message names the URL only.
      throw invalid(e.getMessage());
    }
    return map(report);
  }

  @SuppressWarnings("NullAway") // an IllegalArgumentException of retireOtherSecrets has a message
  private Map<String, Object> retire(String tenant, @Nullable String keep) {
    if (keep == null || keep.isBlank()) {
      throw invalid("retire needs \"keep\", the id of the secret to keep");
    }
    int retired;
    try {
      retired = lifecycles.arta().retireOtherSecrets(tenant, keep);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tenant", tenant);
    result.put("kept", keep);
    result.put("retired", retired);
    return result;
  }

  /** The named provider, or the only one the tenant is configured for. */
  private String provider(String tenant, @Nullable String provider) {
    List<String> providers = lifecycles.providers();
    if (provider != null) {
      String named = provider.toLowerCase(Locale.ROOT);
      if (!providers.contains(named)) {
        throw invalid("provider must be one of " + providers + ", but was " + provider);
      }
      if (!lifecycles.knows(named, tenant)) {
        throw invalid(
            "unknown "
                + named
                + " tenant \""
                + tenant
                + "\": configured are "
                + lifecycles.tenants(named).stream().sorted().toList());
      }
      return named;
    }
    List<String> knowing =
        providers.stream().filter(candidate -> lifecycles.knows(candidate, tenant)).toList();
    if (knowing.isEmpty()) {
      throw invalid(
          "unknown tenant \""
              + tenant
              + "\": configured are "
              + new TreeSet<>(lifecycles.tenants()).stream().toList());
    }
    if (knowing.size() > 1) {
      throw invalid(
          "tenant \""
              + tenant
              + "\" is configured for "
              + String.join(" and ", knowing)
              + ": name one as \"provider\"");
    }
    return knowing.get(0);
  }

  private static InvalidEndpointRequestException invalid(String message) {
    return new InvalidEndpointRequestException(message, message);
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
