package dev.hookline.receiver.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.RetryStatuses;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The trust rules of the README: framings an endpoint accepts, binary mode only over signed or
 * explicitly trusted headers, keys namespaced by endpoint, and the statuses of outcomes to retry.
 */
class TrustRulesTest {

  private static final String SECRET = Senders.SECRET;
  private static final String SW_SECRET = Senders.STANDARD_WEBHOOKS_SECRET;

  private final List<String> runs = new CopyOnWriteArrayList<>();

  @Test
  void aStandardWebhooksIdCannotMarkTheStripeEventWithTheSameIdDoneInASharedStore() {
    IdempotencyStore shared = InMemoryIdempotencyStore.create();
    WebhookReceiver standardWebhooks =
        StandardWebhooks.receiver(SW_SECRET)
            .idempotencyStore(shared)
            .onAny(event -> runs.add("sw " + event.id()))
            .build();
    WebhookReceiver stripe =
        Stripe.receiver(SECRET)
            .idempotencyStore(shared)
            .onAny(event -> runs.add("stripe " + event.id()))
            .build();

    assertThat(standardWebhooks.receive(Senders.standardWebhooks("evt_X")).status()).isEqualTo(200);
    assertThat(stripe.receive(Senders.stripe("evt_X")).status()).isEqualTo(200);
    assertThat(stripe.receive(Senders.stripe("evt_X")).status()).isEqualTo(200);
    assertThat(stripe.replay(unsigned(Senders.stripe("evt_X"))))
        .containsExactly(DeliveryOutcome.DUPLICATE);

    assertThat(runs).containsExactly("sw evt_X", "stripe evt_X");
  }

  @Test
  void aSenderFillingABoundedSharedStoreCannotEvictAnotherEndpointsKeys() {
    IdempotencyStore shared = InMemoryIdempotencyStore.builder().maxEntries(200).build();
    WebhookReceiver gitHub =
        GitHub.receiver(SECRET)
            .idempotencyStore(shared)
            .onAny(event -> runs.add("github " + event.topic()))
            .build();
    WebhookReceiver standardWebhooks =
        StandardWebhooks.receiver(SW_SECRET)
            .idempotencyStore(shared)
            .onAny(event -> runs.add("sw"))
            .build();
    WebhookRequest captured = Senders.gitHub("7");
    assertThat(gitHub.receive(captured).status()).isEqualTo(200);

    // The holder of the other endpoint's secret sends ten times the store's bound of new events.
    for (int i = 0; i < 2_000; i++) {
      assertThat(standardWebhooks.receive(Senders.standardWebhooks("msg_" + i)).status())
          .isEqualTo(200);
    }
    // GitHub signs no timestamp: the captured delivery may come back at any time.
    WebhookResponse again = gitHub.receive(Senders.replaced(captured, "X-GitHub-Event", "issues"));

    assertThat(again.status()).isEqualTo(200);
    assertThat(runs)
        .filteredOn(run -> run.startsWith("github"))
        .containsExactly("github pull_request.opened");
    assertThat(runs).hasSize(2_001);
  }

  @Test
  void aBarInASignedSourceOrIdCannotMakeTwoLuccaEventsOneKey() {
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .onAny(event -> runs.add(event.source() + " " + event.id()))
            .build();

    WebhookResponse first =
        receiver.receive(TestRequests.lucca(luccaEvent("https://acme.ilucca.net|x", "42")).build());
    WebhookResponse second =
        receiver.receive(TestRequests.lucca(luccaEvent("https://acme.ilucca.net", "x|42")).build());

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(runs)
        .containsExactly("https://acme.ilucca.net|x 42", "https://acme.ilucca.net x|42");
  }

  @Test
  void aStandardWebhooksIdHoldingABarIsNotTheKeyOfACloudEventOnTheSameEndpoint() {
    WebhookReceiver receiver =
        StandardWebhooks.receiver(SW_SECRET).onAny(event -> runs.add(event.id())).build();
    String cloudEvent =
        "{\"specversion\":\"1.0\",\"id\":\"u\",\"source\":\"https://s.example\","
            + "\"type\":\"invoice.paid\",\"data\":{}}";

    WebhookResponse first = receiver.receive(Senders.standardWebhooks("https://s.example|u"));
    WebhookResponse second =
        receiver.receive(Senders.standardWebhooksSigned("msg_other", cloudEvent));

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(runs).containsExactly("https://s.example|u", "u");
  }

