package dev.hookline.receiver.spring.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.lifecycle.LuccaTenant;
import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code hookline.providers.lucca.lifecycle.*} in a real context: tenants from properties,
 * provisioned and deprovisioned through the actuator endpoint against Lucca on WireMock, their
 * secrets in the JDBC vault on H2.
 */
class HooklineLifecycleAutoConfigurationTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String ENDPOINTS = "/lucca-api/webhook-endpoints";
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final String URL = "https://hooks.example.com/webhooks/lucca/acme";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class,
                  HooklineObservabilityAutoConfiguration.class,
                  HooklineLifecycleAutoConfiguration.class))
          .withBean(DataSource.class, HooklineLifecycleAutoConfigurationTest::h2)
          .withPropertyValues(
              "hookline.endpoints.customers.path=/webhooks/lucca/{tenant}",
              "hookline.endpoints.customers.provider=lucca",
              "hookline.vault.keys.k1=" + KEY,
              "hookline.vault.current-key=k1",
              "hookline.vault.create-table=true",
              "hookline.vault.cache-max-age=1ms");

  private static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:lifecycle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  private static String[] acme() {
    return new String[] {
      "hookline.providers.lucca.lifecycle.topics[0]=employee.*",
      "hookline.providers.lucca.lifecycle.token-url=" + wm.baseUrl() + "/connect/token",
      "hookline.providers.lucca.lifecycle.tenants.acme.host=" + wm.baseUrl(),
      "hookline.providers.lucca.lifecycle.tenants.acme.client-id=acme-client",
      "hookline.providers.lucca.lifecycle.tenants.acme.client-secret=acme-client-secret",
      "hookline.providers.lucca.lifecycle.tenants.acme.webhook-url=" + URL
    };
  }

  private static String endpoint(String status) {
    return "{\"id\":\"ep-1\",\"type\":\"webhook-endpoint\",\"url\":\"u\",\"apiVersion\":"
        + "\"2024-11-01\",\"webhookUrl\":\""
        + URL
        + "\",\"topics\":[\"employee.*\"],\"status\":\""
        + status
        + "\",\"contentType\":\"default\"}";
  }

  private static void stubLucca(boolean listed) {
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .willReturn(
                okJson("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(
                    "{\"type\":\"webhook-endpoints\",\"items\":["
                        + (listed ? endpoint("active") : "")
                        + "],\"links\":{\"next\":null}}")));
  }

  private static int status(WebhookReceiver receiver, String secret) {
    SignedRequests signed =
        SignedRequests.lucca(secret)
            .event(LuccaFixtures.employeeUpdated().id("e-" + UUID.randomUUID()))
            .path("/webhooks/lucca/acme");
    WebhookRequest.Builder request =
        WebhookRequest.builder().method("POST").path(signed.path()).tenant("acme");
    signed.headers().forEach(request::header);
    return receiver.receive(request.body(signed.body()).build()).status();
  }

  @Test
  void theActuatorEndpointProvisionsAndDeprovisionsAConfiguredTenant() {
    stubLucca(false);
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(endpoint("active").replaceFirst("^\\{", "{\"secret\":\"acme-secret\","))));
    wm.stubFor(delete(urlEqualTo(ENDPOINTS + "/ep-1")).willReturn(aResponse().withStatus(204)));
    runner
        .withPropertyValues(acme())
        .run(
            context -> {
              HooklineLifecycleEndpoint endpoint = context.getBean(HooklineLifecycleEndpoint.class);
              JdbcSecretVault vault = context.getBean(JdbcSecretVault.class);
              WebhookReceiver receiver =
                  context.getBean(HooklineReceivers.class).receiver("customers").orElseThrow();
              assertThat(endpoint.tenants())
                  .isEqualTo(
                      Map.of(
                          "provider",
                          "lucca",
                          "endpoint",
                          "customers",
                          "tenants",
                          List.of("acme")));

              Map<String, Object> provisioned = endpoint.run("acme", "provision");

              assertThat(provisioned)
                  .containsEntry("tenant", "acme")
                  .containsEntry("outcome", "CREATED")
                  .containsEntry("endpointId", "ep-1")
                  .doesNotContainValue("acme-secret");
              assertThat(vault.secrets("customers", "acme")).containsExactly("acme-secret");
              Thread.sleep(5); // past the secret cache's 1 ms
              assertThat(status(receiver, "acme-secret")).isEqualTo(200);

              stubLucca(true);
              Map<String, Object> deprovisioned = endpoint.run("acme", "deprovision");

              assertThat(deprovisioned)
                  .containsEntry("outcome", "DEPROVISIONED")
                  .containsEntry("detail", "endpoint ep-1 deleted; 1 secret(s) deleted");
              wm.verify(1, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-1")));
              assertThat(vault.secrets("customers", "acme")).isEmpty();
              Thread.sleep(5);
              assertThat(status(receiver, "acme-secret")).isEqualTo(401);

              assertThatThrownBy(() -> endpoint.run("globex", "provision"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("unknown tenant \"globex\": configured are [acme]");
              assertThatThrownBy(() -> endpoint.run("acme", "rotate"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("action must be provision, reconcile or deprovision, but was rotate");
            });
  }

  @Test
  void theOptInScheduleReconcilesEveryProvisionedTenant() {
    stubLucca(true);
    runner
        .withPropertyValues(acme())
        .withPropertyValues(
            "hookline.providers.lucca.lifecycle.schedule.enabled=true",
            "hookline.providers.lucca.lifecycle.schedule.interval=1h")
        .run(
            context -> {
              HooklineReconciler reconciler = context.getBean(HooklineReconciler.class);
              assertThat(reconciler.interval()).isEqualTo(Duration.ofHours(1));
              assertThat(reconciler.isRunning()).isTrue();
              context.getBean(JdbcSecretVault.class).add("customers", "acme", "acme-secret");

              reconciler.run();

              wm.verify(1, getRequestedFor(urlEqualTo(ENDPOINTS)));
              assertThat(context.getBean(HooklineLifecycles.class).reconcileAll())
                  .singleElement()
                  .satisfies(report -> assertThat(report.detail()).isEqualTo("active"));
            });
  }

  @Test
  void withoutTenantsThereIsNoLifecycleAndWithoutAStoreStartupFailsNamingTheSetting() {
    runner.run(context -> assertThat(context).doesNotHaveBean(HooklineLifecycles.class));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                HooklineAutoConfiguration.class,
                HooklineObservabilityAutoConfiguration.class,
                HooklineLifecycleAutoConfiguration.class))
        .withPropertyValues(
            "hookline.endpoints.customers.path=/webhooks/lucca/{tenant}",
            "hookline.endpoints.customers.provider=lucca",
            "hookline.endpoints.customers.tenants.acme.secrets[0]=s")
        .withPropertyValues(acme())
        .run(
            context -> {
              WebhookConfigurationException failure = configurationFailure(context);
              assertThat(failure.setting()).contains("hookline.providers.lucca.lifecycle.tenants");
              assertThat(failure)
                  .hasMessageStartingWith(
                      "hookline.providers.lucca.lifecycle.tenants needs a SecretStore");
            });
    runner
        .withPropertyValues(acme())
        .withPropertyValues("hookline.providers.lucca.lifecycle.tenants.acme.webhook-url=")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.lucca.lifecycle.tenants.acme: host, client-id and"
                            + " webhook-url must be set"));
  }

  @Test
  void aTenantWithoutAConfiguredClientSecretUsesTheNewestOneInTheStore() {
    stubLucca(false);
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(endpoint("active").replaceFirst("^\\{", "{\"secret\":\"acme-secret\","))));
    runner
        .withPropertyValues(acme())
        .withPropertyValues("hookline.providers.lucca.lifecycle.tenants.acme.client-secret=")
        .run(
            context -> {
              HooklineLifecycles lifecycles = context.getBean(HooklineLifecycles.class);
              JdbcSecretVault vault = context.getBean(JdbcSecretVault.class);

              assertThatThrownBy(() -> lifecycles.lucca().provision("acme"))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessage(
                      "tenant acme has no client secret: set"
                          + " hookline.providers.lucca.lifecycle.tenants.acme.client-secret, or"
                          + " store it in the secret store under the endpoint name"
                          + " \"lucca-api\"");
              wm.verify(0, postRequestedFor(urlEqualTo("/connect/token")));

              vault.add("lucca-api", "acme", "stored-client-secret");
              assertThat(lifecycles.lucca().provision("acme").outcome())
                  .isEqualTo(TenantReport.Outcome.CREATED);
              wm.verify(
                  postRequestedFor(urlEqualTo("/connect/token"))
                      .withRequestBody(containing("client_secret=stored-client-secret")));
              assertThat(vault.secrets("customers", "acme")).containsExactly("acme-secret");
              assertThat(vault.tenants("customers")).containsExactly("acme");

              vault.add("lucca-api", "acme", "rotated-client-secret");
              stubLucca(true);
              lifecycles.lucca().reconcile("acme");
              wm.verify(
                  postRequestedFor(urlEqualTo("/connect/token"))
                      .withRequestBody(containing("client_secret=rotated-client-secret")));
            });
    runner
        .withPropertyValues(acme())
        .withPropertyValues("hookline.providers.lucca.lifecycle.credentials-endpoint=customers")
        .run(
            context ->
                assertThat(configurationFailure(context).setting())
                    .contains("hookline.providers.lucca.lifecycle.credentials-endpoint"));
  }

  @Test
  void tenantsFromALuccaTenantsBeanReplaceTheProperties() {
    stubLucca(false);
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(endpoint("active").replaceFirst("^\\{", "{\"secret\":\"acme-secret\","))));
    LuccaClient client =
        LuccaClient.builder()
            .apiHost(URI.create(wm.baseUrl()))
            .tokenUrl(URI.create(wm.baseUrl() + "/connect/token"))
            .clientId("acme-client")
            .clientSecret("from-the-application")
            .build();
    LuccaTenants bean =
        id ->
            id.equals("acme")
                ? Optional.of(
                    new LuccaTenant(
                        id, client, EndpointCreation.of(URI.create(URL), List.of("employee.*"))))
                : Optional.empty();
    runner
        .withBean(LuccaTenants.class, () -> bean)
        .withPropertyValues("hookline.providers.lucca.lifecycle.topics[0]=employee.*")
        .run(
            context -> {
              HooklineLifecycleEndpoint endpoint = context.getBean(HooklineLifecycleEndpoint.class);
              assertThat(endpoint.tenants()).containsEntry("tenants", List.of());

              assertThat(endpoint.run("acme", "provision")).containsEntry("outcome", "CREATED");

              assertThat(endpoint.tenants()).containsEntry("tenants", List.of("acme"));
              assertThat(context.getBean(JdbcSecretVault.class).secrets("customers", "acme"))
                  .containsExactly("acme-secret");
              assertThatThrownBy(() -> endpoint.run("globex", "provision"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("unknown tenant \"globex\": configured are [acme]");
            });
    runner
        .withBean(LuccaTenants.class, () -> bean)
        .withPropertyValues(acme())
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.lucca.lifecycle.tenants and a LuccaTenants bean both"
                            + " name tenants: keep one of the two"));
  }
}
