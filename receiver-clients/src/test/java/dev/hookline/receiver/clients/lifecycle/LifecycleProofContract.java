package dev.hookline.receiver.clients.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.fixtures.ArtaFixtures;
import dev.hookline.receiver.fixtures.LuccaAttemptsPage;
import dev.hookline.receiver.fixtures.LuccaEvent;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.jdbc.Dialect;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.servlet.WebhookFilter;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SecretStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The endpoint lifecycle end to end: one WireMock server stands in for twenty Lucca instances, each
 * on a host of its own ({@code 127.0.0.2} to {@code 127.0.0.21}, stubs matched by host) and two
 * Arta accounts; the tenants' secrets live in the JDBC vault; events arrive over HTTP at the
 * servlet filter on Jetty, {@code /webhooks/lucca/{tenant}} and {@code /webhooks/arta/{tenant}}.
 * Each database runs the whole flow, in order: provision, a failed store, a suspension, an Arta
 * rotation, a deprovisioning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LifecycleProofContract {

  static final String ENDPOINTS = "/lucca-api/webhook-endpoints";
  static final String ATTEMPTS = "/lucca-api/webhook-delivery-attempts";
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final HmacSignature ARTA_SCHEME =
      HmacSignature.builder().signatureHeader("X-Test-Arta-Signature").scheme();

  final WireMockServer lucca = new WireMockServer(wireMockConfig().dynamicPort());
  final Map<String, LuccaTenant> luccaTenants = new LinkedHashMap<>();
  final Map<String, ArtaTenant> artaTenants = new LinkedHashMap<>();

  /** The secret each tenant's Lucca instance returns for its next endpoint, by tenant. */
  final Map<String, String> luccaSecrets = new ConcurrentHashMap<>();

  /** Handler runs by tenant and event id, e.g. {@code tenant-01:e1}. */
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final String table = "hookline_secrets_" + UUID.randomUUID().toString().substring(0, 8);

  JdbcSecretVault vault;
  FailingStore store;
  LuccaLifecycle luccaLifecycle;
  ArtaLifecycle artaLifecycle;
  Server jetty;
  URI base;

  abstract Dialect dialect();

  abstract DataSource dataSource();

  /**
   * A store that fails to add the secret of one tenant, once: the crash between create and store.
   */
  static final class FailingStore implements SecretStore {
    private final SecretStore delegate;
    private volatile String failOnce;

    FailingStore(SecretStore delegate) {
      this.delegate = delegate;
    }

    void failNextAddOf(String tenant) {
      this.failOnce = tenant;
    }

    @Override
    public List<String> secrets(String endpoint, String tenant) {
      return delegate.secrets(endpoint, tenant);
    }

    @Override
    public String add(String endpoint, String tenant, String secret) {
      if (tenant.equals(failOnce)) {
        failOnce = null;
        throw new IllegalStateException("database went away");
      }
      return delegate.add(endpoint, tenant, secret);
    }

    @Override
    public boolean retire(String endpoint, String tenant, String secretId) {
      return delegate.retire(endpoint, tenant, secretId);
    }

    @Override
    public int deleteTenant(String endpoint, String tenant) {
      return delegate.deleteTenant(endpoint, tenant);
    }

    @Override
    public List<String> tenants(String endpoint) {
      return delegate.tenants(endpoint);
    }

    @Override
    public List<String> secretIds(String endpoint, String tenant) {
      return delegate.secretIds(endpoint, tenant);
    }
  }

  @BeforeAll
  void start() throws Exception {
    lucca.start();
    lucca.stubFor(
        post(urlEqualTo("/connect/token"))
            .willReturn(
                okJson("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
    vault =
        JdbcSecretVault.builder(dataSource())
            .dialect(dialect())
            .tableName(table)
            .key("k1", KEY)
            .currentKey("k1")
            .createTable(true)
            .build();
    store = new FailingStore(vault);
    WebhookReceiver luccaReceiver =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), store)
            .onAny(event -> count(event.tenant().orElse("none") + ":" + event.id()))
            .build();
    WebhookReceiver artaReceiver =
        WebhookReceiver.builder()
            .provider(Arta.PROVIDER)
            .verifier(ARTA_SCHEME, store)
            .onAny(event -> count(event.tenant().orElse("none") + ":" + event.topic()))
            .build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    WebhookFilter filter =
        WebhookFilter.builder()
            .endpoint("/webhooks/lucca/{tenant}", luccaReceiver)
            .endpoint("/webhooks/arta/{tenant}", artaReceiver)
            .build();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new NotFound()), "/*");
    jetty.setHandler(context);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

    for (int i = 1; i <= 20; i++) {
      String tenant = String.format("tenant-%02d", i);
      String host = "127.0.0." + (i + 1);
      URI api = URI.create("http://" + host + ":" + lucca.port());
      LuccaClient client =
          LuccaClient.builder()
              .apiHost(api)
              .tokenUrl(api.resolve("/connect/token"))
              .clientId("client-" + tenant)
              .clientSecret("client-secret-" + tenant)
              .maxRetries(0)
              .build();
      luccaTenants.put(
          tenant,
          new LuccaTenant(
              tenant,
              client,
              EndpointCreation.of(
                  URI.create("https://hooks.example.com/webhooks/lucca/" + tenant),
                  List.of("employee.*"))));
      stubEndpoints(tenant, null);
    }
    for (int i = 1; i <= 2; i++) {
      String tenant = "gallery-" + i;
      URI api = URI.create("http://127.0.0." + (100 + i) + ":" + lucca.port());
      artaTenants.put(
          tenant,
          new ArtaTenant(
              tenant,
              ArtaClient.builder().apiHost(api).apiKey("key-" + tenant).maxRetries(0).build(),
              "hookline " + tenant,
              URI.create("https://hooks.example.com/webhooks/arta/" + tenant)));
    }
    luccaLifecycle = LuccaLifecycle.builder(luccaReceiver, store, lookup(luccaTenants)).build();
    artaLifecycle = ArtaLifecycle.of(artaReceiver, store, lookup(artaTenants));
  }

  @AfterAll
  void stop() throws Exception {
    jetty.stop();
    lucca.stop();
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE " + table);
    }
  }

  static <T> Function<String, Optional<T>> lookup(Map<String, T> tenants) {
    return tenant -> Optional.ofNullable(tenants.get(tenant));
  }

  // ---- the fake Lucca instances ----

  static String host(String tenant) {
    return "127.0.0." + (Integer.parseInt(tenant.substring("tenant-".length())) + 1);
  }

  static String endpointJson(String tenant, String id, String status) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"webhook-endpoint\",\"url\":\"https://x/"
        + id
        + "\",\"apiVersion\":\"2024-11-01\",\"webhookUrl\":"
        + "\"https://hooks.example.com/webhooks/lucca/"
        + tenant
        + "\",\"topics\":[\"employee.*\"],\"status\":\""
        + status
        + "\",\"contentType\":\"default\"}";
  }

  /** The instance's endpoint list: the tenant's endpoint in the status, or none (null id). */
  void stubEndpoints(String tenant, String id, String status) {
    lucca.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .withHost(equalTo(host(tenant)))
            .willReturn(
                okJson(
                    "{\"type\":\"webhook-endpoints\",\"items\":["
                        + (id == null ? "" : endpointJson(tenant, id, status))
                        + "],\"links\":{\"prev\":null,\"next\":null}}")));
  }

  void stubEndpoints(String tenant, String id) {
    stubEndpoints(tenant, id, "active");
  }

  /** The instance creates endpoint {@code id} with a fresh secret, then lists it. */
  String stubCreation(String tenant, String id) {
    String secret = "lucca-secret-" + tenant + "-" + UUID.randomUUID();
    luccaSecrets.put(tenant, secret);
    lucca.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .withHost(equalTo(host(tenant)))
            .withRequestBody(
                equalToJson(
                    "{\"apiVersion\":\"2024-11-01\",\"webhookUrl\":"
                        + "\"https://hooks.example.com/webhooks/lucca/"
                        + tenant
                        + "\",\"topics\":[\"employee.*\"],\"status\":\"active\","
                        + "\"contentType\":\"default\"}"))
            .willReturn(
                okJson(
                    endpointJson(tenant, id, "active")
                        .replaceFirst("^\\{", "{\"secret\":\"" + secret + "\","))));
    lucca.stubFor(
        delete(urlEqualTo(ENDPOINTS + "/" + id))
            .withHost(equalTo(host(tenant)))
            .willReturn(aResponse().withStatus(204)));
    return secret;
  }

  // ---- the application ----

  void count(String run) {
    runs.computeIfAbsent(run, k -> new AtomicInteger()).incrementAndGet();
  }

  int runsOf(String run) {
    AtomicInteger count = runs.get(run);
    return count == null ? 0 : count.get();
  }

  static LuccaEvent event(String id) {
    return LuccaFixtures.employeeUpdated().id(id);
  }

  int postLucca(String path, String secret, String eventId) throws Exception {
    return send(path, SignedRequests.lucca(secret).event(event(eventId)));
  }

  int send(String path, SignedRequests signed) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Provisions all twenty tenants (once per test class; later calls find them provisioned). */
  synchronized void provisionAll() {
    for (String tenant : luccaTenants.keySet()) {
      if (vault.secretIds("lucca", tenant).isEmpty() && !tenant.equals("tenant-13")) {
        String id = "ep-" + tenant;
        stubCreation(tenant, id);
        TenantReport report = luccaLifecycle.provision(tenant);
        assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.CREATED);
        assertThat(report.endpointId()).isEqualTo(id);
        stubEndpoints(tenant, id);
      }
    }
  }

  @Test
  @Order(1)
  void twentyTenantsAreProvisionedAndEachVerifiedOnItsOwnPathOnly() throws Exception {
    provisionAll();

    for (String tenant : luccaTenants.keySet()) {
      if (tenant.equals("tenant-13")) {
        continue;
      }
      lucca.verify(1, postRequestedFor(urlEqualTo(ENDPOINTS)).withHost(equalTo(host(tenant))));
      assertThat(vault.secrets("lucca", tenant)).containsExactly(luccaSecrets.get(tenant));
      String id = "live-" + tenant;
      assertThat(postLucca("/webhooks/lucca/" + tenant, luccaSecrets.get(tenant), id))
          .as(tenant)
          .isEqualTo(200);
      assertThat(runsOf(tenant + ":" + id)).isEqualTo(1);
    }
    // One tenant's secret on every other tenant's path: 401, nothing runs.
    String id = "cross-" + UUID.randomUUID();
    for (String other : List.of("tenant-02", "tenant-05", "tenant-19")) {
      assertThat(postLucca("/webhooks/lucca/" + other, luccaSecrets.get("tenant-01"), id))
          .isEqualTo(401);
      assertThat(runsOf(other + ":" + id)).isZero();
    }
    // Provisioning again finds every endpoint: nothing is created twice.
    for (String tenant : List.of("tenant-01", "tenant-10")) {
      TenantReport again = luccaLifecycle.provision(tenant);
      assertThat(again.outcome()).isEqualTo(TenantReport.Outcome.ALREADY_PROVISIONED);
      assertThat(again.secretId()).isNull();
      lucca.verify(1, postRequestedFor(urlEqualTo(ENDPOINTS)).withHost(equalTo(host(tenant))));
    }
    assertThat(vault.tenants("lucca")).hasSize(19).doesNotContain("tenant-13");
    assertThat(luccaLifecycle.reconcileAll())
        .hasSize(19)
        .allSatisfy(report -> assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.ACTIVE));
  }

  @Test
  @Order(2)
  void aFailureBetweenCreateAndStoreDeletesTheEndpointAndProvisioningAgainStoresTheNewSecret()
      throws Exception {
    String tenant = "tenant-13";
    stubCreation(tenant, "ep-13-a");
    store.failNextAddOf(tenant);

    assertThatThrownBy(() -> luccaLifecycle.provision(tenant))
        .isInstanceOfSatisfying(
            ProvisioningException.class,
            e -> {
              assertThat(e.endpointDeleted()).isTrue();
              assertThat(e.endpointId()).isEqualTo("ep-13-a");
              assertThat(e.tenant()).isEqualTo(tenant);
            })
        .hasMessage(
            "getting or storing the secret of tenant tenant-13 failed, so endpoint ep-13-a just"
                + " created was deleted")
        .hasMessageNotContaining(luccaSecrets.get(tenant))
        .hasRootCauseMessage("database went away");
    lucca.verify(
        1, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-13-a")).withHost(equalTo(host(tenant))));
    assertThat(vault.secretIds("lucca", tenant)).isEmpty();

    // Lucca has no endpoint left; provisioning again creates one and keeps its secret.
    String secret = stubCreation(tenant, "ep-13-b");
    TenantReport report = luccaLifecycle.provision(tenant);
    stubEndpoints(tenant, "ep-13-b");

    assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.CREATED);
    assertThat(report.endpointId()).isEqualTo("ep-13-b");
    assertThat(vault.secretIds("lucca", tenant)).containsExactly(report.secretId());
    assertThat(vault.secrets("lucca", tenant)).containsExactly(secret);
    assertThat(postLucca("/webhooks/lucca/" + tenant, secret, "after-repair")).isEqualTo(200);
    lucca.verify(
        0, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-13-b")).withHost(equalTo(host(tenant))));
  }

  @Test
  @Order(3)
  void aSuspendedEndpointIsReactivatedAndItsFailedDeliveriesReplayedExactlyOnce() throws Exception {
    provisionAll();
    String tenant = "tenant-07";
    String secret = luccaSecrets.get(tenant);
    // e-live arrived; e-missed-1 and e-missed-2 failed while the application was down. e-other
    // failed too, but on another application's endpoint of the same Lucca instance.
    assertThat(postLucca("/webhooks/lucca/" + tenant, secret, "e-live")).isEqualTo(200);
    Instant now = Instant.now();
    String page =
        LuccaAttemptsPage.create()
            .endpoint("ep-" + tenant)
            .attempt("a1", "d1", false, now)
            .attempt("a2", "d2", false, now)
            .attempt("a3", "d3", false, now)
            .attempt("a4", "d4", true, now)
            .attempt("a5", "d5", false, now)
            .delivery("d1", "undelivered", "e-live")
            .delivery("d2", "failed", "e-missed-1")
            .delivery("d3", "failed", "e-missed-2")
            .delivery("d4", "delivered", "e-fine")
            .delivery("d5", "failed", "e-other", "ep-another-app")
            .event(event("e-live"))
            .event(event("e-missed-1"))
            .event(event("e-missed-2"))
            .event(event("e-fine"))
            .event(event("e-other"))
            .json("http://" + host(tenant) + ":" + lucca.port());
    lucca.stubFor(
        get(urlPathEqualTo(ATTEMPTS)).withHost(equalTo(host(tenant))).willReturn(okJson(page)));
    lucca.stubFor(
        patch(urlEqualTo(ENDPOINTS + "/ep-" + tenant))
            .withHost(equalTo(host(tenant)))
            .withRequestBody(equalToJson("{\"status\":\"active\"}"))
            .willReturn(okJson(endpointJson(tenant, "ep-" + tenant, "active"))));
    stubEndpoints(tenant, "ep-" + tenant, "suspended");

    TenantReport report = luccaLifecycle.reconcile(tenant);

    assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.REACTIVATED);
    lucca.verify(
        1,
        patchRequestedFor(urlEqualTo(ENDPOINTS + "/ep-" + tenant)).withHost(equalTo(host(tenant))));
    ReplayReport replay = report.replayReport().orElseThrow();
    assertThat(replay.replayed()).isEqualTo(2);
    assertThat(replay.alreadyHandled()).isEqualTo(1);
    assertThat(replay.failures()).isEmpty();
    assertThat(runsOf(tenant + ":e-live")).isEqualTo(1);
    assertThat(runsOf(tenant + ":e-missed-1")).isEqualTo(1);
    assertThat(runsOf(tenant + ":e-missed-2")).isEqualTo(1);
    assertThat(runsOf(tenant + ":e-fine")).isZero();
    assertThat(runsOf(tenant + ":e-other")).isZero();
    assertThat(replay.deliveries().values()).noneMatch(ids -> ids.contains("d5"));
    // Lucca's activation challenge on the tenant's path is answered.
    HttpResponse<String> challenge =
        http.send(
            HttpRequest.newBuilder(base.resolve("/webhooks/lucca/" + tenant + "?echo=ok-7"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(challenge.statusCode()).isEqualTo(200);
    assertThat(challenge.body()).isEqualTo("ok-7");

    // Suspended again with the same failed deliveries listed: nothing runs twice.
    TenantReport again = luccaLifecycle.reconcile(tenant);
    assertThat(again.replayReport().orElseThrow().replayed()).isZero();
    assertThat(again.replayReport().orElseThrow().alreadyHandled()).isEqualTo(3);
    assertThat(runsOf(tenant + ":e-missed-1")).isEqualTo(1);
    assertThat(runsOf(tenant + ":e-missed-2")).isEqualTo(1);
    // Another tenant's key space is its own: the same ids never ran for tenant-08.
    assertThat(runsOf("tenant-08:e-missed-1")).isZero();

    stubEndpoints(tenant, "ep-" + tenant, "active");
    assertThat(luccaLifecycle.reconcile(tenant).outcome()).isEqualTo(TenantReport.Outcome.ACTIVE);
    stubEndpoints("tenant-08", "ep-tenant-08", "inactive");
    assertThat(luccaLifecycle.reconcile("tenant-08").outcome())
        .isEqualTo(TenantReport.Outcome.INACTIVE);
    stubEndpoints("tenant-09", null);
    assertThat(luccaLifecycle.reconcile("tenant-09").outcome())
        .isEqualTo(TenantReport.Outcome.MISSING);
    stubEndpoints("tenant-08", "ep-tenant-08");
    stubEndpoints("tenant-09", "ep-tenant-09");
  }

  @Test
  @Order(4)
  void artaRotationKeepsBothTokensValidUntilTheOldIsRetired() throws Exception {
    String tenant = "gallery-1";
    String host = "127.0.0.101";
    lucca.stubFor(
        get(urlEqualTo("/webhooks?page=1&page_size=50"))
            .withHost(equalTo(host))
            .willReturn(okJson("{\"items\":[],\"metadata\":{\"page\":1,\"total_count\":0}}")));
    lucca.stubFor(
        post(urlEqualTo("/webhooks"))
            .withHost(equalTo(host))
            .willReturn(
                okJson(
                    "{\"id\":501,\"name\":\"hookline gallery-1\","
                        + "\"url\":\"https://hooks.example.com/webhooks/arta/gallery-1\"}")));
    lucca.stubFor(
        patch(urlEqualTo("/webhooks/501/secret_token/reset"))
            .withHost(equalTo(host))
            .willReturn(okJson("{\"secret_token\":\"arta-token-1\"}")));

    TenantReport provisioned = artaLifecycle.provision(tenant);

    assertThat(provisioned.outcome()).isEqualTo(TenantReport.Outcome.CREATED);
    assertThat(postArta(tenant, "arta-token-1", "shipment.created")).isEqualTo(200);
    lucca.stubFor(
        get(urlEqualTo("/webhooks?page=1&page_size=50"))
            .withHost(equalTo(host))
            .willReturn(
                okJson(
                    "{\"items\":[{\"id\":501,\"name\":\"hookline gallery-1\","
                        + "\"url\":\"https://hooks.example.com/webhooks/arta/gallery-1\"}],"
                        + "\"metadata\":{\"page\":1,\"total_count\":1}}")));
    lucca.stubFor(
        patch(urlEqualTo("/webhooks/501/secret_token/reset"))
            .withHost(equalTo(host))
            .willReturn(okJson("{\"secret_token\":\"arta-token-2\"}")));

    TenantReport rotated = artaLifecycle.rotate(tenant);

    assertThat(rotated.outcome()).isEqualTo(TenantReport.Outcome.ROTATED);
    assertThat(vault.secrets("arta", tenant)).containsExactly("arta-token-1", "arta-token-2");
    assertThat(postArta(tenant, "arta-token-1", "shipment.updated")).isEqualTo(200);
    assertThat(postArta(tenant, "arta-token-2", "shipment.status.updated")).isEqualTo(200);
    assertThat(postArta("gallery-2", "arta-token-2", "request.created")).isEqualTo(401);

    assertThat(artaLifecycle.retireOtherSecrets(tenant, rotated.secretId())).isEqualTo(1);

    assertThat(postArta(tenant, "arta-token-1", "request.updated")).isEqualTo(401);
    assertThat(postArta(tenant, "arta-token-2", "request.shared")).isEqualTo(200);
    assertThat(runsOf(tenant + ":request.updated")).isZero();
    assertThat(runsOf(tenant + ":request.shared")).isEqualTo(1);
  }

  int postArta(String tenant, String token, String type) throws Exception {
    return send(
        "/webhooks/arta/" + tenant,
        SignedRequests.with("arta", ARTA_SCHEME.signer(token)).event(ArtaFixtures.event(type)));
  }

  @Test
  @Order(5)
  void deprovisioningDeletesTheEndpointThenTheSecretsAndThePathAnswers401() throws Exception {
    provisionAll();
    String tenant = "tenant-20";
    String secret = luccaSecrets.get(tenant);
    assertThat(postLucca("/webhooks/lucca/" + tenant, secret, "before")).isEqualTo(200);

    TenantReport report = luccaLifecycle.deprovision(tenant);

    assertThat(report.outcome()).isEqualTo(TenantReport.Outcome.DEPROVISIONED);
    assertThat(report.detail()).isEqualTo("endpoint ep-tenant-20 deleted; 1 secret(s) deleted");
    lucca.verify(
        1,
        deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-tenant-20"))
            .withHost(equalTo(host(tenant))));
    assertThat(vault.secrets("lucca", tenant)).isEmpty();
    assertThat(postLucca("/webhooks/lucca/" + tenant, secret, "after")).isEqualTo(401);
    assertThat(runsOf(tenant + ":after")).isZero();
    assertThat(vault.secrets("lucca", "tenant-19")).containsExactly(luccaSecrets.get("tenant-19"));
  }

  /** The application behind the filter. */
  static final class NotFound extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(404);
      response.getOutputStream().write("not a webhook".getBytes(StandardCharsets.UTF_8));
    }
  }
}
