package dev.hookline.receiver.clients.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.fixtures.LuccaAttemptsPage;
import dev.hookline.receiver.fixtures.LuccaEvent;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.test.TestSigners;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LuccaReplayerTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ATTEMPTS = "/lucca-api/webhook-delivery-attempts";
  static final Instant SINCE = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant RECENT = Instant.parse("2026-11-21T09:23:56.235Z");
  static final Instant OLD = Instant.parse("2026-11-01T09:23:56.235Z");

  final Map<String, Integer> handled = new ConcurrentHashMap<>();
  WebhookReceiver receiver;
  LuccaClient client;

  @BeforeEach
  void setUp() {
    receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .on(
                "employee.*",
                event -> {
                  handled.merge(event.id(), 1, Integer::sum);
                  if (event.id().equals("e7")) {
                    throw new IllegalStateException("boom");
                  }
                })
            .build();
    client =
        LuccaClient.builder()
            .apiHost(URI.create(wm.baseUrl()))
            .tokenUrl(URI.create(wm.baseUrl() + "/connect/token"))
            .clientId("hookline")
            .clientSecret("client-secret")
            .timeout(Duration.ofSeconds(5))
            .build();
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .willReturn(
                okJson("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
  }

  /** The employee.updated fixture as another event. */
  static LuccaEvent event(String id, String topic) {
    return LuccaFixtures.employeeUpdated().id(id).topic(topic);
  }

  /** One attempt of a delivery, shaped like the fixture page's item. */
  record Attempt(String id, String delivery, boolean successful, Instant createdAt) {}

  /** A delivery, shaped like the fixture page's embedded delivery; its event may be missing. */
  record Delivery(String id, String status, String eventId, LuccaEvent event) {}

  /** An attempts page of 9 in all, with the next page's URL (relative to WireMock) or none. */
  static String page(List<Attempt> attempts, List<Delivery> deliveries, String next) {
    LuccaAttemptsPage page = LuccaAttemptsPage.create().totalCount(9);
    attempts.forEach(a -> page.attempt(a.id(), a.delivery(), a.successful(), a.createdAt()));
    for (Delivery delivery : deliveries) {
      page.delivery(delivery.id(), delivery.status(), delivery.eventId());
      if (delivery.event() != null) {
        page.event(delivery.event());
      }
    }
    if (next != null) {
      page.next(next.startsWith("http") ? next : wm.baseUrl() + next);
    }
    return page.json(wm.baseUrl());
  }

  /** Answers the URL with an attempts page. */
  static void stubPage(String url, List<Attempt> attempts, List<Delivery> deliveries, String next)
      throws Exception {
    wm.stubFor(get(urlEqualTo(url)).willReturn(okJson(page(attempts, deliveries, next))));
  }

  @Test
  void eventsHandledLiveAreNotHandledAgainAndTheReportCountsMatch() throws Exception {
    LuccaEvent e1 = event("e1", "employee.updated");
    // e1 arrived live (Lucca then timed out, so its attempt is recorded as failed).
    assertThat(
            receiver
                .receive(SignedRequests.lucca(TestSigners.LUCCA_SECRET).event(e1).build())
                .status())
        .isEqualTo(200);
    assertThat(handled).containsExactly(Map.entry("e1", 1));

    stubPage(
        ATTEMPTS + "?include=embedded,links,totalCount",
        List.of(
            new Attempt("a1", "d1", false, RECENT),
            new Attempt("a2", "d2", false, RECENT),
            new Attempt("a3", "d4", true, RECENT)),
        List.of(
            new Delivery("d1", "undelivered", "e1", e1),
            new Delivery("d2", "failed", "e2", event("e2", "employee.created")),
            new Delivery("d4", "delivered", "e4", event("e4", "employee.updated"))),
        ATTEMPTS + "?page=!2&limit=3");
    stubPage(
        ATTEMPTS + "?page=!2&limit=3",
        List.of(
            new Attempt("a4", "d3", false, RECENT),
            new Attempt("a5", "d2", false, RECENT),
            new Attempt("a6", "d5", false, OLD)),
        List.of(
            new Delivery("d3", "undelivered", "e3", event("e3", "employee.deleted")),
            new Delivery("d2", "failed", "e2", event("e2", "employee.created")),
            new Delivery("d5", "failed", "e5", event("e5", "employee.updated"))),
        ATTEMPTS + "?page=!3&limit=3");
    stubPage(
        ATTEMPTS + "?page=!3&limit=3",
        List.of(
            new Attempt("a7", "d7", false, RECENT),
            new Attempt("a8", "d8", false, RECENT),
            new Attempt("a9", "d9", false, RECENT)),
        List.of(
            new Delivery("d7", "failed", "e7", event("e7", "employee.updated")),
            new Delivery("d8", "failed", "e8", null),
            new Delivery("d9", "failed", "e9", event("e9", "leave.created"))),
        null);

    LuccaReplayer replayer = LuccaReplayer.of(client, receiver);
    ReplayReport report = replayer.replaySince(SINCE);

    assertThat(handled)
        .containsOnly(
            Map.entry("e1", 1), Map.entry("e2", 1), Map.entry("e3", 1), Map.entry("e7", 1));
    assertThat(report.replayed()).isEqualTo(2);
    assertThat(report.alreadyHandled()).isEqualTo(1);
    assertThat(report.ignored()).isEqualTo(1);
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure("e7", "a handler failed (see the receiver's log)"),
            new ReplayFailure("e8", "event e8 is not embedded in the attempts page"));
    assertThat(report.complete()).isTrue();

    ReplayReport again = replayer.replaySince(SINCE);

    assertThat(again.replayed()).isZero();
    assertThat(again.alreadyHandled()).isEqualTo(3);
    assertThat(handled).contains(Map.entry("e1", 1), Map.entry("e2", 1), Map.entry("e3", 1));
  }

  @Test
  void aReplayOfOneEndpointTakesOnlyItsDeliveriesAndReportsOneNamingNoEndpoint() throws Exception {
    // d1 went to endpoint 12, d2 to another application's endpoint 99 of the same instance; d3 is
    // not embedded and, fetched, names no endpoint.
    String page =
        LuccaAttemptsPage.create()
            .endpoint("12")
            .attempt("a1", "d1", false, RECENT)
            .attempt("a2", "d2", false, RECENT)
            .attempt("a3", "d3", false, RECENT)
            .delivery("d1", "failed", "e1")
            .delivery("d2", "failed", "e2", "99")
            .event(event("e1", "employee.updated"))
            .event(event("e2", "employee.updated"))
            .json(wm.baseUrl());
    wm.stubFor(
        get(urlEqualTo(ATTEMPTS + "?include=embedded,links,totalCount")).willReturn(okJson(page)));
    wm.stubFor(
        get(urlEqualTo("/lucca-api/webhook-deliveries/d3"))
            .willReturn(
                okJson(
                    "{\"id\":\"d3\",\"status\":\"failed\","
                        + "\"event\":{\"id\":\"e3\",\"type\":\"event\"}}")));

    ReplayReport report = LuccaReplayer.of(client, receiver).forEndpoint("12").replaySince(SINCE);

    assertThat(handled).containsOnly(Map.entry("e1", 1));
    assertThat(report.replayed()).isEqualTo(1);
    assertThat(report.deliveries().get(DeliveryClass.NOT_DELIVERED)).containsExactly("d1");
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure("delivery d3", "the delivery names no endpoint: not replayed"));
  }

  @Test
  void listingFailureEndsTheRunWithAPartialReport() throws Exception {
    stubPage(
        ATTEMPTS + "?include=embedded,links,totalCount",
        List.of(new Attempt("a2", "d2", false, RECENT)),
        List.of(new Delivery("d2", "failed", "e2", event("e2", "employee.created"))),
        ATTEMPTS + "?page=!2&limit=1");
    wm.stubFor(
        get(urlEqualTo(ATTEMPTS + "?page=!2&limit=1")).willReturn(aResponse().withStatus(500)));

    ReplayReport report = LuccaReplayer.of(client, receiver).replaySince(SINCE);

    assertThat(report.replayed()).isEqualTo(1);
    assertThat(report.complete()).isFalse();
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure(ReplayFailure.LISTING, "lucca.attempts.list failed with HTTP 500"));
    assertThat(new String(JSON.writeValueAsBytes(handled), StandardCharsets.UTF_8))
        .isEqualTo("{\"e2\":1}");
  }

  @Test
  void onlyDeliveriesThatDidNotEndDeliveredAreReplayedAndTheReportClassifiesEach()
      throws Exception {
    // d1 is seed 000's delivery 87: its first attempt failed, its retry succeeded.
    stubPage(
        ATTEMPTS + "?include=embedded,links,totalCount",
        List.of(new Attempt("a1", "d1", false, RECENT), new Attempt("a2", "d2", false, RECENT)),
        List.of(
            new Delivery("d1", "delivered", "e1", event("e1", "employee.updated")),
            new Delivery("d2", "failed", "e2", event("e2", "employee.created"))),
        ATTEMPTS + "?page=!2&limit=2");
    stubPage(
        ATTEMPTS + "?page=!2&limit=2",
        List.of(new Attempt("a3", "d1", true, RECENT), new Attempt("a4", "d3", false, RECENT)),
        List.of(
            new Delivery("d1", "delivered", "e1", event("e1", "employee.updated")),
            new Delivery("d3", "undelivered", "e3", event("e3", "employee.deleted"))),
        ATTEMPTS + "?page=!3&limit=2");
    // d5 is not embedded: its status is fetched.
    stubPage(
        ATTEMPTS + "?page=!3&limit=2",
        List.of(new Attempt("a5", "d4", false, RECENT), new Attempt("a6", "d5", false, RECENT)),
        List.of(new Delivery("d4", "pending", "e4", event("e4", "employee.updated"))),
        null);
    wm.stubFor(
        get(urlEqualTo("/lucca-api/webhook-deliveries/d5"))
            .willReturn(
                okJson(
                    "{\"id\":\"d5\",\"attemptsCount\":2,\"status\":\"delivered\","
                        + "\"event\":{\"id\":\"e5\",\"type\":\"event\"}}")));

    ReplayReport report = LuccaReplayer.of(client, receiver).replaySince(SINCE);

    assertThat(handled).containsOnly(Map.entry("e2", 1), Map.entry("e3", 1));
    assertThat(report.replayed()).isEqualTo(2);
    assertThat(report.deliveries())
        .containsExactly(
            Map.entry(DeliveryClass.DELIVERED, List.of("d1", "d5")),
            Map.entry(DeliveryClass.NOT_DELIVERED, List.of("d2", "d3")),
            Map.entry(DeliveryClass.UNKNOWN_STATUS, List.of("d4")));
    assertThat(report.count(DeliveryClass.DELIVERED)).isEqualTo(2);
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure(
                "delivery d4",
                "the delivery's status \"pending\" is not a known one: not replayed"));
    assertThat(report.complete()).isTrue();
  }

  @Test
  void aRefusedNextLinkEndsTheReplayAfterEveryFetchedItemAndIsTheReason() throws Exception {
    String foreign = "https://evil.example/lucca-api/webhook-delivery-attempts?page=!3";
    stubPage(
        ATTEMPTS + "?include=embedded,links,totalCount",
        List.of(new Attempt("a1", "d1", false, RECENT)),
        List.of(new Delivery("d1", "failed", "e1", event("e1", "employee.updated"))),
        ATTEMPTS + "?page=!2&limit=1");
    stubPage(
        ATTEMPTS + "?page=!2&limit=1",
        List.of(new Attempt("a2", "d2", false, RECENT), new Attempt("a3", "d3", true, RECENT)),
        List.of(
            new Delivery("d2", "failed", "e2", event("e2", "employee.created")),
            new Delivery("d3", "delivered", "e3", event("e3", "employee.updated"))),
        foreign);

    ReplayReport report = LuccaReplayer.of(client, receiver).replaySince(SINCE);

    assertThat(handled).containsOnly(Map.entry("e1", 1), Map.entry("e2", 1));
    assertThat(report.replayed()).isEqualTo(2);
    assertThat(report.deliveries().get(DeliveryClass.NOT_DELIVERED)).containsExactly("d1", "d2");
    assertThat(report.deliveries().get(DeliveryClass.DELIVERED)).containsExactly("d3");
    assertThat(report.complete()).isFalse();
    assertThat(report.failures())
        .containsExactly(
            new ReplayFailure(
                ReplayFailure.LISTING,
                "lucca.attempts.list: link "
                    + foreign
                    + " leaves the API host localhost:"
                    + wm.getPort()));
  }
}
