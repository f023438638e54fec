package dev.hookline.receiver.spring.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lifecycle.ArtaTenant;
import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.ArtaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.Signers;
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
 * {@code hookline.providers.arta.lifecycle.*} in a real context: an Arta tenant from properties
 * provisioned, rotated, retired and deprovisioned through the actuator endpoint against Arta on
 * WireMock, its tokens in the JDBC vault on H2 verifying requests to {@code
 * /webhooks/arta/{tenant}}.
 */
class ArtaLifecycleAutoConfigurationTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final String URL = "https://hooks.example.com/webhooks/arta/acme";
  static final String LIST = "/webhooks?page=1&page_size=50";
  static final String WEBHOOK =
      "{\"id\":7,\"name\":\"Hookline acme\",\"url\":\""
          + URL
          + "\",\"created_at\":\"2026-10-27T16:48:38.657228\","
          + "\"updated_at\":\"2026-10-27T16:48:38\"}";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class,
                  HooklineObservabilityAutoConfiguration.class,
                  HooklineLifecycleAutoConfiguration.class))
          .withBean(DataSource.class, ArtaLifecycleAutoConfigurationTest::h2)
          .withPropertyValues(endpoint())
          .withPropertyValues(
              "hookline.vault.keys.k1=" + KEY,
              "hookline.vault.current-key=k1",
              "hookline.vault.create-table=true",
              "hookline.vault.cache-max-age=1ms");

  private static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:arta-lifecycle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** An Arta endpoint with tenants, verified with a HMAC of the body keyed with their tokens. */
  static String[] endpoint() {
    return new String[] {
      "hookline.endpoints.shipments.path=/webhooks/arta/{tenant}",
      "hookline.endpoints.shipments.provider=arta",
      "hookline.endpoints.shipments.verifier.type=hmac",
      "hookline.endpoints.shipments.verifier.header=X-Arta-Signature"
    };
  }

  static String[] acme(String baseUrl) {
    return new String[] {
      "hookline.providers.arta.lifecycle.host=" + baseUrl,
      "hookline.providers.arta.lifecycle.tenants.acme.api-key=acme-key",
      "hookline.providers.arta.lifecycle.tenants.acme.webhook-url=" + URL
    };
  }

  /** Arta on WireMock: the listing (with the webhook or not), creation, token reset, deletion. */
  static void stubArta(WireMockExtension wm, boolean listed, String token) {
    wm.stubFor(
        get(urlEqualTo(LIST))
            .willReturn(
                okJson(
                    "{\"items\":["
                        + (listed ? WEBHOOK : "")
                        + "],\"metadata\":{\"page\":1,\"page_size\":50,\"total_count\":"
                        + (listed ? 1 : 0)
                        + "}}")));
    wm.stubFor(post(urlEqualTo("/webhooks")).willReturn(okJson(WEBHOOK)));
    wm.stubFor(
        patch(urlEqualTo("/webhooks/7/secret_token/reset"))
            .willReturn(okJson("{\"secret_token\":\"" + token + "\"}")));
    wm.stubFor(delete(urlEqualTo("/webhooks/7")).willReturn(aResponse().withStatus(204)));
  }

  /** A delivery signed the way the endpoint verifies, with the tenant's token. */
  static SignedRequests signed(String token) {
    return SignedRequests.with(
            "arta", Signers.hmac().signatureHeader("X-Arta-Signature").scheme().signer(token))
        .event(ArtaFixtures.event("request.created").id("e-" + UUID.randomUUID()))
        .path("/webhooks/arta/acme");
  }

  private static int status(WebhookReceiver receiver, String token) throws InterruptedException {
    Thread.sleep(5); // past the secret cache's 1 ms
    SignedRequests signed = signed(token);
    WebhookRequest.Builder request =
        WebhookRequest.builder().method("POST").path(signed.path()).tenant("acme");
    signed.headers().forEach(request::header);
    return receiver.receive(request.body(signed.body()).build()).status();
  }

  @Test
  void theActuatorEndpointProvisionsRotatesRetiresAndDeprovisionsAnArtaTenant() {
    stubArta(wm, false, "token-1");
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .run(
            context -> {
              HooklineLifecycleEndpoint endpoint = context.getBean(HooklineLifecycleEndpoint.class);
              JdbcSecretVault vault = context.getBean(JdbcSecretVault.class);
              WebhookReceiver receiver =
                  context.getBean(HooklineReceivers.class).receiver("shipments").orElseThrow();
              assertThat(endpoint.tenants())
                  .isEqualTo(
                      Map.of(
                          "provider", "arta", "endpoint", "shipments", "tenants", List.of("acme")));
              assertThat(status(receiver, "token-1")).isEqualTo(401);

              Map<String, Object> provisioned = endpoint.run("acme", "provision");

              assertThat(provisioned)
                  .containsEntry("outcome", "CREATED")
                  .containsEntry("endpointId", "7")
                  .doesNotContainValue("token-1");
              wm.verify(
                  postRequestedFor(urlEqualTo("/webhooks"))
                      .withHeader("Authorization", equalTo("ARTA_APIKey acme-key"))
                      .withRequestBody(containing("\"name\":\"Hookline acme\""))
                      .withRequestBody(containing(URL)));
              assertThat(vault.secrets("shipments", "acme")).containsExactly("token-1");
              assertThat(status(receiver, "token-1")).isEqualTo(200);

              stubArta(wm, true, "token-2");
              Map<String, Object> rotated = endpoint.run("acme", "rotate", "arta", null);

              assertThat(rotated)
                  .containsEntry("outcome", "ROTATED")
                  .doesNotContainValue("token-2")
                  .containsKey("secretId");
              assertThat(status(receiver, "token-1")).isEqualTo(200);
              assertThat(status(receiver, "token-2")).isEqualTo(200);

              assertThatThrownBy(() -> endpoint.run("acme", "retire"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("retire needs \"keep\", the id of the secret to keep");
              assertThatThrownBy(() -> endpoint.run("acme", "retire", null, "no-such-id"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("tenant acme has no secret no-such-id: nothing retired");
              String kept = (String) rotated.get("secretId");
              assertThat(endpoint.run("acme", "retire", null, kept))
                  .isEqualTo(Map.of("tenant", "acme", "kept", kept, "retired", 1));
              assertThat(status(receiver, "token-1")).isEqualTo(401);
              assertThat(status(receiver, "token-2")).isEqualTo(200);

              assertThat(endpoint.run("acme", "reconcile")).containsEntry("outcome", "ACTIVE");
              Map<String, Object> deprovisioned = endpoint.run("acme", "deprovision");

              assertThat(deprovisioned)
                  .containsEntry("outcome", "DEPROVISIONED")
                  .containsEntry("detail", "webhook 7 deleted; 1 secret(s) deleted");
              wm.verify(1, deleteRequestedFor(urlEqualTo("/webhooks/7")));
              assertThat(vault.secrets("shipments", "acme")).isEmpty();
              assertThat(status(receiver, "token-2")).isEqualTo(401);

              assertThatThrownBy(() -> endpoint.run("acme", "pause"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage(
                      "action must be provision, reconcile, rotate, retire or deprovision, but"
                          + " was pause");
              assertThatThrownBy(() -> endpoint.run("globex", "provision"))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("unknown tenant \"globex\": configured are [acme]");
              assertThatThrownBy(() -> endpoint.run("acme", "provision", "lucca", null))
                  .isInstanceOf(InvalidEndpointRequestException.class)
                  .hasMessage("provider must be one of [arta], but was lucca");
              assertThatThrownBy(() -> context.getBean(HooklineLifecycles.class).lucca())
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessage(
                      "no lucca tenants are configured: set"
                          + " hookline.providers.lucca.lifecycle.tenants or declare a LuccaTenants"
                          + " bean");
            });
  }

  @Test
  void aTenantWithoutAConfiguredApiKeyUsesTheNewestOneInTheStore() {
    stubArta(wm, false, "token-1");
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .withPropertyValues("hookline.providers.arta.lifecycle.tenants.acme.api-key=")
        .run(
            context -> {
              HooklineLifecycles lifecycles = context.getBean(HooklineLifecycles.class);
              JdbcSecretVault vault = context.getBean(JdbcSecretVault.class);

              assertThatThrownBy(() -> lifecycles.arta().provision("acme"))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessage(
                      "tenant acme has no api key: set"
                          + " hookline.providers.arta.lifecycle.tenants.acme.api-key, or store it"
                          + " in the secret store under the endpoint name \"arta-api\"");
              wm.verify(0, getRequestedFor(urlEqualTo(LIST)));

              vault.add("arta-api", "acme", "stored-key-1");
              vault.add("arta-api", "acme", "stored-key-2");
              assertThat(lifecycles.arta().provision("acme").outcome())
                  .isEqualTo(TenantReport.Outcome.CREATED);
              wm.verify(
                  postRequestedFor(urlEqualTo("/webhooks"))
                      .withHeader("Authorization", equalTo("ARTA_APIKey stored-key-2")));

              vault.add("arta-api", "acme", "stored-key-3");
              lifecycles.arta().reconcile("acme");
              wm.verify(
                  getRequestedFor(urlEqualTo(LIST))
                      .withHeader("Authorization", equalTo("ARTA_APIKey stored-key-3")));
            });
  }

  @Test
  void badSettingsFailStartupNamingTheSetting() {
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .withPropertyValues("hookline.providers.arta.lifecycle.tenants.acme.webhook-url=")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.arta.lifecycle.tenants.acme.webhook-url must be set"));
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .withPropertyValues("hookline.providers.arta.lifecycle.credentials-endpoint=shipments")
        .run(
            context ->
                assertThat(configurationFailure(context).setting())
                    .contains("hookline.providers.arta.lifecycle.credentials-endpoint"));
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .withPropertyValues("hookline.providers.arta.lifecycle.endpoint=orders")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.arta.lifecycle.endpoint must name an arta endpoint"
                            + " whose path ends in /{tenant}, but was orders"));
    runner
        .withPropertyValues(acme("api.arta.example"))
        .run(
            context -> {
              assertThat(configurationFailure(context).setting())
                  .contains("hookline.providers.arta.lifecycle.tenants.acme");
              assertThat(configurationFailure(context))
                  .hasMessageStartingWith("hookline.providers.arta.lifecycle.tenants.acme: ")
                  .hasMessageNotContaining("acme-key");
            });
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .withPropertyValues(
            "hookline.providers.arta.lifecycle.schedule.enabled=true",
            "hookline.providers.arta.lifecycle.schedule.interval=0s")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.arta.lifecycle.schedule.interval must be positive,"
                            + " but was PT0S"));
  }

  @Test
  void tenantsFromAnArtaTenantsBeanReplaceTheProperties() {
    stubArta(wm, false, "token-1");
    ArtaClient client =
        ArtaClient.builder().apiHost(URI.create(wm.baseUrl())).apiKey("from-the-app").build();
    ArtaTenants bean =
        id ->
            id.equals("acme")
                ? Optional.of(new ArtaTenant(id, client, "acme hooks", URI.create(URL)))
                : Optional.empty();
    runner
        .withBean(ArtaTenants.class, () -> bean)
        .run(
            context -> {
              HooklineLifecycleEndpoint endpoint = context.getBean(HooklineLifecycleEndpoint.class);
              assertThat(endpoint.tenants()).containsEntry("tenants", List.of());

              assertThat(endpoint.run("acme", "provision")).containsEntry("outcome", "CREATED");

              wm.verify(
                  postRequestedFor(urlEqualTo("/webhooks"))
                      .withHeader("Authorization", equalTo("ARTA_APIKey from-the-app")));
              assertThat(endpoint.tenants()).containsEntry("tenants", List.of("acme"));
              assertThat(context.getBean(JdbcSecretVault.class).secrets("shipments", "acme"))
                  .containsExactly("token-1");
            });
    runner
        .withBean(ArtaTenants.class, () -> bean)
        .withPropertyValues(acme(wm.baseUrl()))
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.arta.lifecycle.tenants and an ArtaTenants bean both"
                            + " name tenants: keep one of the two"));
  }

  @Test
  void theOptInScheduleChecksEveryProvisionedArtaTenant() {
    stubArta(wm, true, "token-1");
    runner
        .withPropertyValues(acme(wm.baseUrl()))
        .withPropertyValues(
            "hookline.providers.arta.lifecycle.schedule.enabled=true",
            "hookline.providers.arta.lifecycle.schedule.interval=2h")
        .run(
            context -> {
              HooklineReconciler reconciler = context.getBean(HooklineReconciler.class);
              assertThat(reconciler.interval()).isEqualTo(Duration.ofHours(2));
              assertThat(reconciler.isRunning()).isTrue();
              context.getBean(JdbcSecretVault.class).add("shipments", "acme", "token-1");

              reconciler.run();

              wm.verify(
                  1,
                  getRequestedFor(urlEqualTo(LIST))
                      .withHeader("Authorization", equalTo("ARTA_APIKey acme-key")));
              assertThat(context.getBean(HooklineLifecycles.class).reconcileAll())
                  .singleElement()
                  .satisfies(
                      report ->
                          assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.ACTIVE));
            });
  }
}
