package dev.hookline.receiver.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.test.Fixtures;
import dev.hookline.receiver.test.LuccaFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Lucca's token endpoint and one page of delivery attempts with embedded deliveries and events, on
 * WireMock; the page is the fixture page with its items and embedded parts replaced.
 */
final class LuccaApiStub {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "/connect/token";
  static final String ATTEMPTS =
      "/lucca-api/webhook-delivery-attempts?include=embedded,links,totalCount";

  /** A failed (or successful) attempt of a delivery of an event. */
  record Attempt(String id, String eventId, String topic, boolean successful, String createdAt) {}

  private LuccaApiStub() {}

  /** The properties of a Lucca client talking to the stub. */
  static String[] properties(String baseUrl) {
    return new String[] {
      "hookline.providers.lucca.api.host=" + baseUrl,
      "hookline.providers.lucca.api.token-url=" + baseUrl + TOKEN,
      "hookline.providers.lucca.api.client-id=hookline",
      "hookline.providers.lucca.api.client-secret=lucca-client-secret",
      "hookline.providers.lucca.api.timeout=5s"
    };
  }

  /** Stubs the token endpoint and a single page holding the attempts. */
  static void stub(WireMockExtension wm, List<Attempt> attempts) {
    wm.stubFor(
        post(urlEqualTo(TOKEN))
            .willReturn(
                okJson("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
    wm.stubFor(get(urlEqualTo(ATTEMPTS)).willReturn(okJson(page(wm.baseUrl(), attempts))));
  }

  static String page(String baseUrl, List<Attempt> attempts) {
    try {
      ObjectNode page =
          (ObjectNode)
              JSON.readTree(
                  Fixtures.published("lucca/webhook-delivery-attempts.page.json")
                      .replace(LuccaFixtures.SOURCE, baseUrl));
      ObjectNode itemTemplate = (ObjectNode) page.path("items").get(0);
      ObjectNode deliveryTemplate =
          (ObjectNode) page.path("embedded").path("webhook-delivery").path("87");
      ArrayNode items = JSON.createArrayNode();
      ObjectNode deliveries = JSON.createObjectNode();
      ObjectNode events = JSON.createObjectNode();
      for (Attempt attempt : attempts) {
        String deliveryId = "d-" + attempt.id();
        ObjectNode item = itemTemplate.deepCopy();
        item.put("id", attempt.id())
            .put("isSuccessful", attempt.successful())
            .put("responseStatusCode", attempt.successful() ? 202 : 500)
            .put("createdAt", attempt.createdAt());
        ((ObjectNode) item.path("webhookDelivery")).put("id", deliveryId);
        items.add(item);
        ObjectNode delivery = deliveryTemplate.deepCopy();
        delivery.put("id", deliveryId).put("status", attempt.successful() ? "delivered" : "failed");
        ((ObjectNode) delivery.path("event")).put("id", attempt.eventId());
        deliveries.set(deliveryId, delivery);
        events.set(
            attempt.eventId(),
            LuccaFixtures.employeeUpdated().id(attempt.eventId()).topic(attempt.topic()).json());
      }
      page.set("items", items);
      page.put("totalCount", attempts.size());
      ObjectNode embedded = (ObjectNode) page.path("embedded");
      embedded.set("webhook-delivery", deliveries);
      embedded.set("event", events);
      ((ObjectNode) page.path("links")).putNull("next");
      return JSON.writeValueAsString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
