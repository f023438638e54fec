package dev.hookline.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.fixtures.ArtaFixtures;
import dev.hookline.receiver.fixtures.GitHubFixtures;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.Signers;
import dev.hookline.receiver.fixtures.StandardWebhooksFixtures;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.replay.HooklineReplays;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * The sample over real HTTP: a signed event to each endpoint, then {@code GET /demo/events}. Events
 * are signed with the secrets the app bound, so the test passes with or without the environment
 * variables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Value("${local.server.port}")
  int port;

  @Autowired HooklineProperties properties;

  @Autowired DemoSecrets demoSecrets;

  @Autowired ApplicationContext context;

  @Test
  void luccaEmployeeUpdatedIsRecordedWithTheChangedGivenName() throws Exception {
    HttpResponse<String> response =
        post(
            "/webhooks/lucca",
            SignedRequests.lucca(secret("lucca")).event(LuccaFixtures.employeeUpdated()));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode entry = recorded("lucca", "123");
    assertThat(entry.path("topic").asText()).isEqualTo("employee.updated");
    assertThat(entry.path("receivedAt").asText()).isNotEmpty();
    assertThat(entry.path("changes").size()).isEqualTo(1);
    assertThat(entry.path("changes").path("givenName").path("old").asText()).isEqualTo("Ed");
    assertThat(entry.path("changes").path("givenName").path("new").asText()).isEqualTo("Edward");
  }

  @Test
  void gitHubPingAndPushAreRecordedOnceEach() throws Exception {
    String ping = UUID.randomUUID().toString();
    String push = UUID.randomUUID().toString();
    SignedRequests gitHub = SignedRequests.gitHub(secret("github"));
    SignedRequests pushed = gitHub.event(GitHubFixtures.push().id(push));

    assertThat(post("/webhooks/github", gitHub.event(GitHubFixtures.ping().id(ping))).statusCode())
        .isEqualTo(200);
    assertThat(post("/webhooks/github", pushed).statusCode()).isEqualTo(200);
    // GitHub redelivers with the same X-GitHub-Delivery: answered 200, handled once.
    assertThat(post("/webhooks/github", pushed).statusCode()).isEqualTo(200);

    assertThat(recorded("github", ping).path("topic").asText()).isEqualTo("ping");
    assertThat(recorded("github", push).path("topic").asText()).isEqualTo("push");
    assertThat(all("github", push)).hasSize(1);
  }

  @Test
  void stripeUpdateIsRecordedWithItsPreviousAttributes() throws Exception {
    String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
    String body =
        "{\"id\":\""
            + id
            + "\",\"object\":\"event\",\"type\":\"customer.updated\",\"created\":1735720463,"
            + "\"api_version\":\"2024-06-20\",\"data\":{\"object\":{\"id\":\"cus_42\","
            + "\"object\":\"customer\",\"email\":\"new@example.com\"},"
            + "\"previous_attributes\":{\"email\":\"old@example.com\"}}}";

    HttpResponse<String> response =
        post("/webhooks/stripe", SignedRequests.stripe(secret("stripe")).body(body));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode entry = recorded("stripe", id);
    assertThat(entry.path("topic").asText()).isEqualTo("customer.updated");
    assertThat(entry.path("changes").path("email").path("old").asText())
        .isEqualTo("old@example.com");
    assertThat(entry.path("changes").path("email").path("new").asText())
        .isEqualTo("new@example.com");
  }

  @Test
  void anEventListingThousandsOfChangesIsRecordedBounded() throws Exception {
    String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
    String note = "x".repeat(5_000);
    StringBuilder previous = new StringBuilder("{\"note\":\"" + note + "\"");
    for (int i = 0; i < 1_000; i++) {
      previous.append(",\"a").append(i).append("\":").append(i);
    }
    String body =
        "{\"id\":\""
            + id
            + "\",\"object\":\"event\",\"type\":\"customer.updated\",\"created\":1735720463,"
            + "\"data\":{\"object\":{\"id\":\"cus_42\",\"object\":\"customer\",\"note\":\"n\"},"
            + "\"previous_attributes\":"
            + previous
            + "}}}";

    HttpResponse<String> response =
        post("/webhooks/stripe", SignedRequests.stripe(secret("stripe")).body(body));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode entry = recorded("stripe", id);
    assertThat(entry.path("changes").size()).isEqualTo(EventLog.MAX_CHANGES);
    assertThat(entry.path("moreChanges").asInt()).isEqualTo(1_001 - EventLog.MAX_CHANGES);
    assertThat(entry.path("changes").path("note").path("old").asText())
        .isEqualTo("(5002 characters of JSON, not kept)");
    assertThat(entry.path("changes").path("note").path("new").asText()).isEqualTo("n");
    assertThat(entry.path("changes").path("a0").path("old").asInt()).isZero();
  }

  @Test
  void standardWebhooksEventIsRecorded() throws Exception {
    String id = "msg_" + UUID.randomUUID();
    HttpResponse<String> response =
        post(
            "/webhooks/standard",
            SignedRequests.standardWebhooks(secret("standard"))
                .event(StandardWebhooksFixtures.invoicePaid().id(id)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode entry = recorded("standard", id);
    assertThat(entry.path("topic").asText()).isEqualTo("invoice.paid");
    assertThat(entry.path("changes").isEmpty()).isTrue();
  }

  @Test
  void artaEventSignedWithTheAgreedHmacIsRecordedUnderTheBodyHash() throws Exception {
    SignedRequests shipment =
        arta(secret("arta"))
            .event(
                ArtaFixtures.event("shipment.status.updated")
                    .set("data.id", UUID.randomUUID().toString()));
    String sha256 = sha256(shipment.body());

    HttpResponse<String> response = post("/webhooks/arta", shipment);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(recorded("arta", sha256).path("topic").asText())
        .isEqualTo("shipment.status.updated");
  }

  @Test
  void eachLuccaTenantIsVerifiedWithItsOwnSecretOnItsOwnPath() throws Exception {
    String id = UUID.randomUUID().toString();

    for (String tenant : List.of("acme", "globex")) {
      HttpResponse<String> response =
          post(
              "/webhooks/lucca/" + tenant,
              SignedRequests.lucca(tenantSecret(tenant))
                  .event(LuccaFixtures.employeeUpdated().id(id)));
      assertThat(response.statusCode()).as(tenant).isEqualTo(200);
    }

    List<JsonNode> entries = all("lucca-tenants", id);
    assertThat(entries)
        .extracting(entry -> entry.path("tenant").asText())
        .containsOnly("acme", "globex")
        .hasSize(2);
  }

  @Test
  void oneTenantsSecretIsRejectedOnTheOtherTenantsPathAndAnUnknownTenantLikewise()
      throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests ofAcme =
        SignedRequests.lucca(tenantSecret("acme")).event(LuccaFixtures.employeeUpdated().id(id));

    HttpResponse<String> atGlobex = post("/webhooks/lucca/globex", ofAcme);
    HttpResponse<String> atUnknown = post("/webhooks/lucca/initech", ofAcme);

    assertThat(atGlobex.statusCode()).isEqualTo(401);
    assertThat(atUnknown.statusCode()).isEqualTo(401);
    assertThat(atUnknown.body()).isEqualTo(atGlobex.body());
    assertThat(all("lucca-tenants", id)).isEmpty();
  }

  @Test
  void wrongSignatureIsRejectedAndNotRecorded() throws Exception {
    SignedRequests forged =
        arta("not-the-secret")
            .event(
                ArtaFixtures.event("shipment.created")
                    .set("data.id", "rejected-" + UUID.randomUUID()));
    String sha256 = sha256(forged.body());

    HttpResponse<String> response = post("/webhooks/arta", forged);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).startsWith("signature rejected");
    assertThat(all("arta", sha256)).isEmpty();
  }

  @Test
  void demoEventsAndHealthNeedNoAuthentication() throws Exception {
    HttpResponse<String> events = get("/demo/events");
    HttpResponse<String> health = get("/actuator/health");

    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(json.readTree(events.body()).isArray()).isTrue();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  /** application.yml and DemoSecrets name the same demo secrets, and each is announced. */
  @Test
  void unsetVariablesFallBackToTheAnnouncedDemoSecrets() {
    for (DemoSecrets.Demo demo : DemoSecrets.DEMOS) {
      assumeTrue(System.getenv(demo.variable()) == null, demo.variable() + " is set");
      assertThat(demo.bound(properties)).containsExactly(demo.secret());
    }
    assertThat(demoSecrets.warnings()).hasSize(DemoSecrets.DEMOS.size());
  }

  /** Without the provider API variables: no client, nothing replayable, no replay endpoint. */
  @Test
  void unsetApiVariablesLeaveReplayOff() throws Exception {
    assumeTrue(System.getenv("LUCCA_API_HOST") == null, "LUCCA_API_HOST is set");
    assumeTrue(System.getenv("ARTA_API_KEY") == null, "ARTA_API_KEY is set");

    assertThat(context.getBeanNamesForType(LuccaClient.class)).isEmpty();
    assertThat(context.getBeanNamesForType(ArtaClient.class)).isEmpty();
    assertThat(context.getBeanNamesForType(HooklineReplays.class)).isEmpty();
    assertThat(get("/actuator/hooklinereplay").statusCode()).isEqualTo(404);
    assertThat(
            post(
                    "/actuator/hooklinereplay/lucca",
                    Map.of("Content-Type", "application/json"),
                    "{\"lookback\":\"1h\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(404);
  }

  private String secret(String endpoint) {
    return properties.getEndpoints().get(endpoint).getSecrets().get(0);
  }

  private String tenantSecret(String tenant) {
    return properties
        .getEndpoints()
        .get("lucca-tenants")
        .getTenants()
        .get(tenant)
        .getSecrets()
        .get(0);
  }

  /** The sample's Arta scheme: X-Arta-Signature, the hex HMAC-SHA256 of the raw body. */
  private static SignedRequests arta(String secret) {
    return SignedRequests.with(
        "arta",
        Signers.hmac()
            .signatureHeader("X-Arta-Signature")
            .encoding(SignatureEncoding.HEX)
            .scheme()
            .signer(secret));
  }

  private static String sha256(byte[] body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
  }

  private HttpResponse<String> post(String path, SignedRequests request)
      throws IOException, InterruptedException {
    return post(path, request.headers(), request.body());
  }

  private HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The entries of /demo/events for the endpoint and event id. */
  private List<JsonNode> all(String endpoint, String eventId) throws Exception {
    HttpResponse<String> response = get("/demo/events");
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode entry : json.readTree(response.body())) {
      if (entry.path("endpoint").asText().equals(endpoint)
          && entry.path("eventId").asText().equals(eventId)) {
        found.add(entry);
      }
    }
    return found;
  }

  private JsonNode recorded(String endpoint, String eventId) throws Exception {
    List<JsonNode> found = all(endpoint, eventId);
    assertThat(found).as("/demo/events entry %s %s", endpoint, eventId).hasSize(1);
    return found.get(0);
  }
}