  private static byte[] luccaEvent(String source, String id) {
    return ("{\"id\":\""
            + id
            + "\",\"topic\":\"employee.updated\",\"source\":\""
            + source
            + "\",\"data\":{}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void asyncEndpointsSharingAnInboxStoreKeysUnderTheirOwnNames() {
    InMemoryInbox shared = InMemoryInbox.create();
    WebhookReceiver standardWebhooks =
        StandardWebhooks.receiver(SW_SECRET).async(shared).onAny(event -> {}).build();
    WebhookReceiver stripe = Stripe.receiver(SECRET).async(shared).onAny(event -> {}).build();

    assertThat(standardWebhooks.receive(Senders.standardWebhooks("evt_X")).status()).isEqualTo(202);
    assertThat(stripe.receive(Senders.stripe("evt_X")).status()).isEqualTo(202);
    assertThat(stripe.receive(Senders.stripe("evt_X")).status()).isEqualTo(200);

    assertThat(shared.take(10, java.time.Duration.ofMinutes(1)))
        .extracting(message -> message.key())
        .containsExactlyInAnyOrder("standard-webhooks|evt_X", "stripe|evt_X");
  }

  @Test
  void endpointsNamedAlikeShareKeysSoNamesMustDifferAndAreValidated() {
    assertThatThrownBy(() -> Stripe.receiver(SECRET).endpoint("a|b").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("endpoint must be 1 to 64 letters, digits, '.', '-' or '_', but was \"a|b\"");
    assertThatThrownBy(() -> Stripe.receiver(SECRET).endpoint("").build())
        .isInstanceOf(WebhookConfigurationException.class);
    assertThat(Stripe.receiver(SECRET).endpoint("stripe-eu_2.x").build().toString())
        .startsWith("WebhookReceiver[endpoint=stripe-eu_2.x, ");
  }

  @Test
  void binaryModeIsRefusedAtBuildWhenItsHeadersAreNeitherSignedNorTrusted() {
    assertThatThrownBy(
            () ->
                Lucca.receiver(TestRequests.LUCCA_SECRET)
                    .framings(Set.of(Framing.PROVIDER, Framing.CLOUDEVENTS_BINARY))
                    .build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith(
            "CloudEvents binary mode takes event identity from the headers [ce-id, ce-source,"
                + " ce-type], which HmacSignature[header=Lucca-Signature")
        .hasMessageEndingWith(
            "does not sign: sign them (e.g. an HMAC signed-content template with {header:ce-id})"
                + " or call trustUnsignedHeaders(why)");
    assertThatThrownBy(
            () -> Lucca.receiver(TestRequests.LUCCA_SECRET).trustUnsignedHeaders("why").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "trustUnsignedHeaders is set, but no header that decides an event's identity goes"
                + " unsigned here; drop it");
    assertThatThrownBy(() -> Lucca.receiver(TestRequests.LUCCA_SECRET).framings(Set.of()).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("framings must accept at least one framing");
  }

  @Test
  void aReaderTakingIdsFromHeadersNeedsAVerifierThatSignsThem() {
    assertThatThrownBy(
            () ->
                StandardWebhooks.receiver(
                        dev.hookline.receiver.signature.HmacSignature.builder()
                            .signatureHeader("webhook-signature")
                            .secrets(SECRET)
                            .build())
                    .build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith(
            "StandardWebhooksEventReader takes event identity from the headers [svix-id,"
                + " webhook-id], which HmacSignature[header=webhook-signature");
    assertThat(
            StandardWebhooks.receiver(
                    dev.hookline.receiver.signature.SignatureVerifier.unverified("test"))
                .trustUnsignedHeaders("the network authenticates senders in this test")
                .build())
        .isNotNull();
  }

  @Test
  void binaryModeWithSignedCeHeadersReadsOnlyThoseIgnoresUnsignedOnesAndRejectsAChangedOne() {
    dev.hookline.receiver.signature.SignatureVerifier verifier =
        dev.hookline.receiver.signature.HmacSignature.builder()
            .signatureHeader("X-Signature")
            .signedContent("{header:ce-id}.{header:ce-source}.{header:ce-type}.{body}")
            .secrets(SECRET)
            .build();
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .endpoint("binary")
            .verifier(verifier)
            .reader((request, mapper) -> List.of())
            .framings(Set.of(Framing.CLOUDEVENTS_BINARY))
            .onAny(
                event ->
                    runs.add(
                        event.topic()
                            + " "
                            + event.id()
                            + " "
                            + event.data().get("n")
                            + " apiVersion="
                            + event.apiVersion().orElse("none")
                            + " changed="
                            + event.changed("n")))
            .build();
    String body = "{\"n\":1}";
    String signature = hexHmac("evt-1.https://example.com.order.created." + body);
    WebhookRequest signed =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("X-Signature", signature)
            .header("ce-specversion", "1.0")
            .header("ce-id", "evt-1")
            .header("ce-source", "https://example.com")
            .header("ce-type", "order.created")
            .body(body.getBytes(StandardCharsets.UTF_8))
            .build();

    WebhookResponse genuine =
        receiver.receive(
            Senders.withHeaders(
                signed, "ce-apiversion", "forged", "ce-previousattributes", "%7B%22n%22%3A0%7D"));
    WebhookResponse changedType =
        receiver.receive(
            Senders.replaced(Senders.withHeaders(signed), "content-type", "application/json"));
    WebhookResponse retyped =
        receiver.receive(Senders.replaced(signed, "ce-type", "order.deleted"));

    assertThat(genuine.status()).isEqualTo(200);
    assertThat(changedType.status()).isEqualTo(200);
    assertThat(retyped.status()).isEqualTo(401);
    assertThat(retyped.bodyText()).contains("no signature in X-Signature matches");
    assertThat(runs).containsExactly("order.created evt-1 1 apiVersion=none changed=false");
    assertThat(receiver.toString()).contains("framings=[CLOUDEVENTS_BINARY]");
  }

  @Test
  void aSignedBinaryRequestStaysBinaryWithoutItsUnsignedSpecVersionOrUnderAStructuredType() {
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .endpoint("shop")
            .verifier(
                dev.hookline.receiver.signature.HmacSignature.builder()
                    .signatureHeader("X-Signature")
                    .signedContent("{header:ce-id}.{header:ce-source}.{header:ce-type}.{body}")
                    .secrets(SECRET)
                    .build())
            .reader(dev.hookline.receiver.event.JsonEventReader.of("shop", "type", "id", "data"))
            .framings(
                Set.of(
                    Framing.PROVIDER,
                    Framing.CLOUDEVENTS_STRUCTURED,
                    Framing.CLOUDEVENTS_BATCH,
                    Framing.CLOUDEVENTS_BINARY))
            .onAny(event -> runs.add(event.topic() + " " + event.id()))
            .build();
    // The data is itself an event the provider's reader would take, under another topic and id.
    String body = "{\"id\":\"ord_1\",\"type\":\"order.paid\",\"data\":{\"total\":5}}";
    String signature = hexHmac("evt-1.https://example.com.order.created." + body);
    WebhookRequest.Builder withoutSpecVersion =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("X-Signature", signature)
            .header("ce-id", "evt-1")
            .header("ce-source", "https://example.com")
            .header("ce-type", "order.created")
            .body(body.getBytes(StandardCharsets.UTF_8));
    WebhookRequest genuine =
        Senders.withHeaders(withoutSpecVersion.build(), "ce-specversion", "1.0");

    WebhookResponse stripped = receiver.receive(withoutSpecVersion.build());
    WebhookResponse first = receiver.receive(genuine);
    WebhookResponse structured =
        receiver.receive(Senders.replaced(genuine, "content-type", MediaTypes.CLOUDEVENTS_JSON));
    WebhookResponse strippedAgain = receiver.receive(withoutSpecVersion.build());

    assertThat(stripped.status()).isEqualTo(400);
    assertThat(stripped.bodyText()).contains("ce-specversion");
    assertThat(first.status()).isEqualTo(200);
    assertThat(structured.status()).isEqualTo(200);
    assertThat(strippedAgain.status()).isEqualTo(400);
    assertThat(runs).containsExactly("order.created evt-1");
  }

  @Test
  void anApplicationMapperAllowingNonStandardJsonDoesNotMakeTheReceiverReadIt() {
    com.fasterxml.jackson.databind.ObjectMapper lenient =
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .objectMapper(lenient)
            .onAny(event -> runs.add(event.topic()))
            .build();
    String event = new String(TestRequests.employeeUpdated(), StandardCharsets.UTF_8);
    // A comment before specversion hid a CloudEvent's shape from the shape check (plain JSON),
    // while the lenient mapper read it: one body, two readings.
    String commented =
        "{/*c*/\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"https://s\","
            + "\"type\":\"employee.deleted\",\"topic\":\"employee.created\",\"data\":{}}";

    WebhookResponse withComment =
        receiver.receive(
            TestRequests.lucca(("/* note */" + event).getBytes(StandardCharsets.UTF_8)).build());
    WebhookResponse singleQuoted =
        receiver.receive(
            TestRequests.lucca(event.replace("\"id\"", "'id'").getBytes(StandardCharsets.UTF_8))
                .build());
    WebhookResponse asJson =
        receiver.receive(TestRequests.lucca(commented.getBytes(StandardCharsets.UTF_8)).build());
    WebhookResponse asCloudEvent =
        receiver.receive(
            Senders.replaced(
                TestRequests.lucca(commented.getBytes(StandardCharsets.UTF_8)).build(),
                "content-type",
                MediaTypes.CLOUDEVENTS_JSON));

    assertThat(withComment.status()).as(withComment.bodyText()).isEqualTo(400);
    assertThat(singleQuoted.status()).as(singleQuoted.bodyText()).isEqualTo(400);
    assertThat(asJson.status()).as(asJson.bodyText()).isEqualTo(400);
    assertThat(asCloudEvent.status()).as(asCloudEvent.bodyText()).isEqualTo(400);
    assertThat(runs).isEmpty();
    assertThat(
            lenient.isEnabled(
                com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS
                    .mappedFeature()))
        .as("the application's mapper is not changed")
        .isTrue();
  }

  @Test
  void inSignedBinaryModeAnUnsignedContentTypeCannotChangeHowTheSignedBytesAreRead() {
    List<String> seen = new CopyOnWriteArrayList<>();
    String attributes = "{header:ce-id}.{header:ce-source}.{header:ce-type}";
    WebhookReceiver withoutContentType = binaryReceiver(attributes, seen);
    WebhookReceiver withContentType = binaryReceiver(attributes + ".{header:content-type}", seen);
    String signed = ".https://example.com.order.created.";

    withoutContentType.receive(binary("evt-1", "text/plain", "evt-1" + signed + "{\"n\":1}"));
    withContentType.receive(
        binary("evt-2", "text/plain", "evt-2" + signed + "text/plain.{\"n\":1}"));

    assertThat(seen).containsExactly("evt-1 OBJECT", "evt-2 STRING");
  }

  /** The hex HMAC-SHA256 of the content under the test secret. */
  private static String hexHmac(String content) {
    return HexFormat.of()
        .formatHex(
            TestRequests.hmac(
                SECRET.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8)));
  }

  /** A binary-only receiver whose HMAC template signs the given headers, then the body. */
  private static WebhookReceiver binaryReceiver(String signedHeaders, List<String> seen) {
    return WebhookReceiver.builder()
        .endpoint("binary")
        .verifier(
            dev.hookline.receiver.signature.HmacSignature.builder()
                .signatureHeader("X-Signature")
                .signedContent(signedHeaders + ".{body}")
                .secrets(SECRET)
                .build())
        .reader((request, mapper) -> List.of())
        .framings(Set.of(Framing.CLOUDEVENTS_BINARY))
        .onAny(event -> seen.add(event.id() + " " + event.data().getNodeType()))
        .build();
  }

  /** A binary-mode request with body {"n":1}, signed over the given content. */
  private static WebhookRequest binary(String id, String contentType, String signedContent) {
    return WebhookRequest.builder()
        .header("Content-Type", contentType)
        .header(
            "X-Signature",
            HexFormat.of()
                .formatHex(
                    TestRequests.hmac(
                        SECRET.getBytes(StandardCharsets.UTF_8),
                        signedContent.getBytes(StandardCharsets.UTF_8))))
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "https://example.com")
        .header("ce-type", "order.created")
        .body("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  @Test
  void binaryModeWithExplicitlyTrustedHeadersReadsThemAndOtherwiseTheyAreIgnored() {
    WebhookRequest binary =
        Senders.withHeaders(
            TestRequests.lucca(TestRequests.employeeUpdated()).build(),
            "ce-specversion",
            "1.0",
            "ce-id",
            "forged-1",
            "ce-source",
            "https://attacker.example",
            "ce-type",
            "employee.deleted");
    WebhookReceiver trusting =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .framings(Set.of(Framing.PROVIDER, Framing.CLOUDEVENTS_BINARY))
            .trustUnsignedHeaders("a gateway authenticates the ce-* headers in this test")
            .onAny(event -> runs.add("trusting " + event.topic() + " " + event.id()))
            .build();
    WebhookReceiver strict =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .onAny(event -> runs.add("strict " + event.topic() + " " + event.id()))
            .build();

    assertThat(trusting.receive(binary).status()).isEqualTo(200);
    assertThat(strict.receive(binary).status()).isEqualTo(200);

    assertThat(runs)
        .containsExactly("trusting employee.deleted forged-1", "strict employee.updated 123");
  }

  @Test
  void aFramingTheEndpointDoesNotAcceptIsAnswered415BeforeAnythingRuns() {
    WebhookReceiver providerOnly =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .framings(Set.of(Framing.PROVIDER))
            .onAny(event -> runs.add(event.id()))
            .build();
    byte[] body =
        ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"https://example.ilucca.net\","
                + "\"type\":\"employee.updated\",\"data\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    WebhookRequest structured =
        Senders.replaced(
            TestRequests.lucca(body).build(), "content-type", MediaTypes.CLOUDEVENTS_JSON);

    WebhookResponse response = providerOnly.receive(structured);

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.bodyText())
        .isEqualTo(
            "this endpoint does not accept structured CloudEvents (application/cloudevents+json);"
                + " it accepts the provider's JSON");
    assertThat(runs).isEmpty();
  }

  @Test
  void outcomesToRetryAnswerTheProvidersStatus() {
    record Strict(int object) {}
    WebhookReceiver stripe =
        Stripe.receiver(SECRET)
            .on("customer.created", Strict.class, (data, event) -> runs.add("typed"))
            .build();
    WebhookReceiver failing =
        Stripe.receiver(SECRET)
            .retryStatuses(RetryStatuses.standard().with(DeliveryOutcome.FAILED, 429))
            .onAny(
                event -> {
                  throw new IllegalStateException("down");
                })
            .build();

    WebhookResponse unbindable = stripe.receive(Senders.stripe("evt_1"));
    WebhookResponse failed = failing.receive(Senders.stripe("evt_2"));

    assertThat(unbindable.status()).isEqualTo(500);
    assertThat(unbindable.headers()).doesNotContainKey("Retry-After");
    assertThat(unbindable.bodyText())
        .startsWith("event data does not bind to Strict: object: Cannot deserialize value of type");
    assertThat(failed.status()).isEqualTo(429);
    assertThat(failed.headers()).containsEntry("Retry-After", "5");
    assertThat(runs).isEmpty();
  }

  @Test
  void dataThatIsAbsentOrAnArrayIsUnbindableAtTheRoot() {
    record Employee(String givenName) {}
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .on("employee.updated", Employee.class, (data, event) -> runs.add(data.givenName()))
            .build();

    WebhookResponse array = receiver.receive(structured("1", ",\"data\":[1]"));
    WebhookResponse absent = receiver.receive(structured("2", ""));

    assertThat(array.status()).isEqualTo(503);
    assertThat(array.bodyText()).startsWith("event data does not bind to Employee: (root): ");
    assertThat(absent.status()).isEqualTo(503);
    assertThat(absent.bodyText())
        .isEqualTo("event data does not bind to Employee: (root): the event has no data");
    assertThat(runs).isEmpty();
  }

  private static WebhookRequest structured(String id, String data) {
    byte[] body =
        ("{\"specversion\":\"1.0\",\"id\":\""
                + id
                + "\",\"source\":\"https://example.ilucca.net\",\"type\":\"employee.updated\""
                + data
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    return Senders.replaced(
        TestRequests.lucca(body).build(), "content-type", MediaTypes.CLOUDEVENTS_JSON);
  }

  @Test
  void aReaderDefectIsAnsweredAsAFailureToRetryNeverThrown() {
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET)
            .reader(
                (request, mapper) -> {
                  throw new IllegalStateException("reader bug");
                })
            .onAny(event -> runs.add(event.id()))
            .build();

    WebhookResponse response =
        receiver.receive(TestRequests.lucca(TestRequests.employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(response.bodyText()).isEqualTo("the event could not be read; retry later");
    assertThat(runs).isEmpty();
  }

  @Test
  void aNameWithAByteThatIsNotUtf8Is400EvenOnceTheParserKnowsItsNeighbour() {
    // Found by the fuzzer: Jackson's byte parser, having met "status", read "stat\xFFus" as
    // "status" from its symbol table instead of refusing the byte.
    WebhookReceiver receiver =
        dev.hookline.receiver.arta.Arta.receiver(
                dev.hookline.receiver.signature.HmacSignature.builder()
                    .signatureHeader("X-Arta-Signature")
                    .secrets(SECRET)
                    .build())
            .onAny(event -> runs.add(event.data().toString()))
            .build();
    String valid =
        "{\"data\":{\"id\":\"1\",\"status\":\"in_transit\"},\"object\":\"shipment\","
            + "\"type\":\"shipment.status.updated\"}";
    String marked = valid.replace("\"status\"", "\"stat#us\"");
    int offset = marked.indexOf('#');
    byte[] invalid = marked.getBytes(StandardCharsets.UTF_8);
    invalid[offset] = (byte) 0xFF;

    WebhookResponse first = receiver.receive(Senders.bodyHmac("X-Arta-Signature", "", valid));
    WebhookResponse second = receiver.receive(Senders.bodyHmac("X-Arta-Signature", "", invalid));

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.bodyText())
        .isEqualTo("malformed event: body is not valid UTF-8 at byte " + offset);
    assertThat(runs).containsExactly("{\"id\":\"1\",\"status\":\"in_transit\"}");
  }

  @Test
  void aUtf16OrUtf32BodyWithoutByteOrderMarkIs400NotDetectedAndReadByTheParser() {
    // Such bytes are valid UTF-8, full of NULs; Jackson would detect the encoding and read them as
    // JSON that a reader of UTF-8 JSON, as RFC 8259 asks, refuses.
    WebhookReceiver receiver =
        StandardWebhooks.receiver(SW_SECRET).onAny(event -> runs.add(event.topic())).build();
    String json = "{\"type\":\"invoice.paid\",\"data\":{}}";

    for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
      byte[] body = json.getBytes(java.nio.charset.Charset.forName(charset));
      WebhookResponse response =
          receiver.receive(Senders.standardWebhooksSigned("msg-" + charset, body));

      assertThat(response.status()).as(charset).isEqualTo(400);
      assertThat(response.bodyText())
          .as(charset)
          .startsWith("malformed event: body has a NUL byte at byte ");
    }
    WebhookResponse utf8 = receiver.receive(Senders.standardWebhooksSigned("msg-utf-8", json));
    assertThat(utf8.status()).isEqualTo(200);
    assertThat(runs).containsExactly("invoice.paid");
  }

  @Test
  void retryStatusesRefuseOutcomesThatAreNotRetriedAndStatusesThatSuspendEndpoints() {
    assertThatThrownBy(() -> RetryStatuses.standard().with(DeliveryOutcome.HANDLED, 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("outcome HANDLED is not retried; only ");
    assertThatThrownBy(() -> RetryStatuses.standard().with(DeliveryOutcome.FAILED, 410))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a status to retry must be a 4xx or 5xx other than 404 and 410, but was 410");
    assertThatThrownBy(() -> RetryStatuses.standard().with(DeliveryOutcome.FAILED, 200))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetryStatuses.standard().with(DeliveryOutcome.FAILED, 503))
        .isNotEqualTo(RetryStatuses.serviceUnavailable())
        .isEqualTo(RetryStatuses.standard().with(DeliveryOutcome.FAILED, 503));
  }

  @Test
  void theLuccaVerifierSignsNoHeaderThatCouldCarryIdentity() {
    assertThat(Lucca.scheme().verifier(TestRequests.LUCCA_SECRET).signedHeaders())
        .doesNotContain("ce-id", "ce-source", "ce-type");
  }

  private static WebhookRequest unsigned(WebhookRequest request) {
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .body(request.body())
        .build();
  }
}
