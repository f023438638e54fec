package dev.hookline.receiver.spring.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.fixtures.LuccaAttemptsPage;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import java.time.Instant;
import java.util.List;

/**
 * Lucca's token endpoint and one page of delivery attempts with embedded deliveries and events (the
 * test kit's {@link LuccaAttemptsPage}), on WireMock.
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
    LuccaAttemptsPage page = LuccaAttemptsPage.create();
    for (Attempt attempt : attempts) {
      String deliveryId = "d-" + attempt.id();
      page.attempt(
              attempt.id(), deliveryId, attempt.successful(), Instant.parse(attempt.createdAt()))
          .delivery(deliveryId, attempt.successful() ? "delivered" : "failed", attempt.eventId())
          .event(LuccaFixtures.employeeUpdated().id(attempt.eventId()).topic(attempt.topic()));
    }
    return page.json(baseUrl);
  }
}
