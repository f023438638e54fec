package dev.hookline.receiver.clients.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.Fixtures;
import dev.hookline.receiver.signature.SignatureVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArtaReplayerTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final ObjectMapper JSON = new ObjectMapper();

  /** Bodies with Arta's own spacing: the dedup key is the hash of these exact bytes. */
  static String body(String id) {
    return "{\"data\": {\"id\": \""
        + id
        + "\"}, \"object\": \"request\", \"type\": \"request.created\"}";
  }

  record Row(String id, String status, String createdAt, String body) {}

  static ObjectNode delivery(Row row) throws Exception {
    ObjectNode page =
        (ObjectNode) JSON.readTree(Fixtures.published("arta/webhook-deliveries.page.json"));
    ObjectNode item = ((ObjectNode) page.path("items").get(0)).deepCopy();
    return item.put("id", row.id()).put("status", row.status()).put("created_at", row.createdAt());
  }

  static String page(int number, List<Row> rows, int total) throws Exception {
    ObjectNode page =
        (ObjectNode) JSON.readTree(Fixtures.published("arta/webhook-deliveries.page.json"));
    ArrayNode items = JSON.createArrayNode();
    for (Row row : rows) {
      items.add(delivery(row));
    }
    page.set("items", items);
    ((ObjectNode) page.path("metadata"))
        .put("page", number)
        .put("page_size", 2)
        .put("total_count", total);
    return JSON.writeValueAsString(page);
  }

  static ArtaClient client() {
    return ArtaClient.builder()
        .apiHost(URI.create(wm.baseUrl()))
        .apiKey("key")
        .pageSize(2)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void failedDeliveriesAreReplayedFromTheirExactRequestBody() throws Exception {
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    WebhookReceiver receiver =
        Arta.receiver(SignatureVerifier.unverified("test"))
            .on(
                "request.*",
                event -> {
                  String id = event.data().path("id").asText();
                  handled.merge(id, 1, Integer::sum);
                  if (id.equals("boom")) {
                    throw new IllegalStateException("boom");
                  }
                })
            .build();
    // r1 arrived live, though Arta recorded the delivery as failed.
    WebhookRequest live =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .body(body("r1").getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(receiver.receive(live).status()).isEqualTo(200);

    String recent = "2026-11-21T10:00:00.123456";
    List<Row> rows =
        List.of(
            new Row("d1", "failed", recent, body("r1")),
            new Row("d2", "failed", recent, body("r2")),
            new Row("d3", "delivered", recent, body("r3")),
            new Row("d4", "failed", "2026-11-01T10:00:00", body("r4")),
            new Row("d5", "failed", recent, null),
            new Row("d6", "failed", recent, body("boom")));
    for (int page = 1; page <= 3; page++) {
      wm.stubFor(
          get(urlEqualTo("/webhook_deliveries?page=" + page + "&page_size=2"))
              .willReturn(okJson(page(page, rows.subList(2 * page - 2, 2 * page), rows.size()))));
    }
    for (Row row : rows) {
      if (row.body() == null) {
        wm.stubFor(
            get(urlEqualTo("/webhook_deliveries/" + row.id()))
                .willReturn(
                    aResponse()
                        .withStatus(404)
                        .withBody("{\"errors\":{\"detail\":\"Not found\"}}")));
      } else {
        ObjectNode detail = delivery(row).put("request_body", row.body()).put("response_body", "");
        wm.stubFor(
            get(urlEqualTo("/webhook_deliveries/" + row.id()))
                .willReturn(okJson(JSON.writeValueAsString(detail))));
      }
    }

    ReplayReport report =
        ArtaReplayer.of(client(), receiver).replaySince(Instant.parse("2026-11-20T00:00:00Z"));

    assertThat(handled).containsOnly(Map.entry("r1", 1), Map.entry("r2", 1), Map.entry("boom", 1));
    assertThat(report.replayed()).isEqualTo(1);
    assertThat(report.alreadyHandled()).isEqualTo(1);
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure(
                "d5",
                "arta.deliveries.get failed with HTTP 404: {\"errors\":{\"detail\":\"Not found\"}}"),
            new ReplayFailure("d6", "a handler failed (see the receiver's log)"));
    wm.verify(0, getRequestedFor(urlEqualTo("/webhook_deliveries/d3")));
    wm.verify(0, getRequestedFor(urlEqualTo("/webhook_deliveries/d4")));
    assertThat(report.deliveries())
        .containsExactly(
            Map.entry(DeliveryClass.DELIVERED, List.of("d3")),
            Map.entry(DeliveryClass.NOT_DELIVERED, List.of("d1", "d2", "d5", "d6")),
            Map.entry(DeliveryClass.UNKNOWN_STATUS, List.of()));
  }

  @Test
  void aDeliveryOfUnknownStatusIsNeitherFetchedNorReplayedButReported() throws Exception {
    String recent = "2026-11-21T10:00:00.123456";
    wm.stubFor(
        get(urlEqualTo("/webhook_deliveries?page=1&page_size=2"))
            .willReturn(
                okJson(
                    page(
                        1,
                        List.of(
                            new Row("d1", "pending", recent, body("r1")),
                            new Row("d2", "delivered", recent, body("r2"))),
                        2))));
    WebhookReceiver receiver =
        Arta.receiver(SignatureVerifier.unverified("test")).on("request.*", event -> {}).build();

    ReplayReport report =
        ArtaReplayer.of(client(), receiver).replaySince(Instant.parse("2026-11-20T00:00:00Z"));

    assertThat(report.replayed()).isZero();
    assertThat(report.count(DeliveryClass.UNKNOWN_STATUS)).isEqualTo(1);
    assertThat(report.count(DeliveryClass.DELIVERED)).isEqualTo(1);
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure(
                "d1", "the delivery's status \"pending\" is not a known one: not replayed"));
    wm.verify(0, getRequestedFor(urlEqualTo("/webhook_deliveries/d1")));
  }
}
