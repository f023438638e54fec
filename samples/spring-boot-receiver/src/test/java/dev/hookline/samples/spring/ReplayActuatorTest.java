package dev.hookline.samples.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.fixtures.LuccaAttemptsPage;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample with the Lucca API variables and a replay password set, against a WireMock stand-in
 * for the Lucca API: the replay actuator needs the credential, runs the sample's listener, and
 * answers no secret; the webhook paths, {@code /demo/events} and health still need none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayActuatorTest {

  static final String CLIENT_SECRET = "lucca-client-secret-TEST";
  static final String ACCESS_TOKEN = "lucca-access-token-TEST";
  static final String USER = "ops";
  static final String PASSWORD = "replay-password-TEST";
  static final String TOKEN = "/connect/token";
  static final String ATTEMPTS = "/lucca-api/webhook-delivery-attempts";
  static final String REPLAY = "/actuator/hooklinereplay/lucca";
  static final String LOOKBACK = "{\"lookback\":\"1h\"}";

  /** The event of the delivery whose only attempt failed. */
  static final String MISSED = "missed-87";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** The environment variables the README documents, and the stand-in's token endpoint. */
  @DynamicPropertySource
  static void variables(DynamicPropertyRegistry registry) {
    registry.add("LUCCA_API_HOST", wm::baseUrl);
    registry.add("LUCCA_CLIENT_ID", () -> "hookline-sample");
    registry.add("LUCCA_CLIENT_SECRET", () -> CLIENT_SECRET);
    registry.add("HOOKLINE_REPLAY_USER", () -> USER);
    registry.add("HOOKLINE_REPLAY_PASSWORD", () -> PASSWORD);
    registry.add("hookline.providers.lucca.api.token-url", () -> wm.baseUrl() + TOKEN);
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Value("${local.server.port}")
  int port;

  @Autowired EventLog eventLog;

  @Autowired HooklineProperties properties;

  @BeforeEach
  void luccaApi() {
    wm.stubFor(
        post(urlEqualTo(TOKEN))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + ACCESS_TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
    wm.stubFor(get(urlPathEqualTo(ATTEMPTS)).willReturn(okJson(missedDeliveryPage())));
  }

  @Test
  void replayWithoutTheCredentialIsAnswered401AndHandlesNothing() throws Exception {
    long before = handled(MISSED);

    HttpResponse<String> anonymous = send(replay(LOOKBACK));
    HttpResponse<String> wrongPassword =
        send(replay(LOOKBACK).header("Authorization", basic(USER, "not-the-password")));
    HttpResponse<String> listing =
        send(request("/actuator/hooklinereplay").GET().header("Accept", "application/json"));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic"));
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(listing.statusCode()).isEqualTo(401);
    assertThat(handled(MISSED)).isEqualTo(before);
    wm.verify(0, getRequestedFor(urlPathEqualTo(ATTEMPTS)));
  }

  @Test
  void replayWithTheCredentialRunsTheSampleListenerAndAnswersNoSecret() throws Exception {
    HttpResponse<String> response =
        send(replay(LOOKBACK).header("Authorization", basic(USER, PASSWORD)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode report = json.readTree(response.body());
    assertThat(report.path("provider").asText()).isEqualTo("lucca");
    assertThat(report.path("endpoint").asText()).isEqualTo("lucca");
    assertThat(report.path("replayed").asInt()).isEqualTo(1);
    assertThat(report.path("alreadyHandled").asInt()).isZero();
    assertThat(report.path("failed").asInt()).isZero();
    assertThat(report.path("complete").asBoolean()).isTrue();
    assertThat(eventLog.entries())
        .filteredOn(entry -> entry.eventId().equals(MISSED))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.endpoint()).isEqualTo("lucca");
              assertThat(entry.topic()).isEqualTo("employee.updated");
              assertThat(entry.changes().get("givenName")).containsEntry("old", "Ed");
            });
    assertThat(response.body())
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain(ACCESS_TOKEN)
        .doesNotContain(PASSWORD);
    assertThat(response.headers().map().toString())
        .doesNotContain(ACCESS_TOKEN)
        .doesNotContain(PASSWORD);
    wm.verify(
        getRequestedFor(urlPathEqualTo(ATTEMPTS))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
  }

  /** Why the replay needs no CSRF token: a cross-site form cannot send its JSON body. */
  @Test
  void replayRefusesTheBodiesACrossSiteFormCanSend() throws Exception {
    HttpResponse<String> response =
        send(
            request(REPLAY)
                .POST(HttpRequest.BodyPublishers.ofString(LOOKBACK))
                .header("Content-Type", "text/plain")
                .header("Authorization", basic(USER, PASSWORD)));

    assertThat(response.statusCode()).isEqualTo(415);
    wm.verify(0, getRequestedFor(urlPathEqualTo(ATTEMPTS)));
  }

  @Test
  void webhooksDemoEventsAndHealthStillNeedNoCredential() throws Exception {
    SignedRequests lucca =
        SignedRequests.lucca(properties.getEndpoints().get("lucca").getSecrets().get(0))
            .event(LuccaFixtures.employeeUpdated());
    HttpRequest.Builder webhook =
        request("/webhooks/lucca").POST(HttpRequest.BodyPublishers.ofByteArray(lucca.body()));
    lucca.headers().forEach(webhook::header);

    assertThat(send(webhook).statusCode()).isEqualTo(200);
    assertThat(send(request("/demo/events").GET()).statusCode()).isEqualTo(200);
    assertThat(send(request("/actuator/health").GET()).statusCode()).isEqualTo(200);
    assertThat(send(request("/actuator/hookline").GET()).statusCode()).isEqualTo(200);
  }

  /**
   * A page of delivery attempts with one attempt failed ten minutes ago, its delivery failed, and
   * its event, Lucca's employee.updated as {@link #MISSED}, embedded; no next page.
   */
  private String missedDeliveryPage() {
    return LuccaAttemptsPage.create()
        .attempt("874", "87", false, Instant.now().minus(Duration.ofMinutes(10)))
        .delivery("87", "failed", MISSED)
        .event(LuccaFixtures.employeeUpdated().id(MISSED))
        .json(wm.baseUrl());
  }

  private long handled(String eventId) {
    return eventLog.entries().stream().filter(entry -> entry.eventId().equals(eventId)).count();
  }

  private HttpRequest.Builder replay(String body) {
    return request(REPLAY)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An HTTP Basic {@code Authorization} header value. */
  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
