package dev.hookline.receiver.clients.arta;

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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.MalformedResponseException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.fixtures.Fixtures;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArtaClientTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String API_KEY = "arta-key-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WEBHOOK =
      "{\"id\":432672,\"name\":\"hooks\",\"url\":\"https://hooks.mydomain.xyz/arta\","
          + "\"created_at\":\"2021-10-27T16:48:38.657228\",\"updated_at\":\"2021-10-27T16:48:38\"}";

  ArtaClient client;

  @BeforeEach
  void setUp() {
    client =
        ArtaClient.builder()
            .apiHost(URI.create(wm.baseUrl()))
            .apiKey(API_KEY)
            .pageSize(2)
            .timeout(Duration.ofSeconds(5))
            .maxRetries(1)
            .maxRetryDelay(Duration.ofSeconds(1))
            .build();
  }

  /** A page of the fixture's delivery, ids numbered from {@code first}. */
  static String deliveriesPage(int page, int first, int count, int total) throws Exception {
    ObjectNode fixture =
        (ObjectNode) JSON.readTree(Fixtures.published("arta/webhook-deliveries.page.json"));
    ObjectNode template = (ObjectNode) fixture.path("items").get(0);
    ArrayNode items = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      items.add(template.deepCopy().put("id", "d" + (first + i)));
    }
    fixture.set("items", items);
    ((ObjectNode) fixture.path("metadata"))
        .put("page", page)
        .put("page_size", 2)
        .put("total_count", total);
    return JSON.writeValueAsString(fixture);
  }

  @Test
  void webhooksCrudPingAndSecretReset() {
    wm.stubFor(post(urlEqualTo("/webhooks")).willReturn(okJson(WEBHOOK)));
    wm.stubFor(get(urlEqualTo("/webhooks/432672")).willReturn(okJson(WEBHOOK)));
    wm.stubFor(patch(urlEqualTo("/webhooks/432672")).willReturn(okJson(WEBHOOK)));
    wm.stubFor(delete(urlEqualTo("/webhooks/432672")).willReturn(aResponse().withStatus(204)));
    wm.stubFor(post(urlEqualTo("/webhooks/432672/ping")).willReturn(aResponse().withStatus(202)));
    wm.stubFor(
        patch(urlEqualTo("/webhooks/432672/secret_token/reset"))
            .willReturn(okJson("{\"secret_token\":\"new-token-xyz\"}")));
    wm.stubFor(
        get(urlEqualTo("/webhooks?page=1&page_size=2"))
            .willReturn(
                okJson(
                    "{\"items\":["
                        + WEBHOOK
                        + "],\"metadata\":{\"page\":1,\"page_size\":2,\"total_count\":1}}")));

    ArtaWebhook created =
        client.createWebhook("hooks", URI.create("https://hooks.mydomain.xyz/arta"));
    assertThat(created.id()).isEqualTo(432672L);
    assertThat(created.createdAt()).isEqualTo(Instant.parse("2021-10-27T16:48:38.657228Z"));
    assertThat(client.webhook(432672).url()).isEqualTo("https://hooks.mydomain.xyz/arta");
    assertThat(client.webhooks().map(ArtaWebhook::id)).containsExactly(432672L);
    client.updateWebhook(432672, "renamed", null);
    client.ping(432672);
    ArtaSecretToken token = client.resetSecretToken(432672);
    client.deleteWebhook(432672);

    assertThat(token.secretToken()).isEqualTo("new-token-xyz");
    assertThat(token.toString()).doesNotContain("new-token-xyz");
    wm.verify(
        postRequestedFor(urlEqualTo("/webhooks"))
            .withHeader("Authorization", equalTo("ARTA_APIKey " + API_KEY))
            .withRequestBody(
                equalToJson(
                    "{\"webhook\":{\"name\":\"hooks\",\"url\":\"https://hooks.mydomain.xyz/arta\"}}")));
    wm.verify(
        patchRequestedFor(urlEqualTo("/webhooks/432672"))
            .withRequestBody(equalToJson("{\"webhook\":{\"name\":\"renamed\"}}")));
    wm.verify(postRequestedFor(urlEqualTo("/webhooks/432672/ping")));
    wm.verify(deleteRequestedFor(urlEqualTo("/webhooks/432672")));
  }

  @Test
  void deliveriesArePagedLazilyUntilTotalCount() throws Exception {
    wm.stubFor(
        get(urlEqualTo("/webhook_deliveries?page=1&page_size=2"))
            .willReturn(okJson(deliveriesPage(1, 1, 2, 5))));
    wm.stubFor(
        get(urlEqualTo("/webhook_deliveries?page=2&page_size=2"))
            .willReturn(okJson(deliveriesPage(2, 3, 2, 5))));
    wm.stubFor(
        get(urlEqualTo("/webhook_deliveries?page=3&page_size=2"))
            .willReturn(okJson(deliveriesPage(3, 5, 1, 5))));

    assertThat(client.deliveries().limit(2).map(ArtaDelivery::id)).containsExactly("d1", "d2");
    wm.verify(0, getRequestedFor(urlEqualTo("/webhook_deliveries?page=2&page_size=2")));

    assertThat(client.deliveries().map(ArtaDelivery::id))
        .containsExactly("d1", "d2", "d3", "d4", "d5");
    wm.verify(0, getRequestedFor(urlEqualTo("/webhook_deliveries?page=4&page_size=2")));
    ArtaDelivery first = client.deliveries().findFirst().orElseThrow();
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2021-10-27T16:48:38.657228Z"));
    assertThat(first.webhookId()).isEqualTo(432672L);
    assertThat(first.responseStatusCode()).isEqualTo(202);
    assertThat(first.delivered()).isTrue();
    assertThat(first.requestBody()).isNull();
  }

  @Test
  void deliveryParsesItsRequestBodyBackIntoTheEvent() throws Exception {
    String body =
        "{\"data\":{\"id\":\"9c67b26c\"},\"object\":\"request\",\"type\":\"request.created\"}";
    ObjectNode delivery =
        (ObjectNode) JSON.readTree(deliveriesPage(1, 1, 1, 1)).path("items").get(0);
    delivery.put("request_body", body).put("response_body", "");
    wm.stubFor(
        get(urlEqualTo("/webhook_deliveries/d1"))
            .willReturn(okJson(JSON.writeValueAsString(delivery))));

    ArtaDelivery fetched = client.delivery("d1");

    assertThat(fetched.requestBody()).isEqualTo(body);
    assertThat(fetched.deliveredEvent().orElseThrow().path("type").asText())
        .isEqualTo("request.created");
    assertThat(fetched.toString()).doesNotContain("9c67b26c");
  }

  @Test
  void requestBodyThatIsNotJsonIsMalformed() throws Exception {
    ObjectNode delivery =
        (ObjectNode) JSON.readTree(deliveriesPage(1, 1, 1, 1)).path("items").get(0);
    delivery.put("request_body", "not json");
    wm.stubFor(
        get(urlEqualTo("/webhook_deliveries/d1"))
            .willReturn(okJson(JSON.writeValueAsString(delivery))));

    assertThatThrownBy(() -> client.delivery("d1"))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageStartingWith("arta.deliveries.get: request_body is not JSON");
  }

  @Test
  void errorsCarryDetailAndRequestIdButNotTheKey() {
    wm.stubFor(
        get(urlPathEqualTo("/webhooks/1"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("x-arta-request-id", "req-42")
                    .withBody("{\"errors\":{\"detail\":\"Not found\"}}")));

    assertThatThrownBy(() -> client.webhook(1))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.operation()).isEqualTo("arta.webhooks.get");
              assertThat(e.requestId()).contains("req-42");
              assertThat(e.bodyExcerpt()).contains("Not found");
            })
        .hasMessage(
            "arta.webhooks.get failed with HTTP 404: {\"errors\":{\"detail\":\"Not found\"}}");
  }

  @Test
  void unauthorizedAndRateLimit() {
    wm.stubFor(get(urlEqualTo("/webhooks/2")).willReturn(aResponse().withStatus(401)));
    wm.stubFor(
        get(urlEqualTo("/webhooks/3"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));

    assertThatThrownBy(() -> client.webhook(2))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> client.webhook(3))
        .hasMessage("arta.webhooks.get failed with HTTP 429 after 1 retry");
    wm.verify(2, getRequestedFor(urlEqualTo("/webhooks/3")));
  }

  @Test
  void pageSizeIsAtMost50() {
    assertThatThrownBy(() -> ArtaClient.builder().apiKey("k").pageSize(51).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("pageSize must be between 1 and 50, but was 51");
    assertThat(client.toString()).doesNotContain(API_KEY);
  }
}
