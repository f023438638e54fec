package dev.hookline.samples.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample with a Lucca lifecycle tenant, the JDBC vault on H2, and the replay password set: the
 * {@code hooklinelifecycle} actuator endpoint needs the same HTTP Basic credential as {@code
 * hooklinereplay}, and with it provisions the tenant against a WireMock stand-in for its Lucca
 * instance (the secret stored in the vault then verifies the tenant's path), reconciles it and
 * deprovisions it, answering no secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecycleActuatorTest {

  static final String USER = "ops";
  static final String PASSWORD = "lifecycle-password-TEST";
  static final String CLIENT_SECRET = "acme-client-secret-TEST";
  static final String ACCESS_TOKEN = "acme-access-token-TEST";
  static final String WEBHOOK_SECRET = "acme-webhook-secret-TEST";
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final String TOKEN = "/connect/token";
  static final String ENDPOINTS = "/lucca-api/webhook-endpoints";
  static final String LIFECYCLE = "/actuator/hooklinelifecycle";
  static final String WEBHOOK_URL = "https://hooks.example.com/webhooks/customers/acme";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** A Lucca endpoint with tenants read from the vault, and tenant acme managed on WireMock. */
  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("HOOKLINE_REPLAY_USER", () -> USER);
    registry.add("HOOKLINE_REPLAY_PASSWORD", () -> PASSWORD);
    registry.add("hookline.endpoints.customers.path", () -> "/webhooks/customers/{tenant}");
    registry.add("hookline.endpoints.customers.provider", () -> "lucca");
    registry.add("hookline.vault.keys.k1", () -> KEY);
    registry.add("hookline.vault.current-key", () -> "k1");
    registry.add("hookline.vault.create-table", () -> "true");
    registry.add("hookline.vault.cache-max-age", () -> "1ms");
    String lifecycle = "hookline.providers.lucca.lifecycle.";
    registry.add(lifecycle + "endpoint", () -> "customers");
    registry.add(lifecycle + "topics[0]", () -> "employee.*");
    registry.add(lifecycle + "token-url", () -> wm.baseUrl() + TOKEN);
    registry.add(lifecycle + "tenants.acme.host", wm::baseUrl);
    registry.add(lifecycle + "tenants.acme.client-id", () -> "acme-client");
    registry.add(lifecycle + "tenants.acme.client-secret", () -> CLIENT_SECRET);
    registry.add(lifecycle + "tenants.acme.webhook-url", () -> WEBHOOK_URL);
  }

  /** The vault's database. */
  @TestConfiguration(proxyBeanMethods = false)
  static class VaultDatabase {
    @Bean
    DataSource vaultDataSource() {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL("jdbc:h2:mem:sample-vault-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      return dataSource;
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Value("${local.server.port}")
  int port;

  @Autowired JdbcSecretVault vault;

  @BeforeEach
  void luccaApi() {
    wm.stubFor(
        post(urlEqualTo(TOKEN))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + ACCESS_TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
  }

  @Test
  void lifecycleWithoutTheCredentialIsAnswered401AndCallsNoLucca() throws Exception {
    HttpResponse<String> anonymous = send(action("acme", "provision"));
    HttpResponse<String> wrongPassword =
        send(
            action("acme", "provision")
                .header("Authorization", ReplayActuatorTest.basic(USER, "not-the-password")));
    HttpResponse<String> listing = send(request(LIFECYCLE).GET());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic"));
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(listing.statusCode()).isEqualTo(401);
    wm.verify(0, anyRequestedFor(anyUrl()));
    assertThat(vault.tenants("customers")).isEmpty();
  }

  @Test
  void provisionReconcileAndDeprovisionOverHttpWithTheCredential() throws Exception {
    stubListing("");
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(
                    endpoint("active")
                        .replaceFirst("^\\{", "{\"secret\":\"" + WEBHOOK_SECRET + "\","))));

    HttpResponse<String> listing = send(authorized(request(LIFECYCLE).GET()));
    HttpResponse<String> provision = send(authorized(action("acme", "provision")));

    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(json.readTree(listing.body()).path("tenants").toString()).isEqualTo("[\"acme\"]");
    assertThat(provision.statusCode()).as(provision.body()).isEqualTo(200);
    JsonNode provisioned = json.readTree(provision.body());
    assertThat(provisioned.path("tenant").asText()).isEqualTo("acme");
    assertThat(provisioned.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(provisioned.path("endpointId").asText()).isEqualTo("ep-1");
    assertThat(vault.secretIds("customers", "acme"))
        .containsExactly(provisioned.path("secretId").asText());
    assertThat(vault.secrets("customers", "acme")).containsExactly(WEBHOOK_SECRET);
    assertThat(provision.body())
        .doesNotContain(WEBHOOK_SECRET)
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain(ACCESS_TOKEN);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(ENDPOINTS))
            .withRequestBody(equalToJson("{\"webhookUrl\":\"" + WEBHOOK_URL + "\"}", true, true)));
    Thread.sleep(5); // past the secret cache's 1 ms
    assertThat(postEvent("/webhooks/customers/acme", WEBHOOK_SECRET)).isEqualTo(200);

    stubListing(endpoint("active"));
    HttpResponse<String> reconcile = send(authorized(action("acme", "reconcile")));

    assertThat(reconcile.statusCode()).as(reconcile.body()).isEqualTo(200);
    assertThat(json.readTree(reconcile.body()).path("outcome").asText()).isEqualTo("ACTIVE");

    wm.stubFor(delete(urlEqualTo(ENDPOINTS + "/ep-1")).willReturn(aResponse().withStatus(204)));
    HttpResponse<String> deprovision = send(authorized(action("acme", "deprovision")));

    assertThat(deprovision.statusCode()).as(deprovision.body()).isEqualTo(200);
    JsonNode deprovisioned = json.readTree(deprovision.body());
    assertThat(deprovisioned.path("outcome").asText()).isEqualTo("DEPROVISIONED");
    assertThat(deprovisioned.path("detail").asText())
        .isEqualTo("endpoint ep-1 deleted; 1 secret(s) deleted");
    wm.verify(1, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/ep-1")));
    assertThat(vault.tenants("customers")).isEmpty();
    Thread.sleep(5);
    assertThat(postEvent("/webhooks/customers/acme", WEBHOOK_SECRET)).isEqualTo(401);
  }

  @Test
  void anUnknownTenantOrActionIsAnswered400() throws Exception {
    assertThat(send(authorized(action("globex", "provision"))).statusCode()).isEqualTo(400);
    assertThat(send(authorized(action("acme", "rotate"))).statusCode()).isEqualTo(400);
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  /** Lucca's endpoint ep-1 at the tenant's URL, in the status given. */
  private static String endpoint(String status) {
    return "{\"id\":\"ep-1\",\"type\":\"webhook-endpoint\",\"url\":\"u\",\"apiVersion\":"
        + "\"2024-11-01\",\"webhookUrl\":\""
        + WEBHOOK_URL
        + "\",\"topics\":[\"employee.*\"],\"status\":\""
        + status
        + "\",\"contentType\":\"default\"}";
  }

  /** The tenant's Lucca instance lists the items given (JSON objects, comma-separated). */
  private static void stubListing(String items) {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(
                    "{\"type\":\"webhook-endpoints\",\"items\":["
                        + items
                        + "],\"links\":{\"next\":null}}")));
  }

  private int postEvent(String path, String secret) throws Exception {
    SignedRequests lucca =
        SignedRequests.lucca(secret)
            .event(LuccaFixtures.employeeUpdated().id("e-" + UUID.randomUUID()));
    HttpRequest.Builder webhook =
        request(path).POST(HttpRequest.BodyPublishers.ofByteArray(lucca.body()));
    lucca.headers().forEach(webhook::header);
    return send(webhook).statusCode();
  }

  private HttpRequest.Builder action(String tenant, String action) {
    return request(LIFECYCLE + "/" + tenant)
        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"" + action + "\"}"))
        .header("Content-Type", "application/json");
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return request.header("Authorization", ReplayActuatorTest.basic(USER, PASSWORD));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
