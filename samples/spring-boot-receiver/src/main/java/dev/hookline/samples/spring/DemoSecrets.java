package dev.hookline.samples.spring;

import dev.hookline.receiver.spring.autoconfigure.EndpointProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The public demo secrets {@code application.yml} falls back on when an endpoint's environment
 * variable is not set, and the startup announcement: the endpoints, and a loud warning for each
 * endpoint that accepts a demo secret. Only the demo secrets are ever printed, never a configured
 * one.
 */
@Component
public class DemoSecrets {

  /** Used when {@code LUCCA_WEBHOOK_SECRET} is not set. Public: never use it for real traffic. */
  public static final String LUCCA = "hookline-DEMO-lucca-secret-NOT-FOR-PRODUCTION";

  /**
   * Used when {@code STANDARD_WEBHOOK_SECRET} is not set: {@code whsec_} + base64 of {@code
   * hookline-demo-key-not-a-secret!!}. Public: never use it for real traffic.
   */
  public static final String STANDARD_WEBHOOKS =
      "whsec_aG9va2xpbmUtZGVtby1rZXktbm90LWEtc2VjcmV0ISE=";

  /** Used when {@code GITHUB_WEBHOOK_SECRET} is not set. Public: never use it for real traffic. */
  public static final String GITHUB = "hookline-DEMO-github-secret-NOT-FOR-PRODUCTION";

  /**
   * Used when {@code STRIPE_WEBHOOK_SECRET} is not set; Stripe keys the HMAC with the whole string.
   * Public: never use it for real traffic.
   */
  public static final String STRIPE = "whsec_hookline-DEMO-stripe-secret-NOT-FOR-PRODUCTION";

  /** Used when {@code ARTA_WEBHOOK_SECRET} is not set. Public: never use it for real traffic. */
  public static final String ARTA = "hookline-DEMO-arta-secret-NOT-FOR-PRODUCTION";

  /**
   * Tenant {@code acme}'s secret at {@code /webhooks/lucca/acme} when {@code
   * LUCCA_TENANT_ACME_SECRET} is not set. Public: never use it for real traffic.
   */
  public static final String LUCCA_ACME = "hookline-DEMO-lucca-acme-secret-NOT-FOR-PRODUCTION";

  /**
   * Tenant {@code globex}'s secret at {@code /webhooks/lucca/globex} when {@code
   * LUCCA_TENANT_GLOBEX_SECRET} is not set. Public: never use it for real traffic.
   */
  public static final String LUCCA_GLOBEX = "hookline-DEMO-lucca-globex-secret-NOT-FOR-PRODUCTION";

  /**
   * An endpoint of {@code application.yml} (and for an endpoint whose path names the tenant, one of
   * its tenants), its environment variable and its demo secret.
   */
  record Demo(String endpoint, @Nullable String tenant, String variable, String secret) {

    /** The secrets the app bound for it; empty when it is not configured. */
    List<String> bound(HooklineProperties properties) {
      EndpointProperties settings = properties.getEndpoints().get(endpoint);
      if (settings == null) {
        return List.of();
      }
      if (tenant == null) {
        return settings.getSecrets();
      }
      EndpointProperties.Tenant tenantSettings = settings.getTenants().get(tenant);
      return tenantSettings == null ? List.of() : tenantSettings.getSecrets();
    }

    /** The path the demo secret is accepted on, the tenant's own for a tenant. */
    String path(HooklineProperties properties) {
      String path = String.valueOf(properties.getEndpoints().get(endpoint).getPath());
      return tenant == null ? path : path.replace("{tenant}", tenant);
    }
  }

  static final List<Demo> DEMOS =
      List.of(
          new Demo("lucca", null, "LUCCA_WEBHOOK_SECRET", LUCCA),
          new Demo("lucca-tenants", "acme", "LUCCA_TENANT_ACME_SECRET", LUCCA_ACME),
          new Demo("lucca-tenants", "globex", "LUCCA_TENANT_GLOBEX_SECRET", LUCCA_GLOBEX),
          new Demo("standard", null, "STANDARD_WEBHOOK_SECRET", STANDARD_WEBHOOKS),
          new Demo("github", null, "GITHUB_WEBHOOK_SECRET", GITHUB),
          new Demo("stripe", null, "STRIPE_WEBHOOK_SECRET", STRIPE),
          new Demo("arta", null, "ARTA_WEBHOOK_SECRET", ARTA));

  private static final Logger log = LoggerFactory.getLogger(DemoSecrets.class);

  private final HooklineProperties properties;

  DemoSecrets(HooklineProperties properties) {
    this.properties = properties;
  }

  /** One warning per endpoint (or tenant) whose bound secrets include its demo secret. */
  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (Demo demo : DEMOS) {
      if (demo.bound(properties).contains(demo.secret())) {
        warnings.add(
            "*** "
                + demo.variable()
                + " is not set: "
                + demo.path(properties)
                + " accepts the public DEMO secret \""
                + demo.secret()
                + "\". Anyone can sign events with it; set "
                + demo.variable()
                + " before receiving real webhooks. ***");
      }
    }
    return warnings;
  }

  /** Once the app is up: where it listens, then the demo-secret warnings, last so they show. */
  @EventListener(ApplicationReadyEvent.class)
  void announce(ApplicationReadyEvent ready) {
    String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port");
    String endpoints =
        properties.getEndpoints().values().stream()
            .map(endpoint -> "POST " + endpoint.getPath())
            .collect(Collectors.joining(", "));
    log.info("Listening on port {}: {}; what was handled: GET /demo/events", port, endpoints);
    warnings().forEach(log::warn);
  }
}
