package dev.hookline.receiver.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.Drain;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.lucca.Lucca;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * GitHub deliveries of a webhook whose content type is {@code form}: the JSON in the form's {@code
 * payload} field, the form signed as sent. Read like the JSON ones, under the same key, and an
 * attacker's change of the unsigned content type runs nothing twice.
 */
class GitHubFormTest {

  private static final String FORM = "application/x-www-form-urlencoded";

  private final List<String> runs = new CopyOnWriteArrayList<>();

  private WebhookReceiver.Builder gitHub() {
    return GitHub.receiver(Senders.SECRET)
        .onAny(
            event ->
                runs.add(
                    event.topic()
                        + " "
                        + event.id()
                        + " "
                        + event.data().path("number").asText()
                        + " "
                        + event.data().path("title").asText()));
  }

  private static String json(String number) {
    return "{\"action\":\"opened\",\"number\":\"" + number + "\",\"title\":\"Fix + café & more\"}";
  }

  /** The delivery GitHub sends for a form webhook: the JSON form-encoded, the form signed. */
  private static WebhookRequest form(String number, String delivery) {
    String form = "payload=" + URLEncoder.encode(json(number), StandardCharsets.UTF_8);
    return withGitHubHeaders(
        Senders.bodyHmac("X-Hub-Signature-256", "sha256=", form), FORM, delivery);
  }

  private static WebhookRequest jsonDelivery(String number, String delivery) {
    return withGitHubHeaders(
        Senders.bodyHmac("X-Hub-Signature-256", "sha256=", json(number)),
        "application/json",
        delivery);
  }

  private static WebhookRequest withGitHubHeaders(
      WebhookRequest signed, String contentType, String delivery) {
    return Senders.withHeaders(
        Senders.replaced(signed, "Content-Type", contentType),
        "X-GitHub-Event",
        "pull_request",
        "X-GitHub-Delivery",
        delivery);
  }

