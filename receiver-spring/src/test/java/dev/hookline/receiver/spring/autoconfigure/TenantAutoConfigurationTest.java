package dev.hookline.receiver.spring.autoconfigure;

import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Endpoints whose path names the tenant: where their secrets come from, and every mistake. */
class TenantAutoConfigurationTest {

  private static final String PATH = "hookline.endpoints.customers.path=/webhooks/lucca/{tenant}";
  private static final String PROVIDER = "hookline.endpoints.customers.provider=lucca";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class, HooklineObservabilityAutoConfiguration.class));

  private static SignedRequests signed(String secret, String tenant) {
    return SignedRequests.lucca(secret)
        .event(LuccaFixtures.employeeUpdated().id("e-" + tenant))
        .path("/webhooks/lucca/" + tenant);
  }

  private static int status(WebhookReceiver receiver, SignedRequests signed, String tenant) {
    return receiver
        .receive(
            dev.hookline.receiver.core.WebhookRequest.builder()
                .path(signed.path())
                .headers(
                    signed.headers().entrySet().stream()
                        .collect(
                            java.util.stream.Collectors.toMap(
                                java.util.Map.Entry::getKey, e -> List.of(e.getValue()))))
                .body(signed.body())
                .tenant(tenant)
                .build())
        .status();
  }

  @Test
  void tenantsFromPropertiesEachVerifyTheirOwnRequestsOnly() {
    runner
        .withPropertyValues(
            PATH,
            PROVIDER,
            "hookline.endpoints.customers.tenants.acme.secrets[0]=acme-old",
            "hookline.endpoints.customers.tenants.acme.secrets[1]=acme-new",
            "hookline.endpoints.customers.tenants.[globex.eu].secrets[0]=globex-secret")
        .run(
            context -> {
              HooklineReceivers receivers = context.getBean(HooklineReceivers.class);
              WebhookReceiver receiver = receivers.receiver("customers").orElseThrow();

              assertThat(receiver.hasTenants()).isTrue();
              assertThat(receivers.hasTenants("customers")).isTrue();
              assertThat(status(receiver, signed("acme-old", "acme"), "acme")).isEqualTo(200);
              assertThat(status(receiver, signed("acme-new", "x1"), "acme")).isEqualTo(200);
              assertThat(status(receiver, signed("globex-secret", "g"), "globex.eu"))
                  .isEqualTo(200);
              assertThat(status(receiver, signed("acme-new", "x2"), "globex.eu")).isEqualTo(401);
            });
  }

  @Test
  void withoutTenantPropertiesTheApplicationsSecretSourceBeanGivesTheSecrets() {
    List<String> asked = new CopyOnWriteArrayList<>();
    SecretSource source =
        (endpoint, tenant) -> {
          asked.add(endpoint + "/" + tenant);
          return tenant.equals("acme") ? List.of("from-the-vault") : List.of();
        };
    runner
        .withPropertyValues(PATH, PROVIDER)
        .withBean(SecretSource.class, () -> source)
        .run(
            context -> {
              WebhookReceiver receiver =
                  context.getBean(HooklineReceivers.class).receiver("customers").orElseThrow();

              assertThat(status(receiver, signed("from-the-vault", "acme"), "acme")).isEqualTo(200);
              assertThat(status(receiver, signed("from-the-vault", "o"), "other")).isEqualTo(401);
              assertThat(asked).containsExactly("customers/acme", "customers/other");
            });
  }

  @Test
  void eachMistakeFailsStartupNamingItsProperty() {
    String tenants = "hookline.endpoints.customers.tenants";
    assertFailure(
        tenants,
        "hookline.endpoints.customers.tenants must give each tenant's secrets"
            + " (tenants.<id>.secrets[0]=…), or the application one SecretSource bean, for the path"
            + " \"/webhooks/lucca/{tenant}\"",
        PATH,
        PROVIDER);
    assertFailure(
        tenants,
        "hookline.endpoints.customers.tenants needs a path ending in /{tenant}, but"
            + " hookline.endpoints.customers.path is \"/webhooks/lucca\"",
        "hookline.endpoints.customers.path=/webhooks/lucca",
        PROVIDER,
        tenants + ".acme.secrets[0]=s");
    assertFailure(
        "hookline.endpoints.customers.secrets",
        "hookline.endpoints.customers.secrets must not be set on a path naming the tenant: give"
            + " each tenant's secrets in tenants.<id>.secrets, or a SecretSource bean",
        PATH,
        PROVIDER,
        "hookline.endpoints.customers.secrets=s",
        tenants + ".acme.secrets[0]=s");
    assertFailure(
        tenants + ".acme.secrets",
        "hookline.endpoints.customers.tenants.acme.secrets must list at least one secret",
        PATH,
        PROVIDER,
        tenants + ".acme.secrets=");
    assertFailure(
        tenants,
        "hookline.endpoints.customers.tenants: tenant id must be 1 to 64 ASCII letters, digits,"
            + " '.', '_' or '-', starting with a letter or a digit, but was \"_acme\"",
        PATH,
        PROVIDER,
        tenants + "._acme.secrets[0]=s");
    assertFailure(
        tenants,
        "hookline.endpoints.customers.tenants: secret #1 of tenant globex is also a secret of"
            + " tenant acme: each would verify the other's requests",
        PATH,
        PROVIDER,
        tenants + ".acme.secrets[0]=same",
        tenants + ".globex.secrets[0]=same");
    assertFailure(
        "hookline.endpoints.customers.verifier.type",
        "hookline.endpoints.customers.verifier.type must be hmac on a path naming the tenant:"
            + " unsigned requests cannot tell tenants apart",
        PATH,
        "hookline.endpoints.customers.provider=arta",
        "hookline.endpoints.customers.verifier.type=unverified",
        "hookline.endpoints.customers.verifier.reason=test",
        tenants + ".acme.secrets[0]=s");
    assertFailure(
        "hookline.endpoints.customers",
        "hookline.endpoints.customers: endpoint path \"/webhooks/{tenant}/lucca\" may hold only"
            + " {tenant}, and only as its last segment after a fixed prefix, e.g."
            + " \"/webhooks/lucca/{tenant}\"",
        "hookline.endpoints.customers.path=/webhooks/{tenant}/lucca",
        PROVIDER,
        "hookline.endpoints.customers.secrets=s");
  }

  @Test
  void aCustomHmacEndpointCanNameTheTenant() {
    runner
        .withPropertyValues(
            PATH,
            "hookline.endpoints.customers.provider=custom",
            "hookline.endpoints.customers.verifier.type=hmac",
            "hookline.endpoints.customers.verifier.header=X-Signature",
            "hookline.endpoints.customers.tenants.acme.secrets[0]=s")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(HooklineReceivers.class)
                            .receiver("customers")
                            .orElseThrow()
                            .hasTenants())
                    .isTrue());
  }

  @Test
  void metricsCarryNoTenantTagUnlessAskedFor() {
    runner
        .withPropertyValues(PATH, PROVIDER, "hookline.endpoints.customers.tenants.acme.secrets=s")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              WebhookReceiver receiver =
                  context.getBean(HooklineReceivers.class).receiver("customers").orElseThrow();
              status(receiver, signed("s", "acme"), "acme");

              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .get("hookline.deliveries")
                          .tags("endpoint", "customers", "outcome", "ignored")
                          .counter()
                          .getId()
                          .getTag("tenant"))
                  .isNull();
            });
  }

  private void assertFailure(String setting, String message, String... properties) {
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(configurationFailure(context).setting()).hasValue(setting);
              assertThat(configurationFailure(context)).hasMessage(message);
            });
  }
}
