package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.test.TestSigners;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The starter end to end over real HTTP, behind Spring Security, with Actuator and Micrometer. */
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=old-secret," + TestSigners.LUCCA_SECRET,
      // CloudEvents binary mode, whose ce-* headers no signature covers, only where trusted.
      "hookline.endpoints.binary.path=/webhooks/binary",
      "hookline.endpoints.binary.provider=lucca",
      "hookline.endpoints.binary.secrets=" + HooklineWebTest.BINARY_SECRET,
      "hookline.endpoints.binary.framings=provider,cloudevents-binary",
      "hookline.endpoints.binary.trust-unsigned-headers=the tests send their own ce-* values",
      "management.endpoints.web.exposure.include=health,hookline",
      "management.endpoint.health.show-details=always"
    })
class HooklineWebTest {

  /** The binary endpoint's own secret: two endpoints of one provider may not share one. */
  static final String BINARY_SECRET = "binary-endpoint-secret";

  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired RecordingListeners listeners;

  @Autowired MeterRegistry registry;

  @Autowired WebApplicationContext context;

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A signed Lucca delivery that also carries CloudEvents binary-mode headers. */
  private HttpRequest.Builder binary(Map<String, String> ceHeaders) {
    HttpRequest.Builder request =
        post(
            "/webhooks/binary",
            SignedRequests.lucca(BINARY_SECRET)
                .event(
                    LuccaFixtures.employeeUpdated()
                        .id(UUID.randomUUID().toString())
                        .topic("employee.updated")));
    request.header("ce-specversion", "1.0");
    ceHeaders.forEach(request::header);
    return request;
  }