  @Test
  void aFormDeliveryIsReadAsItsJsonAndItsCopiesAreDuplicates() {
    WebhookReceiver receiver = gitHub().build();
    WebhookRequest delivery = form("7", "d-1");

    WebhookResponse first = receiver.receive(delivery);
    WebhookResponse redelivered =
        receiver.receive(Senders.replaced(delivery, "X-GitHub-Delivery", "d-2"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(redelivered.status()).isEqualTo(200);
    assertThat(runs).containsExactly("pull_request.opened d-1 7 Fix + café & more");
  }

  @Test
  void theSameEventAsJsonAndAsAFormIsOneKey() {
    WebhookReceiver receiver = gitHub().build();

    assertThat(receiver.receive(jsonDelivery("8", "d-1")).status()).isEqualTo(200);
    assertThat(receiver.receive(form("8", "d-2")).status()).isEqualTo(200);

    assertThat(runs).containsExactly("pull_request.opened d-1 8 Fix + café & more");
  }

  @Test
  void aPayloadShapedAsACloudEventHasTheIdentityItHasWhenSentAsJson() {
    WebhookReceiver receiver = gitHub().build();
    String event =
        "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"https://s\",\"type\":\"t\"}";
    WebhookRequest asJson =
        withGitHubHeaders(
            Senders.bodyHmac("X-Hub-Signature-256", "sha256=", event), "application/json", "d-1");
    String form = "payload=" + URLEncoder.encode(event, StandardCharsets.UTF_8);
    WebhookRequest asForm =
        withGitHubHeaders(Senders.bodyHmac("X-Hub-Signature-256", "sha256=", form), FORM, "d-2");

    assertThat(receiver.receive(asForm).status()).isEqualTo(200);
    assertThat(receiver.receive(asJson).status()).isEqualTo(200);

    assertThat(runs).containsExactly("t ce-1  ");
  }

  @Test
  void anUnsignedContentTypeSwappedOnACapturedDeliveryRunsNothing() {
    WebhookReceiver receiver = gitHub().build();
    WebhookRequest form = form("9", "d-1");
    WebhookRequest json = jsonDelivery("10", "d-2");
    assertThat(receiver.receive(form).status()).isEqualTo(200);
    assertThat(receiver.receive(json).status()).isEqualTo(200);

    for (String type : List.of("application/json", "application/vnd.github+json", "text/plain")) {
      assertThat(receiver.receive(Senders.replaced(form, "Content-Type", type)).status())
          .as(type)
          .isIn(400, 415);
    }
    WebhookResponse jsonAsForm = receiver.receive(Senders.replaced(json, "Content-Type", FORM));

    assertThat(jsonAsForm.status()).isEqualTo(400);
    assertThat(jsonAsForm.bodyText())
        .isEqualTo(
            "malformed event: a form body must be one field, payload=<the event's JSON,"
                + " form-encoded>");
    assertThat(runs).hasSize(2);
  }

  @Test
  void aSignedFormThatIsNotOnePayloadFieldOrNotUtf8Is400AndRunsNothing() {
    WebhookReceiver receiver = gitHub().build();
    String payload = URLEncoder.encode(json("11"), StandardCharsets.UTF_8);

    for (String body :
        List.of(
            "payload=" + payload + "&payload=" + payload,
            "action=opened&payload=" + payload,
            "payload=" + payload + "%",
            "payload=%7B%22number%22%3A%22%FF%22%7D",
            "payload=%5B%5D",
            "payload=")) {
      WebhookRequest signed =
          withGitHubHeaders(Senders.bodyHmac("X-Hub-Signature-256", "sha256=", body), FORM, "d");
      assertThat(receiver.receive(signed).status()).as(body).isEqualTo(400);
    }
    assertThat(runs).isEmpty();
  }

  @Test
  void aFormWithABadSignatureIs401() {
    WebhookRequest delivery = form("12", "d-1");
    byte[] body = delivery.body();
    byte[] changed = new String(body, StandardCharsets.US_ASCII).replace("12", "13").getBytes();

    WebhookResponse response =
        gitHub().build().receive(Senders.copy(delivery).body(changed).build());

    assertThat(response.status()).isEqualTo(401);
    assertThat(runs).isEmpty();
  }

  @Test
  void anEndpointThatDoesNotDeclareFormsStillAnswers415() {
    WebhookRequest form = form("13", "d-1");

    WebhookResponse response =
        Lucca.receiver(Senders.SECRET).onAny(event -> runs.add("x")).build().receive(form);

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.bodyText()).contains("\"" + FORM + "\"");
    assertThat(runs).isEmpty();
  }

  @Test
  void anotherContentTypeIs415NamingTheFormAndQuotesTheUnsignedValueEscapedAndBounded() {
    WebhookRequest delivery = form("15", "d-1");
    String long415 = "text/plain; x=\"" + "y".repeat(3_000) + "\"\r\nX-Injected: 1";

    WebhookResponse plain =
        gitHub().build().receive(Senders.replaced(delivery, "Content-Type", "text/plain"));
    WebhookResponse crafted =
        gitHub().build().receive(Senders.replaced(delivery, "Content-Type", long415));

    assertThat(plain.status()).isEqualTo(415);
    assertThat(plain.bodyText())
        .isEqualTo(
            "Content-Type must be application/json or a CloudEvents JSON type or "
                + FORM
                + ", but was \"text/plain\"");
    assertThat(crafted.status()).isEqualTo(415);
    assertThat(crafted.bodyText()).hasSizeLessThan(400).doesNotContain("\r", "\n").contains("…");
    assertThat(runs).isEmpty();
  }

  @Test
  void anAsynchronousEndpointStoresTheFormAndItsWorkerReadsTheJson() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    WebhookReceiver receiver = gitHub().async(inbox).build();

    assertThat(receiver.receive(form("14", "d-1")).status()).isEqualTo(202);
    assertThat(receiver.receive(form("14", "d-2")).status()).isEqualTo(200);
    Drain.withWorker(receiver, inbox);

    assertThat(runs).containsExactly("pull_request.opened d-1 14 Fix + café & more");
  }
}
