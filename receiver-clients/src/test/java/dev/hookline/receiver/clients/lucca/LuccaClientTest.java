package dev.hookline.receiver.clients.lucca;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.ApiTimeoutException;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookException;
import dev.hookline.receiver.fixtures.Fixtures;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.test.TestClock;
import dev.hookline.receiver.test.TestSigners;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LuccaClientTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String CLIENT_SECRET = "client-secret-value-123";
  static final String ENDPOINTS = "/lucca-api/webhook-endpoints";

  final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  LuccaClient client;

  @BeforeEach
  void setUp() {
    client = client(Duration.ofSeconds(5));
    stubToken("t1");
  }

  LuccaClient client(Duration timeout) {
    return LuccaClient.builder()
        .apiHost(URI.create(wm.baseUrl()))
        .tokenUrl(URI.create(wm.baseUrl() + "/connect/token"))
        .clientId("hookline")
        .clientSecret(CLIENT_SECRET)
        .timeout(timeout)
        .maxRetries(2)
        .maxRetryDelay(Duration.ofSeconds(1))
        .clock(clock)
        .build();
  }

  static void stubToken(String token) {
    wm.stubFor(post(urlEqualTo("/connect/token")).willReturn(okJson(tokenJson(token))));
  }

  static String tokenJson(String token) {
    return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}";
  }

  /** A published Lucca example with its links pointing at WireMock. */
  static String fixture(String name) {
    return Fixtures.published("lucca/" + name).replace(LuccaFixtures.SOURCE, wm.baseUrl());
  }

  static String endpointJson(String id) {
    return fixture("webhook-endpoint.create.request.json")
        .replace("\"id\": \"456789412\"", "\"id\": \"" + id + "\"");
  }

  // ---- endpoints ----

  @Test
  void createEndpointReturnsTheSecretOnceAndNeverPrintsIt() {
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(fixture("webhook-endpoint.create.response.json"))));

    CreatedEndpoint created =
        client.createEndpoint(
            EndpointCreation.of(
                URI.create("https://i-am-aweso.me/lucca-webhooks/123"),
                List.of("employee.created", "employee.updated", "employee.deleted")));

    assertThat(created.secret()).isEqualTo(TestSigners.LUCCA_SECRET);
    assertThat(created.endpoint().id()).isEqualTo("456789412");
    assertThat(created.endpoint().topics()).hasSize(3);
    assertThat(created.endpoint().createdAt()).isEqualTo(Instant.parse("2023-04-23T09:23:54.001Z"));
    assertThat(created.toString()).doesNotContain(TestSigners.LUCCA_SECRET).contains("***");
    assertThat(created.endpoint().toString()).doesNotContain(TestSigners.LUCCA_SECRET);
    wm.verify(
        postRequestedFor(urlEqualTo(ENDPOINTS))
            .withHeader("Authorization", equalTo("Bearer t1"))
            .withHeader("Api-Version", equalTo("2024-11-01"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"apiVersion\":\"2024-11-01\","
                        + "\"webhookUrl\":\"https://i-am-aweso.me/lucca-webhooks/123\","
                        + "\"topics\":[\"employee.created\",\"employee.updated\","
                        + "\"employee.deleted\"],"
                        + "\"status\":\"active\",\"contentType\":\"default\"}")));
    wm.verify(
        postRequestedFor(urlEqualTo("/connect/token"))
            .withRequestBody(
                equalTo(
                    "grant_type=client_credentials&client_id=hookline"
                        + "&client_secret=client-secret-value-123"
                        + "&scope=webhook-endpoints.readwrite+webhook-deliveries.readwrite")));
  }

  @Test
  void createResponseWithoutSecretIsMalformed() {
    wm.stubFor(post(urlEqualTo(ENDPOINTS)).willReturn(okJson(endpointJson("1"))));

    assertThatThrownBy(
            () ->
                client.createEndpoint(
                    EndpointCreation.of(URI.create("https://h.example/x"), List.of("employee.*"))))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("lucca.endpoints.create: the response holds no secret");
  }

  @Test
  void aCreateResponseThatDoesNotBindNeverQuotesTheSecret() {
    String body =
        fixture("webhook-endpoint.create.response.json")
            .replaceFirst("\"topics\"\\s*:\\s*\\[[^\\]]*\\]", "\"topics\": \"employee.created\"");
    assertThat(body)
        .contains(TestSigners.LUCCA_SECRET)
        .contains("\"topics\": \"employee.created\"");
    wm.stubFor(post(urlEqualTo(ENDPOINTS)).willReturn(okJson(body)));

    assertThatThrownBy(
            () ->
                client.createEndpoint(
                    EndpointCreation.of(URI.create("https://h.example/x"), List.of("employee.*"))))
        .isInstanceOfSatisfying(
            MalformedResponseException.class,
            e -> {
              assertThat(e.bodyExcerpt()).doesNotContain(TestSigners.LUCCA_SECRET);
              assertThat(e.getMessage())
                  .isEqualTo("lucca.endpoints.create: the response does not fit WebhookEndpoint")
                  .doesNotContain(TestSigners.LUCCA_SECRET);
            });
  }

  @Test
  void creationRefusesPlainHttpAndEmptyTopics() {
    assertThatThrownBy(
            () -> EndpointCreation.of(URI.create("http://h.example/x"), List.of("employee.*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhookUrl must be an absolute https URL, but was http://h.example/x");
    assertThatThrownBy(() -> EndpointCreation.of(URI.create("https://h.example/x"), List.of()))
        .hasMessage("topics must not be empty");
  }

  @Test
  void endpointsFollowNextHrefPageByPageAcrossThreePages() {
    String base = wm.baseUrl();
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(page(endpointJson("1"), base + ENDPOINTS + "?page=!43df&limit=1"))));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "?page=!43df&limit=1"))
            .willReturn(okJson(page(endpointJson("2"), ENDPOINTS + "?page=!88zz&limit=1"))));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "?page=!88zz&limit=1"))
            .willReturn(okJson(page(endpointJson("3"), null))));

    assertThat(client.endpoints().limit(1).map(WebhookEndpoint::id)).containsExactly("1");
    wm.verify(0, getRequestedFor(urlEqualTo(ENDPOINTS + "?page=!43df&limit=1")));

    assertThat(client.endpoints().map(WebhookEndpoint::id)).containsExactly("1", "2", "3");
    wm.verify(
        1,
        getRequestedFor(urlEqualTo(ENDPOINTS + "?page=!88zz&limit=1"))
            .withHeader("Api-Version", equalTo("2024-11-01"))
            .withHeader("Authorization", equalTo("Bearer t1")));
  }

  static String page(String item, String next) {
    return "{\"type\":\"webhook-endpoints\",\"items\":["
        + item
        + "],\"links\":{\"prev\":null,\"next\":"
        + (next == null ? "null" : "{\"href\":\"" + next + "\"}")
        + "}}";
  }

  @Test
  void aNextLinkBackToAPageAlreadyReadEndsTheListingInsteadOfPagingForEver() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(page(endpointJson("1"), ENDPOINTS + "?page=2"))));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "?page=2"))
            .willReturn(okJson(page(endpointJson("2"), ENDPOINTS + "?page=2"))));

    Iterator<WebhookEndpoint> endpoints = client.endpoints().iterator();

    assertThat(endpoints.next().id()).isEqualTo("1");
    assertThat(endpoints.next().id()).isEqualTo("2");
    assertThatThrownBy(endpoints::hasNext)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage(
            "lucca.endpoints.list: links.next.href leads back to a page already read: "
                + wm.baseUrl()
                + ENDPOINTS
                + "?page=2");
    wm.verify(1, getRequestedFor(urlEqualTo(ENDPOINTS + "?page=2")));
  }

  @Test
  void nextLinkToAnotherHostIsRefusedAfterThePageThatCarriesIt() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(page(endpointJson("1"), "https://evil.example/steal?page=2"))));

    Iterator<WebhookEndpoint> endpoints = client.endpoints().iterator();

    assertThat(endpoints.next().id()).isEqualTo("1");
    assertThatThrownBy(endpoints::hasNext)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage(
            "lucca.endpoints.list: link https://evil.example/steal?page=2 leaves the API host"
                + " localhost:"
                + wm.getPort());
    assertThatThrownBy(() -> client.endpoints().toList())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("leaves the API host");
  }

  @Test
  void schemeAndHostOfANextLinkCompareCaseInsensitively() {
    String base = "http://localhost:" + wm.getPort();
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(
                    page(
                        endpointJson("1"),
                        "HTTP://LOCALHOST:" + wm.getPort() + ENDPOINTS + "?page=!2"))));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "?page=!2"))
            .willReturn(okJson(page(endpointJson("2"), base + ENDPOINTS + "?page=!3"))));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "?page=!3")).willReturn(okJson(page(endpointJson("3"), null))));
    LuccaClient mixedCase =
        LuccaClient.builder()
            .apiHost(URI.create("http://LocalHost:" + wm.getPort()))
            .tokenUrl(URI.create(wm.baseUrl() + "/connect/token"))
            .clientId("hookline")
            .clientSecret(CLIENT_SECRET)
            .build();

    assertThat(mixedCase.endpoints().map(WebhookEndpoint::id)).containsExactly("1", "2", "3");
  }

  @Test
  void aDefaultPortEqualsTheExplicitOne() {
    LuccaClient explicitPort =
        LuccaClient.builder()
            .apiHost(URI.create("http://LocalHost:80"))
            .tokenUrl(URI.create(wm.baseUrl() + "/connect/token"))
            .clientId("hookline")
            .clientSecret(CLIENT_SECRET)
            .timeout(Duration.ofSeconds(2))
            .maxRetries(0)
            .build();
    WebhookDelivery onDefaultPort = delivery("http://localhost/lucca-api/webhook-deliveries/87/r");
    WebhookDelivery onOtherPort = delivery("http://localhost:8080/lucca-api/webhook-deliveries/87");

    // Followed: whatever port 80 answers here, the link is not refused.
    Throwable followed = catchThrowable(() -> explicitPort.retryDelivery(onDefaultPort));
    assertThat(followed == null ? "" : followed.getMessage()).doesNotContain("leaves the API host");
    assertThatThrownBy(() -> explicitPort.retryDelivery(onOtherPort))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage(
            "lucca.deliveries.retry: link http://localhost:8080/lucca-api/webhook-deliveries/87"
                + " leaves the API host LocalHost:80");
  }

  static WebhookDelivery delivery(String retryHref) {
    return new WebhookDelivery(
        "87", null, null, null, 2, "failed", null, null, Map.of("retry", new Link(retryHref)));
  }

  @Test
  void updateSendsIfMatchWithTheKnownEtagAndReactivates() {
    String suspended =
        endpointJson("7").replace("\"status\": \"active\"", "\"status\": \"suspended\"");
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(okJson(suspended).withHeader("ETag", "\"v1\"")));
    wm.stubFor(
        patch(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(okJson(endpointJson("7")).withHeader("ETag", "\"v2\"")));

    WebhookEndpoint endpoint = client.endpoint("7");
    assertThat(endpoint.suspended()).isTrue();
    assertThat(endpoint.etag()).isEqualTo("\"v1\"");

    WebhookEndpoint active = client.reactivateEndpoint(endpoint);

    assertThat(active.status()).isEqualTo(WebhookEndpoint.ACTIVE);
    assertThat(active.eTag()).contains("\"v2\"");
    wm.verify(
        patchRequestedFor(urlEqualTo(ENDPOINTS + "/7"))
            .withHeader("If-Match", equalTo("\"v1\""))
            .withHeader("Api-Version", equalTo("2024-11-01"))
            .withRequestBody(equalToJson("{\"status\":\"active\"}")));
  }

  @Test
  void updateWithoutEtagSendsNoPrecondition() {
    wm.stubFor(patch(urlEqualTo(ENDPOINTS + "/7")).willReturn(okJson(endpointJson("7"))));

    client.updateEndpoint("7", EndpointUpdate.empty().withName("HR sync"));

    wm.verify(
        patchRequestedFor(urlEqualTo(ENDPOINTS + "/7"))
            .withoutHeader("If-Match")
            .withRequestBody(equalToJson("{\"name\":\"HR sync\"}")));
  }

  @Test
  void staleEtagGives412() {
    wm.stubFor(
        patch(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(aResponse().withStatus(412).withBody("{\"message\":\"stale\"}")));
    WebhookEndpoint stale =
        new WebhookEndpoint(
            "7", null, null, null, null, null, null, "suspended", null, null, null, "\"v0\"");

    assertThatThrownBy(() -> client.updateEndpoint(stale, EndpointUpdate.reactivate()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(412));
    wm.verify(
        patchRequestedFor(urlEqualTo(ENDPOINTS + "/7")).withHeader("If-Match", equalTo("\"v0\"")));
  }

  @Test
  void deleteEndpoint() {
    wm.stubFor(delete(urlEqualTo(ENDPOINTS + "/7")).willReturn(aResponse().withStatus(204)));

    client.deleteEndpoint("7");

    wm.verify(deleteRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  // ---- deliveries and attempts ----

  static String deliveryJson(String id, String status, boolean retryLink) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"webhook-delivery\",\"nextAttemptAt\":\"2023-08-29T09:12:33.001Z\","
        + "\"attemptsCount\":2,\"status\":\""
        + status
        + "\",\"event\":{\"id\":\"123\",\"type\":\"event\"},"
        + "\"webhookEndpoint\":{\"id\":\"12\",\"type\":\"webhook-endpoint\"},"
        + "\"links\":{\"attempts\":{\"href\":\"/lucca-api/webhook-delivery-attempts?webhookDelivery.id="
        + id
        + "\"}"
        + (retryLink
            ? ",\"retry\":{\"href\":\""
                + wm.baseUrl()
                + "/lucca-api/webhook-deliveries/"
                + id
                + "/retry\"}"
            : "")
        + "}}";
  }

  @Test
  void deliveriesListGetTestAndRetry() {
    wm.stubFor(
        get(urlEqualTo("/lucca-api/webhook-deliveries"))
            .willReturn(okJson(page(deliveryJson("87", "failed", true), null))));
    wm.stubFor(
        get(urlEqualTo("/lucca-api/webhook-deliveries/88"))
            .willReturn(okJson(deliveryJson("88", "delivered", false))));
    wm.stubFor(
        post(urlEqualTo("/lucca-api/webhook-deliveries"))
            .willReturn(okJson(deliveryJson("89", "undelivered", false))));
    wm.stubFor(
        post(urlEqualTo("/lucca-api/webhook-deliveries/87/retry"))
            .willReturn(aResponse().withStatus(202)));

    WebhookDelivery failed = client.deliveries().findFirst().orElseThrow();
    assertThat(failed.delivered()).isFalse();
    assertThat(failed.attemptsCount()).isEqualTo(2);
    assertThat(failed.event().id()).isEqualTo("123");
    assertThat(client.retryDelivery(failed)).isTrue();
    wm.verify(postRequestedFor(urlEqualTo("/lucca-api/webhook-deliveries/87/retry")));

    WebhookDelivery delivered = client.delivery("88");
    assertThat(delivered.delivered()).isTrue();
    assertThat(delivered.retryLink()).isEmpty();
    assertThat(client.retryDelivery(delivered)).isFalse();

    assertThat(client.sendTestDelivery("12").id()).isEqualTo("89");
    wm.verify(
        postRequestedFor(urlEqualTo("/lucca-api/webhook-deliveries"))
            .withRequestBody(equalToJson("{\"webhookEndpoint\":{\"id\":\"12\"}}")));
  }

  @Test
  void attemptsOfADeliveryIncludeEmbeddedAndFollowTheOpaqueCursor() {
    String attempts = "/lucca-api/webhook-delivery-attempts";
    wm.stubFor(
        get(urlPathEqualTo(attempts))
            .withQueryParam("webhookDelivery.id", equalTo("87"))
            .withQueryParam("include", equalTo("embedded,links,totalCount"))
            .willReturn(okJson(fixture("webhook-delivery-attempts.page.json"))));
    wm.stubFor(
        get(urlEqualTo(attempts + "?page=!43df&limit=25"))
            .willReturn(okJson("{\"items\":[],\"links\":{\"next\":null}}")));

    List<AttemptsPage> pages = client.deliveryAttemptPages("87").toList();

    assertThat(pages).hasSize(2);
    AttemptsPage first = pages.get(0);
    assertThat(first.totalCount()).isEqualTo(29);
    WebhookDeliveryAttempt attempt = first.items().get(0);
    assertThat(attempt.successful()).isTrue();
    assertThat(attempt.responseStatusCode()).isEqualTo(202);
    assertThat(attempt.createdAt()).isEqualTo(Instant.parse("2024-04-03T09:23:56.235Z"));
    WebhookDelivery delivery = first.delivery(attempt).orElseThrow();
    assertThat(delivery.status()).isEqualTo("delivered");
    assertThat(first.event(delivery).orElseThrow().path("topic").asText())
        .isEqualTo("employee.updated");
    assertThat(client.deliveryAttempts("87").map(WebhookDeliveryAttempt::id))
        .containsExactly("874");
  }

  // ---- tokens ----

  @Test
  void tokenIsFetchedLazilyCachedAndRefreshedShortlyBeforeExpiry() {
    wm.stubFor(get(urlEqualTo(ENDPOINTS + "/7")).willReturn(okJson(endpointJson("7"))));
    wm.resetRequests();
    LuccaClient fresh = client(Duration.ofSeconds(5));
    wm.verify(0, postRequestedFor(urlEqualTo("/connect/token")));

    fresh.endpoint("7");
    fresh.endpoint("7");
    clock.advance(Duration.ofSeconds(1800 - 61));
    fresh.endpoint("7");
    wm.verify(1, postRequestedFor(urlEqualTo("/connect/token")));

    stubToken("t2");
    clock.advance(Duration.ofSeconds(2));
    fresh.endpoint("7");
    wm.verify(2, postRequestedFor(urlEqualTo("/connect/token")));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo(ENDPOINTS + "/7"))
            .withHeader("Authorization", equalTo("Bearer t2")));
  }

  @Test
  void a401FetchesANewTokenOnceAndRetries() {
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .inScenario("tokens")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(tokenJson("old")))
            .willSetStateTo("renewed"));
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .inScenario("tokens")
            .whenScenarioStateIs("renewed")
            .willReturn(okJson(tokenJson("new"))));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .withHeader("Authorization", equalTo("Bearer old"))
            .willReturn(aResponse().withStatus(401)));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .withHeader("Authorization", equalTo("Bearer new"))
            .willReturn(okJson(endpointJson("7"))));

    assertThat(client.endpoint("7").id()).isEqualTo("7");
    wm.verify(2, postRequestedFor(urlEqualTo("/connect/token")));
  }

  @Test
  void a401AfterRefreshIsThrown() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_token\"}")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.operation()).isEqualTo("lucca.endpoints.get");
              assertThat(e.getMessage()).doesNotContain("t1");
            });
    wm.verify(2, postRequestedFor(urlEqualTo("/connect/token")));
    wm.verify(2, getRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  @Test
  void rejectedClientCredentialsNeverShowTheSecret() {
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"error\":\"invalid_client\",\"got\":\"" + CLIENT_SECRET + "\"}")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.operation()).isEqualTo("lucca.token");
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.bodyExcerpt()).contains("invalid_client").doesNotContain(CLIENT_SECRET);
              assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
            });
  }

  // ---- errors, retries, timeouts ----

  @Test
  void forbiddenIs403WithOperationAndExcerpt() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"missing scope\"}")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOf(WebhookException.class)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.operation()).isEqualTo("lucca.endpoints.get");
              assertThat(e.bodyExcerpt()).isEqualTo("{\"message\":\"missing scope\"}");
            })
        .hasMessage("lucca.endpoints.get failed with HTTP 403: {\"message\":\"missing scope\"}");
  }

  @Test
  void notFoundIs404() {
    wm.stubFor(get(urlEqualTo(ENDPOINTS + "/nope")).willReturn(aResponse().withStatus(404)));

    assertThatThrownBy(() -> client.endpoint("nope"))
        .isInstanceOf(ApiException.class)
        .hasMessage("lucca.endpoints.get failed with HTTP 404");
  }

  @Test
  void serverErrorIsNotRetried() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7")).willReturn(aResponse().withStatus(500).withBody("boom")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(500));
    wm.verify(1, getRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .inScenario("rate")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("open"));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .inScenario("rate")
            .whenScenarioStateIs("open")
            .willReturn(okJson(endpointJson("7"))));

    long start = System.nanoTime();
    assertThat(client.endpoint("7").id()).isEqualTo("7");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    wm.verify(2, getRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  @Test
  void retryAfterAsAnHttpDateIsMeasuredWithTheClock() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "Thu, 01 Jan 2026 00:00:00 GMT"))
            .willSetStateTo("free"));
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(okJson(endpointJson("7"))));

    assertThat(client.endpoint("7").id()).isEqualTo("7");
    wm.verify(2, getRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  @Test
  void unavailableIsRetriedAtMostMaxRetriesTimes() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOf(ApiException.class)
        .hasMessage("lucca.endpoints.get failed with HTTP 503 after 2 retries");
    wm.verify(3, getRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  @Test
  void retryAfterBeyondTheBoundFailsAtOnce() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429))
        .hasMessage(
            "lucca.endpoints.get failed with HTTP 429; Retry-After PT2M exceeds the limit of PT1S");
    wm.verify(1, getRequestedFor(urlEqualTo(ENDPOINTS + "/7")));
  }

  @Test
  void malformedJsonGivesAClearError() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(aResponse().withStatus(200).withBody("{\"id\": \"7\", oops")));

    assertThatThrownBy(() -> client.endpoint("7"))
        .isInstanceOfSatisfying(
            MalformedResponseException.class,
            e -> {
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.operation()).isEqualTo("lucca.endpoints.get");
              assertThat(e.bodyExcerpt()).isEqualTo("{\"id\": \"7\", oops");
            })
        .hasMessageStartingWith("lucca.endpoints.get: the response is not valid JSON");
  }

  @Test
  void collectionWithoutItemsIsMalformed() {
    wm.stubFor(get(urlEqualTo(ENDPOINTS)).willReturn(okJson("{\"type\":\"webhook-endpoints\"}")));

    assertThatThrownBy(() -> client.endpoints().toList())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("lucca.endpoints.list: the collection has no \"items\" array");
  }

  @Test
  void slowResponseTimesOut() {
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS + "/7"))
            .willReturn(okJson(endpointJson("7")).withFixedDelay(1500)));
    LuccaClient impatient = client(Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.endpoint("7"))
        .isInstanceOfSatisfying(
            ApiTimeoutException.class,
            e -> assertThat(e.status()).isEqualTo(ApiException.NO_STATUS))
        .hasMessage("lucca.endpoints.get got no response within PT0.3S");
  }

  @Test
  void builderRequiresHostAndCredentials() {
    assertThatThrownBy(() -> LuccaClient.builder().clientId("a").clientSecret("b").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith("apiHost must be an absolute URI");
    assertThatThrownBy(
            () ->
                LuccaClient.builder()
                    .apiHost(URI.create("https://example.ilucca.net"))
                    .clientId("a")
                    .build())
        .hasMessage("clientSecret is required");
    assertThat(client.toString()).doesNotContain(CLIENT_SECRET);
  }
}