  private HttpRequest.Builder post(String path, SignedRequests signed) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(builder::header);
    return builder;
  }

  @Test
  void signedDeliveryReachesTheListenersWithoutLoginOrCsrfToken() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<String> response =
        send(post("/webhooks/lucca", Deliveries.lucca(id, "employee.updated")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(listeners.calls).contains("typed Ed->Edward changed=[givenName]");
  }

  @Test
  void otherPathsStayBehindSpringSecurity() throws Exception {
    HttpResponse<String> response =
        send(post("/api/orders", SignedRequests.lucca(TestSigners.LUCCA_SECRET).body("{}")));

    assertThat(response.statusCode()).isIn(401, 403);
  }

  @Test
  void unsignedDeliveryIsRejectedByHooklineNotBySecurity() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/lucca"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).startsWith("signature rejected: MISSING_HEADER");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/webhooks/lucca/", "/webhooks/lucca;jsessionid=1"})
  void trailingSlashAndPathParameterReachTheEndpointNotSecurity(String path) throws Exception {
    HttpResponse<String> response =
        send(post(path, Deliveries.lucca(UUID.randomUUID().toString(), "x.created")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  /**
   * A chunked body the container cannot read (a chunk size that is no number) is answered 400 by
   * the filter, and the request is not also sent to the error page, which found the answer written
   * and logged it (two WARN lines a request in Spring MVC, any sender's to make).
   */
  @Test
  void anUnreadableChunkedBodyIs400AndNeverReachesTheErrorPage() throws Exception {
    List<String> messages;
    String status;
    try (LogCapture logs = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      socket
          .getOutputStream()
          .write(
              ("POST /webhooks/lucca HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Type: application/json\r\nLucca-Timestamp: 2026-01-01T00:00:00Z\r\n"
                      + "Lucca-Signature: AAAA\r\nTransfer-Encoding: chunked\r\n"
                      + "Connection: close\r\n\r\n-1\r\nxx\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      status =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
              .lines()
              .findFirst()
              .orElse("");
      // The error page ran on the container's thread once the answer was written.
      Thread.sleep(500);
      messages = logs.messages();
    }

    assertThat(status).startsWith("HTTP/1.1 400");
    // Spring MVC's error controller logs "response committed already"; behind Spring Security
    // (as here) Tomcat logs the error page's failure: "Exception Processing [ErrorPage[…]]".
    assertThat(messages)
        .noneMatch(message -> message.contains("committed") || message.contains("ErrorPage"));
  }

  @Test
  void untrustedIdsTopicsAndHeaderValuesReachTheLogEscapedOnOneLine() throws Exception {
    List<String> messages;
    try (LogCapture logs = LogCapture.of("dev.hookline")) {
      // A CR LF in a signed id, on a failing listener's error line.
      send(
          post(
              "/webhooks/lucca",
              Deliveries.lucca("forged\r\n[main] INFO granted", "employee.deleted")));
      // U+2028 in a topic no listener handles, NEL (U+0085) in its id.
      send(post("/webhooks/lucca", Deliveries.lucca("x\u0085y", "leave.created\u2028forged")));
      // CloudEvents binary mode percent-decodes ce-* header values: into an id, and into the
      // reason a request is rejected for.
      send(
          binary(
              Map.of(
                  "ce-id", "forged%0D%0Aline",
                  "ce-source", "https://example.test/",
                  "ce-type", "leave.created")));
      send(
          binary(
              Map.of(
                  "ce-id", "1", "ce-source", "%0D%0Aforged%E2%80%A8", "ce-type", "leave.created")));
      messages = logs.messages();
    }

    assertThat(messages)
        .anySatisfy(m -> assertThat(m).contains("forged\\r\\n[main] INFO granted"))
        .anySatisfy(m -> assertThat(m).contains("leave.created\\u2028forged x\\u0085y"))
        .anySatisfy(m -> assertThat(m).contains("leave.created forged\\r\\nline"))
        // The reader quotes the invalid source escaped; the log line doubles those backslashes so
        // that they cannot pass for its own escapes.
        .anySatisfy(m -> assertThat(m).contains("\\\\r\\\\nforged\\\\u2028"))
        .allSatisfy(m -> assertThat(m).doesNotContainPattern("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]"));
  }

  @Test
  void activationChallengeIsEchoed() throws Exception {
    String value = "iusiof24dsfxvcç834";
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/webhooks/lucca?echo="
                            + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(value);
  }

  @Test
  void listenerFailureAnswers503WithRetryAfterOnLucca() throws Exception {
    HttpResponse<String> response =
        send(
            post(
                "/webhooks/lucca", Deliveries.lucca("x-" + UUID.randomUUID(), "employee.deleted")));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void previousValuesThatDoNotFitAPreviousParameterStopTheEventBeforeAnyListenerRuns()
      throws Exception {
    int before = listeners.calls.size();
    SignedRequests signed =
        SignedRequests.lucca(TestSigners.LUCCA_SECRET)
            .event(
                LuccaFixtures.employeeUpdated()
                    .id("unbindable-" + UUID.randomUUID())
                    .previous("givenName", Map.of("first", "Ed")));

    HttpResponse<String> response = send(post("/webhooks/lucca", signed));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(response.body())
        .startsWith("event data does not bind to Employee: previousAttributes.givenName: ");
    assertThat(listeners.calls)
        .as("neither the @Previous listener nor the raw one on employee.*")
        .hasSize(before);
    assertThat(
            registry
                .get("hookline.deliveries")
                .tags("endpoint", "lucca", "topic", "employee.updated", "outcome", "unbindable")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void actuatorListsEndpointsWithOutcomesButNoSecrets() throws Exception {
    send(
        post(
            "/webhooks/lucca", Deliveries.lucca(UUID.randomUUID().toString(), "employee.updated")));

    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/hookline"))
                .GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"path\":\"/webhooks/lucca\"")
        .contains("\"provider\":\"lucca\"")
        .contains("\"handled\":")
        .contains("secrets=2")
        .doesNotContain(TestSigners.LUCCA_SECRET)
        .doesNotContain("old-secret");
  }

  @Test
  void healthReportsTheIdempotencyStore() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health/hookline"))
                .GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"status\":\"UP\"")
        .contains("\"store\":\"InMemoryIdempotencyStore\"");
  }

  @Test
  void deliveriesAreCountedInMicrometer() throws Exception {
    send(
        post(
            "/webhooks/lucca", Deliveries.lucca(UUID.randomUUID().toString(), "employee.updated")));

    assertThat(
            registry
                .get("hookline.deliveries")
                .tags("endpoint", "lucca", "topic", "employee.updated", "outcome", "handled")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void mockMvcReachesTheEndpointThroughTheRegisteredFilter() throws Exception {
    FilterRegistrationBean<?> registration =
        context.getBean("hooklineFilter", FilterRegistrationBean.class);
    MockMvc mockMvc =
        MockMvcBuilders.webAppContextSetup(context).addFilters(registration.getFilter()).build();
    SignedRequests signed = Deliveries.lucca(UUID.randomUUID().toString(), "employee.updated");
    MockHttpServletRequestBuilder request =
        MockMvcRequestBuilders.post("/webhooks/lucca").content(signed.body());
    signed.headers().forEach(request::header);

    mockMvc.perform(request).andExpect(status().isOk());
    mockMvc
        .perform(
            MockMvcRequestBuilders.post("/webhooks/lucca")
                .contentType("application/json")
                .content("{}"))
        .andExpect(status().isUnauthorized());
  }
}
