package dev.hookline.receiver.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.shopify.Shopify;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.slack.Slack;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An attacker holds one captured, genuinely signed delivery and re-sends it with everything the
 * signature does not cover changed: headers (CloudEvents binary-mode attributes, delivery ids,
 * alias headers, content types, repeated headers), the query and the path. Whatever they send, no
 * handler runs a second time, none runs under another topic, and the next genuine event is not
 * swallowed as a "duplicate" of a forged one. Every provider, synchronous and asynchronous.
 */
class UnsignedHeaderReplayTest {

  /** One provider: how its receiver is built and how a genuine sender signs event {@code id}. */
  private record Provider(
      String name,
      String topic,
      Supplier<WebhookReceiver.Builder> receiver,
      Function<String, WebhookRequest> genuine) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A change an attacker makes to the captured request; gets the next genuine event's id. */
  private record Mutation(String name, BiFunction<WebhookRequest, String, WebhookRequest> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> providersAndModes() {
    List<Arguments> all = new ArrayList<>();
    for (Provider provider : providers()) {
      all.add(Arguments.of(provider, false));
      all.add(Arguments.of(provider, true));
    }
    return all.stream();
  }

  private static List<Provider> providers() {
    return List.of(
        new Provider(
            "lucca",
            "employee.updated",
            () -> Lucca.receiver(TestRequests.LUCCA_SECRET),
            id -> lucca(TestRequests.employeeUpdated(id), "application/json")),
        new Provider(
            "lucca cloudevents structured",
            "employee.updated",
            () -> Lucca.receiver(TestRequests.LUCCA_SECRET),
            id ->
                lucca(
                    cloudEvent(id).getBytes(StandardCharsets.UTF_8), MediaTypes.CLOUDEVENTS_JSON)),
        new Provider(
            "lucca cloudevents batch",
            "employee.updated",
            () -> Lucca.receiver(TestRequests.LUCCA_SECRET),
            id ->
                lucca(
                    ("[" + cloudEvent(id) + "]").getBytes(StandardCharsets.UTF_8),
                    MediaTypes.CLOUDEVENTS_BATCH_JSON)),
        new Provider(
            "lucca, a CloudEvent sent as application/json",
            "employee.updated",
            () -> Lucca.receiver(TestRequests.LUCCA_SECRET),
            id -> lucca(cloudEvent(id).getBytes(StandardCharsets.UTF_8), "application/json")),
        new Provider(
            "standard webhooks",
            "invoice.paid",
            () -> StandardWebhooks.receiver(Senders.STANDARD_WEBHOOKS_SECRET),
            Senders::standardWebhooks),
        // Senders whose signed body is also shaped as a CloudEvent: the unsigned Content-Type
        // must not read it once as the provider's event and once as a CloudEvent.
        new Provider(
            "standard webhooks, a body shaped as a CloudEvent",
            "invoice.paid",
            () -> StandardWebhooks.receiver(Senders.STANDARD_WEBHOOKS_SECRET),
            id ->
                Senders.standardWebhooksSigned("msg-" + id, cloudEventOfType(id, "invoice.paid"))),
        new Provider(
            "stripe", "customer.created", () -> Stripe.receiver(Senders.SECRET), Senders::stripe),
        new Provider(
            "stripe, a body shaped as a CloudEvent",
            "customer.created",
            () -> Stripe.receiver(Senders.SECRET),
            id -> Senders.stripeSigned(cloudEventOfType(id, "customer.created"))),
        new Provider(
            "github, a body shaped as a CloudEvent",
            "release.published",
            () -> GitHub.receiver(Senders.SECRET),
            id ->
                Senders.withHeaders(
                    Senders.bodyHmac(
                        "X-Hub-Signature-256",
                        "sha256=",
                        cloudEventOfType(id, "release.published")),
                    "X-GitHub-Event",
                    "push",
                    "X-GitHub-Delivery",
                    "delivery-" + id)),
        new Provider(
            "github",
            "pull_request.opened",
            () -> GitHub.receiver(Senders.SECRET),
            Senders::gitHub),
        new Provider(
            "shopify", "orders/create", () -> Shopify.receiver(Senders.SECRET), Senders::shopify),
        new Provider("slack", "app_mention", () -> Slack.receiver(Senders.SECRET), Senders::slack),
        new Provider(
            "arta (body HMAC)",
            "shipment.updated",
            () ->
                Arta.receiver(
                    HmacSignature.builder()
                        .signatureHeader("X-Arta-Signature")
                        .secrets(Senders.SECRET)
                        .build()),
            id ->
                Senders.bodyHmac(
                    "X-Arta-Signature",
                    "",
                    "{\"data\":{\"id\":\""
                        + id
                        + "\"},\"object\":\"shipment\","
                        + "\"type\":\"shipment.updated\"}")),
        new Provider(
            "generic body HMAC",
            "order.created",
            () ->
                WebhookReceiver.builder()
                    .endpoint("acme")
                    .verifier(
                        HmacSignature.builder()
                            .signatureHeader("X-Acme-Signature")
                            .secrets(Senders.SECRET)
                            .build())
                    .reader(JsonEventReader.of("acme", "type", "id", "data")),
            id ->
                Senders.bodyHmac(
                    "X-Acme-Signature",
                    "",
                    "{\"id\":\"" + id + "\",\"type\":\"order.created\",\"data\":{\"n\":1}}")));
  }

  private static List<Mutation> mutations() {
    List<Mutation> all = new ArrayList<>();
    all.add(
        new Mutation(
            "CloudEvents binary-mode headers, forged id and type",
            (request, next) ->
                Senders.copy(request)
                    .header("ce-specversion", "1.0")
                    .header("ce-id", "forged-1")
                    .header("ce-source", "https://attacker.example")
                    .header("ce-type", "employee.deleted")
                    .build()));
    all.add(
        new Mutation(
            "CloudEvents binary-mode headers naming the next genuine event",
            (request, next) ->
                Senders.copy(request)
                    .header("ce-specversion", "1.0")
                    .header("ce-id", next)
                    .header("ce-source", "https://example.ilucca.net")
                    .header("ce-type", "employee.updated")
                    .build()));
    for (String contentType :
        List.of(
            MediaTypes.CLOUDEVENTS_JSON,
            MediaTypes.CLOUDEVENTS_BATCH_JSON,
            "application/json",
            "APPLICATION/JSON; charset=utf-8",
            "text/plain",
            "application/vnd.attacker+json")) {
      all.add(
          new Mutation(
              "Content-Type " + contentType,
              (request, next) -> Senders.replaced(request, "content-type", contentType)));
    }
    for (String[] header :
        List.of(
            new String[] {"X-GitHub-Delivery", "forged-delivery"},
            new String[] {"X-GitHub-Event", "issues"},
            new String[] {"webhook-id", "forged-id"},
            new String[] {"svix-id", "forged-id"},
            new String[] {"Idempotency-Key", "forged-key"},
            new String[] {"Api-Version", "1999-01-01"},
            new String[] {"X-Shopify-Topic", "orders/delete"},
            new String[] {"X-Shopify-Webhook-Id", "forged-webhook"},
            new String[] {"X-Shopify-Event-Id", "forged-event"},
            new String[] {"X-Shopify-Triggered-At", "2030-01-01T00:00:00Z"},
            new String[] {"X-Slack-Retry-Num", "1"},
            new String[] {"X-Slack-Retry-Reason", "http_timeout"})) {
      all.add(
          new Mutation(
              header[0] + " replaced",
              (request, next) ->
                  Senders.replaced(request, header[0].toLowerCase(Locale.ROOT), header[1])));
      all.add(
          new Mutation(
              header[0] + " naming the next genuine event",
              (request, next) ->
                  Senders.replaced(request, header[0].toLowerCase(Locale.ROOT), next)));
      all.add(
          new Mutation(
              header[0] + " added twice",
              (request, next) ->
                  Senders.copy(request)
                      .header(header[0], header[1])
                      .header(header[0], next)
                      .build()));
    }
    all.add(
        new Mutation(
            "every header repeated with a forged second value",
            (request, next) -> {
              WebhookRequest.Builder builder = Senders.copy(request);
              request.headers().names().forEach(name -> builder.header(name, "forged"));
              return builder.build();
            }));
    all.add(
        new Mutation(
            "query parameters",
            (request, next) ->
                Senders.copy(request)
                    .queryParameter("id", next)
                    .queryParameter("topic", "employee.deleted")
                    .queryParameter("echo", "x")
                    .build()));
    all.add(
        new Mutation(
            "another path",
            (request, next) -> Senders.copy(request).path("/webhooks/other;jsessionid=1").build()));
    all.add(
        new Mutation(
            "GET with a challenge",
            (request, next) ->
                Senders.copy(request).method("GET").queryParameter("echo", "x").build()));
    return all;
  }

  @ParameterizedTest(name = "{0}, async={1}")
  @MethodSource("providersAndModes")
  void aCapturedDeliveryResentWithUnsignedChangesNeverRunsAgainNorSwallowsTheNextEvent(
      Provider provider, boolean async) {
    List<String> runs = new CopyOnWriteArrayList<>();
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver.Builder builder =
        provider
            .receiver()
            .get()
            .idempotencyStore(InMemoryIdempotencyStore.create())
            .onAny(event -> runs.add(event.topic() + " " + event.idempotencyKey()));
    if (async) {
      builder.async(inbox);
    }
    WebhookReceiver receiver = builder.build();
    WebhookRequest captured = provider.genuine().apply("evt-a");
    WebhookRequest next = provider.genuine().apply("evt-b");

    WebhookResponse first = receiver.receive(captured);
    assertThat(first.status()).as(first.bodyText()).isEqualTo(async ? 202 : 200);
    List<String> afterGenuine = List.copyOf(runs);
    int backlog = inbox.backlog();

    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (Mutation mutation : mutations()) {
      WebhookResponse response = receiver.receive(mutation.apply().apply(captured, "evt-b"));
      statuses.put(mutation.name(), response.status());
      assertThat(response.status())
          .as("%s: %s", mutation, response.bodyText())
          .isIn(200, 400, 401, 405, 415);
      assertThat(runs).as("handler runs after %s", mutation).isEqualTo(afterGenuine);
      assertThat(inbox.backlog()).as("accepted after %s", mutation).isEqualTo(backlog);
    }

    WebhookResponse genuineNext = receiver.receive(next);
    assertThat(genuineNext.status())
        .as("the next genuine event after %s", statuses)
        .isEqualTo(async ? 202 : 200);
    if (async) {
      assertThat(inbox.backlog()).isEqualTo(backlog + 1);
    } else {
      assertThat(runs).hasSize(2);
      assertThat(runs).allSatisfy(run -> assertThat(run).startsWith(provider.topic() + " "));
      assertThat(runs.get(0)).isNotEqualTo(runs.get(1));
    }
  }

  /**
   * A sender whose topic header is unsigned, a genuine delivery under a topic without handlers, and
   * the topic an attacker re-sends its body under, which has one.
   */
  static Stream<Arguments> unsignedTopics() {
    List<Arguments> all = new ArrayList<>();
    for (boolean async : List.of(false, true)) {
      all.add(
          Arguments.of(
              "github",
              (Supplier<WebhookReceiver.Builder>) () -> GitHub.receiver(Senders.SECRET),
              Senders.replaced(Senders.gitHub("7"), "x-github-event", "issues"),
              "x-github-event",
              "pull_request",
              "pull_request.opened",
              async));
      all.add(
          Arguments.of(
              "shopify",
              (Supplier<WebhookReceiver.Builder>) () -> Shopify.receiver(Senders.SECRET),
              Senders.replaced(Senders.shopify("7"), "x-shopify-topic", "customers/update"),
              "x-shopify-topic",
              "orders/create",
              "orders/create",
              async));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, async={6}")
  @MethodSource("unsignedTopics")
  void aBodyFirstDeliveredUnderATopicWithoutHandlersNeverRunsUnderAnotherSentInItsUnsignedHeader(
      String name,
      Supplier<WebhookReceiver.Builder> provider,
      WebhookRequest genuine,
      String topicHeader,
      String forgedTopic,
      String handledTopic,
      boolean async)
      throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver.Builder builder =
        provider.get().on(handledTopic, event -> runs.add(event.topic() + " " + event.id()));
    if (async) {
      builder.async(inbox);
    }
    WebhookReceiver receiver = builder.build();

    WebhookResponse first = receiver.receive(genuine);
    WebhookResponse forged = receiver.receive(Senders.replaced(genuine, topicHeader, forgedTopic));
    if (async) {
      dev.hookline.receiver.Drain.withWorker(receiver, inbox);
    }

    assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
    assertThat(forged.status()).as(forged.bodyText()).isEqualTo(200);
    assertThat(runs).isEmpty();
    assertThat(inbox.deadCount()).isZero();
  }

  @ParameterizedTest(name = "async={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void anEventWithoutHandlersWhoseTopicIsSignedIsNotRemembered(boolean async) {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create();
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver.Builder builder =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .idempotencyStore(store)
            .on("employee.deleted", event -> {});
    if (async) {
      builder.async(inbox);
    }

    WebhookResponse ignored =
        builder.build().receive(lucca(TestRequests.employeeUpdated(), "application/json"));

    assertThat(ignored.status()).isEqualTo(200);
    assertThat(store.size()).isZero();
    assertThat(inbox.backlog()).isZero();
  }

  private static String cloudEvent(String id) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"https://example.ilucca.net\",\"type\":\"employee.updated\","
        + "\"datacontenttype\":\"application/json\",\"data\":{\"id\":1,\"givenName\":\"Edward\"}}";
  }

  /**
   * A body that is both a CloudEvent and, for Stripe, a Stripe event: {@code id}, {@code object},
   * {@code type}, {@code created} and {@code data} beside the CloudEvents attributes.
   */
  private static String cloudEventOfType(String id, String type) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"https://sender.example\",\"type\":\""
        + type
        + "\",\"object\":\"event\",\"created\":1700000000,"
        + "\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}";
  }

  private static WebhookRequest lucca(byte[] body, String contentType) {
    return Senders.replaced(TestRequests.lucca(body).build(), "content-type", contentType);
  }
}
