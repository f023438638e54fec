package dev.hookline.receiver.clients.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.replay.LuccaReplayer;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.jdbc.Dialect;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.HmacSignature;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the lifecycle does when the provider or the store fails, and what it refuses. */
class LifecycleFailureTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String ENDPOINTS = "/lucca-api/webhook-endpoints";
  static final String URL = "https://hooks.example.com/webhooks/lucca/acme";
  static final HmacSignature ARTA_SCHEME =
      HmacSignature.builder().signatureHeader("X-Test-Arta-Signature").scheme();

  JdbcSecretVault vault;
  LifecycleProofContract.FailingStore store;
  WebhookReceiver receiver;
  LuccaClient client;
  LuccaLifecycle lifecycle;

  @BeforeEach
  void setUp() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:failure_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1");
    vault =
        JdbcSecretVault.builder(dataSource)
            .dialect(Dialect.H2)
            .key("k1", LifecycleProofContract.KEY)
            .currentKey("k1")
            .createTable(true)
            .build();
    store = new LifecycleProofContract.FailingStore(vault);
    receiver =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), store)
            .onAny(event -> {})
            .build();
    client =
        LuccaClient.builder()
            .apiHost(URI.create(wm.baseUrl()))
            .tokenUrl(URI.create(wm.baseUrl() + "/connect/token"))
            .clientId("id")
            .clientSecret("client-secret")
            .maxRetries(0)
            .build();
    lifecycle =
        LuccaLifecycle.builder(
                receiver,
                store,
                tenant ->
                    tenant.equals("acme")
                        ? Optional.of(
                            new LuccaTenant(
                                "acme",
                                client,
                                EndpointCreation.of(URI.create(URL), List.of("employee.*"))))
                        : Optional.empty())
            .build();
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .willReturn(
                okJson("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
  }

  static String endpoints(String... ids) {
    StringBuilder items = new StringBuilder();
    for (String id : ids) {
      items.append(items.length() == 0 ? "" : ",").append(endpoint(id));
    }
    return "{\"type\":\"webhook-endpoints\",\"items\":[" + items + "],\"links\":{\"next\":null}}";
  }

  static String endpoint(String id) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"webhook-endpoint\",\"url\":\"u\",\"apiVersion\":\"2024-11-01\","
        + "\"webhookUrl\":\""
        + URL
        + "\",\"topics\":[\"employee.*\"],\"status\":\"active\",\"contentType\":\"default\"}";
  }

  /**
   * An Arta lifecycle over an Arta receiver on the test's store and Arta on WireMock; its lookup
   * knows the tenants {@code known} accepts, each with its webhook at {@code
   * https://hooks.example.com/webhooks/arta/<tenant>}.
   */
  private ArtaLifecycle artaLifecycle(Predicate<String> known) {
    WebhookReceiver arta =
        WebhookReceiver.builder()
            .provider(Arta.PROVIDER)
            .verifier(ARTA_SCHEME, store)
            .onAny(event -> {})
            .build();
    ArtaClient artaClient =
        ArtaClient.builder().apiHost(URI.create(wm.baseUrl())).apiKey("k").maxRetries(0).build();
    return ArtaLifecycle.of(
        arta,
        store,
        tenant ->
            Optional.of(tenant)
                .filter(known)
                .map(
                    id ->
                        new ArtaTenant(
                            id,
                            artaClient,
                            "hooks",
                            URI.create("https://hooks.example.com/webhooks/arta/" + id))));
  }

  @Test
  void anEndpointThatCannotBeDeletedAfterAFailedStoreIsReportedAndReplacedByTheNextProvisioning() {
    wm.stubFor(get(urlEqualTo(ENDPOINTS)).willReturn(okJson(endpoints())));
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(endpoint("ep-1").replaceFirst("^\\{", "{\"secret\":\"s-1\","))));
    wm.stubFor(delete(urlEqualTo(ENDPOINTS + "/ep-1")).willReturn(aResponse().withStatus(500)));
    store.failNextAddOf("acme");

    assertThatThrownBy(() -> lifecycle.provision("acme"))
        .isInstanceOfSatisfying(
            ProvisioningException.class, e -> assertThat(e.endpointDeleted()).isFalse())
        .hasMessage(
            "getting or storing the secret of tenant acme failed, and endpoint ep-1 just created"
                + " could not be deleted after 3 attempts: provisioning the tenant again replaces"
                + " it")
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(3));
    wm.verify(3, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-1")));

    // Lucca lists the orphan; the next run deletes it and creates one whose secret is kept.
    wm.stubFor(get(urlEqualTo(ENDPOINTS)).willReturn(okJson(endpoints("ep-1"))));
    wm.stubFor(delete(urlEqualTo(ENDPOINTS + "/ep-1")).willReturn(aResponse().withStatus(204)));
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(endpoint("ep-2").replaceFirst("^\\{", "{\"secret\":\"s-2\","))));

    TenantReport report = lifecycle.provision("acme");

    assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.REPAIRED);
    assertThat(report.endpointId()).isEqualTo("ep-2");
    assertThat(report.detail())
        .isEqualTo(
            "endpoint ep-1 had no stored secret and was deleted; endpoint ep-2 created, secret"
                + " stored");
    assertThat(vault.secrets("lucca", "acme")).containsExactly("s-2");
    wm.verify(4, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-1")));
    wm.verify(2, postRequestedFor(urlEqualTo(ENDPOINTS)));
  }

  @Test
  void anArtaWebhookWhoseTokenCannotBeResetIsDeletedAndNothingIsStored() {
    ArtaLifecycle artaLifecycle = artaLifecycle(tenant -> true);
    wm.stubFor(
        get(urlEqualTo("/webhooks?page=1&page_size=50"))
            .willReturn(okJson("{\"items\":[],\"metadata\":{\"page\":1,\"total_count\":0}}")));
    wm.stubFor(
        post(urlEqualTo("/webhooks"))
            .willReturn(
                okJson(
                    "{\"id\":7,\"name\":\"hooks\","
                        + "\"url\":\"https://hooks.example.com/webhooks/arta/gallery\"}")));
    wm.stubFor(
        patch(urlEqualTo("/webhooks/7/secret_token/reset"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errors\":{\"detail\":\"no\"}}")));
    wm.stubFor(delete(urlEqualTo("/webhooks/7")).willReturn(aResponse().withStatus(204)));

    assertThatThrownBy(() -> artaLifecycle.provision("gallery"))
        .isInstanceOfSatisfying(
            ProvisioningException.class,
            e -> {
              assertThat(e.endpointDeleted()).isTrue();
              assertThat(e.endpointId()).isEqualTo("7");
            });
    wm.verify(1, deleteRequestedFor(urlEqualTo("/webhooks/7")));
    assertThat(vault.secretIds("arta", "gallery")).isEmpty();
    assertThatThrownBy(() -> artaLifecycle.rotate("gallery"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "tenant gallery has no webhook at https://hooks.example.com/webhooks/arta/gallery");
  }

  @Test
  void unknownTenantsInvalidIdsAndReceiversWithoutTenantsAreRefused() {
    assertThatThrownBy(() -> lifecycle.provision("globex"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such tenant: globex");
    assertThatThrownBy(() -> lifecycle.reconcile("../acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tenant must be a valid tenant id (");
    WebhookReceiver single = Lucca.receiver("secret").onAny(event -> {}).build();
    assertThatThrownBy(() -> LuccaLifecycle.builder(single, store, t -> Optional.empty()).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "the lifecycle needs the receiver of an endpoint with tenants, but endpoint lucca has"
                + " none (build it with verifier(scheme, secretSource))");
    assertThatThrownBy(() -> LuccaReplayer.of(client, single, "acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint lucca has no tenants: replay without naming one");
    assertThatThrownBy(
            () ->
                LuccaLifecycle.builder(receiver, store, t -> Optional.empty())
                    .replayWindow(Duration.ZERO)
                    .build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("replayWindow must be positive, but was PT0S");
  }

  @Test
  void retiringOtherSecretsKeepsTheNamedOneAndRefusesAnIdTheTenantLacks() {
    String old = vault.add("lucca", "acme", "old");
    String current = vault.add("lucca", "acme", "new");
    vault.add("lucca", "globex", "globex");

    assertThatThrownBy(() -> lifecycle.retireOtherSecrets("acme", "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenant acme has no secret nope: nothing retired");
    assertThat(vault.secretIds("lucca", "acme")).containsExactly(old, current);

    assertThat(lifecycle.retireOtherSecrets("acme", current)).isEqualTo(1);
    assertThat(vault.secrets("lucca", "acme")).containsExactly("new");
    assertThat(vault.secrets("lucca", "globex")).containsExactly("globex");
  }

  @Test
  void reconcileReportsAnApiFailureAndReconcileAllATenantTheLookupLost() {
    vault.add("lucca", "acme", "s");
    vault.add("lucca", "gone", "s-gone");
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}")));

    List<TenantReport> reports = lifecycle.reconcileAll();

    assertThat(reports).extracting(TenantReport::tenant).containsExactly("acme", "gone");
    assertThat(reports).extracting(TenantReport::outcome).containsOnly(TenantReport.Outcome.FAILED);
    assertThat(reports.get(0).detail()).contains("403");
    assertThat(reports.get(1).detail()).isEqualTo("no such tenant: gone");
  }

  @Test
  void artaReconcileAllChecksEveryTenantWithATokenAndReportsOneTheLookupLost() {
    ArtaLifecycle artaLifecycle = artaLifecycle(tenant -> !tenant.equals("gone"));
    vault.add("arta", "acme", "t-acme");
    vault.add("arta", "globex", "t-globex");
    vault.add("arta", "gone", "t-gone");
    wm.stubFor(
        get(urlEqualTo("/webhooks?page=1&page_size=50"))
            .willReturn(
                okJson(
                    "{\"items\":[{\"id\":7,\"name\":\"hooks\","
                        + "\"url\":\"https://hooks.example.com/webhooks/arta/acme\"}],"
                        + "\"metadata\":{\"page\":1,\"total_count\":1}}")));

    List<TenantReport> reports = artaLifecycle.reconcileAll();

    assertThat(reports)
        .extracting(TenantReport::tenant, TenantReport::outcome)
        .containsExactly(
            tuple("acme", TenantReport.Outcome.ACTIVE),
            tuple("globex", TenantReport.Outcome.MISSING),
            tuple("gone", TenantReport.Outcome.FAILED));
    assertThat(reports.get(2).detail()).isEqualTo("no such tenant: gone");
  }
}
