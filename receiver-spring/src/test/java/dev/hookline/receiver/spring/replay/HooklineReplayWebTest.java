package dev.hookline.receiver.spring.replay;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.spring.Deliveries;
import dev.hookline.receiver.spring.WebhookListener;
import dev.hookline.receiver.spring.replay.LuccaApiStub.Attempt;
import dev.hookline.receiver.test.TestSigners;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replay end to end: the Lucca API on WireMock, a Lucca endpoint with a listener, and the replay
 * triggered over HTTP through the {@code hooklinereplay} actuator endpoint.
 */
@SpringBootTest(
    classes = HooklineReplayWebTest.ReplayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=" + TestSigners.LUCCA_SECRET,
      "management.endpoints.web.exposure.include=hooklinereplay"
    })
class HooklineReplayWebTest {

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final String RECENT = NOW.minus(Duration.ofHours(1)).toString();
  static final String OLD = NOW.minus(Duration.ofDays(30)).toString();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void luccaApi(DynamicPropertyRegistry registry) {
    for (String property : LuccaApiStub.properties(wm.baseUrl())) {
      int equals = property.indexOf('=');
      String value = property.substring(equals + 1);
      registry.add(property.substring(0, equals), () -> value);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ReplayListeners.class)
  static class ReplayApplication {

    /** The actuator's POST needs no CSRF token in this test; webhook paths never do. */
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }
  }

  /** Counts the runs per event id. */
  static class ReplayListeners {
    final Map<String, Integer> handled = new ConcurrentHashMap<>();

    @WebhookListener(endpoint = "lucca", topic = "employee.*")
    public void on(WebhookEvent event) {
      handled.merge(event.id(), 1, Integer::sum);
    }
  }

  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired ReplayListeners listeners;

  private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode replay(String json) throws Exception {
    HttpResponse<String> response =
        post("/actuator/hooklinereplay/lucca", json.getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return LuccaApiStub.JSON.readTree(response.body());
  }

  @Test
  void actuatorReplaysFailedEventsOnceThroughTheEndpointsListeners() throws Exception {
    // live-1 arrived live; Lucca still recorded its attempt as failed (e.g. a timeout).
    SignedRequests live = Deliveries.lucca("live-1", "employee.updated");
    assertThat(post("/webhooks/lucca", live.body(), live.headers()).statusCode()).isEqualTo(200);
    LuccaApiStub.stub(
        wm,
        List.of(
            new Attempt("a1", "live-1", "employee.updated", false, RECENT),
            new Attempt("a2", "lost-2", "employee.created", false, RECENT),
            new Attempt("a3", "lost-3", "employee.updated", false, RECENT),
            new Attempt("a4", "lost-3", "employee.updated", false, RECENT),
            new Attempt("a5", "ok-5", "employee.updated", true, RECENT),
            new Attempt("a6", "old-6", "employee.updated", false, OLD),
            new Attempt("a7", "leave-7", "leave.created", false, RECENT)));

    String since = NOW.minus(Duration.ofDays(1)).toString();
    JsonNode report = replay("{\"since\": \"" + since + "\"}");

    assertThat(listeners.handled)
        .containsOnly(Map.entry("live-1", 1), Map.entry("lost-2", 1), Map.entry("lost-3", 1));
    assertThat(report.path("provider").asText()).isEqualTo("lucca");
    assertThat(report.path("endpoint").asText()).isEqualTo("lucca");
    assertThat(report.path("since").asText()).isEqualTo(since);
    assertThat(report.path("replayed").asInt()).isEqualTo(2);
    assertThat(report.path("alreadyHandled").asInt()).isEqualTo(1);
    assertThat(report.path("ignored").asInt()).isEqualTo(1);
    assertThat(report.path("failed").asInt()).isZero();
    // One delivery per attempt here; ok-5's ended delivered, old-6's attempt is too old.
    assertThat(report.path("deliveries"))
        .isEqualTo(
            LuccaApiStub.JSON.readTree(
                "{\"notDelivered\": 5, \"delivered\": 1, \"unknownStatus\": 0}"));
    assertThat(report.path("failures").isArray()).isTrue();
    assertThat(report.path("failures")).isEmpty();
    assertThat(report.path("complete").asBoolean()).isTrue();

    JsonNode again = replay("{\"lookback\": \"2d\"}");

    assertThat(again.path("replayed").asInt()).isZero();
    assertThat(again.path("alreadyHandled").asInt()).isEqualTo(3);
    assertThat(again.path("ignored").asInt()).isEqualTo(1);
    assertThat(listeners.handled)
        .containsOnly(Map.entry("live-1", 1), Map.entry("lost-2", 1), Map.entry("lost-3", 1));
  }

  @Test
  void badRequestsAreAnswered400WithTheRule() throws Exception {
    HttpResponse<String> neither =
        post("/actuator/hooklinereplay/lucca", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    HttpResponse<String> unknown =
        post(
            "/actuator/hooklinereplay/github",
            "{\"lookback\":\"1h\"}".getBytes(StandardCharsets.UTF_8),
            Map.of());
    HttpResponse<String> malformed =
        post(
            "/actuator/hooklinereplay/lucca",
            "{\"since\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8),
            Map.of());

    assertThat(neither.statusCode()).isEqualTo(400);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(malformed.statusCode()).isEqualTo(400);
  }

  @Test
  void readOperationListsTheReplayableProviders() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/hooklinereplay"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"providers\":{\"lucca\":{\"endpoint\":\"lucca\"}}}")
        .doesNotContain("lucca-client-secret");
  }
}
