package dev.hookline.receiver.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.shopify.Shopify;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GitHub and Shopify sign none of the headers that name an event's topic and id. A captured
 * delivery sent ahead of the genuine one with a second, different copy of such a header names no
 * one value (a proxy in front may read the other copy): it is refused, runs no handler and leaves
 * the key free for the genuine delivery. Copies that agree are one value.
 */
class ConflictingIdentityHeadersTest {

  private static final String FORGED = "forged";

  private static Supplier<WebhookReceiver.Builder> receiver(String provider) {
    return provider.equals("github")
        ? () -> GitHub.receiver(Senders.SECRET)
        : () -> Shopify.receiver(Senders.SECRET);
  }

  /** The provider's receiver, recording each handled event's topic and id. */
  private static WebhookReceiver recording(String provider, List<String> runs) {
    return receiver(provider)
        .get()
        .idempotencyStore(InMemoryIdempotencyStore.create())
        .onAny(event -> runs.add(event.topic() + " " + event.id()))
        .build();
  }

  private static Function<String, WebhookRequest> sender(String provider) {
    return provider.equals("github") ? Senders::gitHub : Senders::shopify;
  }

  @ParameterizedTest(name = "{0} {1}, forged copy first: {2}")
  @CsvSource({
    "github, X-GitHub-Event, false",
    "github, X-GitHub-Event, true",
    "github, X-GitHub-Delivery, false",
    "github, X-GitHub-Delivery, true",
    "shopify, X-Shopify-Topic, false",
    "shopify, X-Shopify-Topic, true",
    "shopify, X-Shopify-Webhook-Id, false",
    "shopify, X-Shopify-Webhook-Id, true"
  })
  void aSecondDifferentCopyOfAnIdentityHeaderIsRefusedAndLeavesTheKeyToTheGenuineDelivery(
      String provider, String header, boolean forgedFirst) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = recording(provider, runs);
    WebhookRequest genuine = sender(provider).apply("evt-1");
    String value = genuine.headers().first(header).orElseThrow();
    WebhookRequest conflicting =
        forgedFirst
            ? Senders.withHeaders(without(genuine, header), header, FORGED, header, value)
            : Senders.withHeaders(genuine, header, FORGED);

    WebhookResponse refused = receiver.receive(conflicting);
    WebhookResponse answered = receiver.receive(genuine);

    assertThat(refused.status()).as(refused.bodyText()).isEqualTo(400);
    assertThat(refused.bodyText()).contains(header).contains("different values");
    assertThat(answered.status()).as(answered.bodyText()).isEqualTo(200);
    assertThat(runs).hasSize(1).noneMatch(run -> run.contains(FORGED));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "github, X-GitHub-Event",
    "github, X-GitHub-Delivery",
    "shopify, X-Shopify-Topic",
    "shopify, X-Shopify-Webhook-Id"
  })
  void copiesThatAgreeAreOneValue(String provider, String header) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = recording(provider, runs);
    WebhookRequest genuine = sender(provider).apply("evt-1");
    String value = genuine.headers().first(header).orElseThrow();

    WebhookResponse response = receiver.receive(Senders.withHeaders(genuine, header, value));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(runs).hasSize(1);
  }

  /**
   * A proxy may fold two copies into one line, comma-separated (RFC 9110, section 5.3): that line
   * names no one value either, and is refused as the two lines are; none of these values holds a
   * comma of its own.
   */
  @ParameterizedTest(name = "{0} {1}, forged copy first: {2}")
  @CsvSource({
    "github, X-GitHub-Event, false",
    "github, X-GitHub-Event, true",
    "github, X-GitHub-Delivery, false",
    "github, X-GitHub-Delivery, true",
    "shopify, X-Shopify-Topic, false",
    "shopify, X-Shopify-Topic, true",
    "shopify, X-Shopify-Webhook-Id, false",
    "shopify, X-Shopify-Webhook-Id, true"
  })
  void aLineFoldingADifferentCopyIsRefusedAndLeavesTheKeyToTheGenuineDelivery(
      String provider, String header, boolean forgedFirst) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = recording(provider, runs);
    WebhookRequest genuine = sender(provider).apply("evt-1");
    String value = genuine.headers().first(header).orElseThrow();
    String folded = forgedFirst ? FORGED + ", " + value : value + ", " + FORGED;

    WebhookResponse refused =
        receiver.receive(Senders.withHeaders(without(genuine, header), header, folded));
    WebhookResponse answered = receiver.receive(genuine);

    assertThat(refused.status()).as(refused.bodyText()).isEqualTo(400);
    assertThat(refused.bodyText()).contains(header).contains("different values");
    assertThat(answered.status()).as(answered.bodyText()).isEqualTo(200);
    assertThat(runs).hasSize(1).noneMatch(run -> run.contains(FORGED));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "github, X-GitHub-Event",
    "github, X-GitHub-Delivery",
    "shopify, X-Shopify-Topic",
    "shopify, X-Shopify-Webhook-Id"
  })
  void aLineFoldingCopiesThatAgreeIsTheirValue(String provider, String header) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = recording(provider, runs);
    WebhookRequest genuine = sender(provider).apply("evt-1");
    String value = genuine.headers().first(header).orElseThrow();

    WebhookResponse response =
        receiver.receive(
            Senders.withHeaders(without(genuine, header), header, value + " ,  " + value));
    WebhookResponse again = receiver.receive(genuine);

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(again.status()).as(again.bodyText()).isEqualTo(200);
    assertThat(runs).hasSize(1).allMatch(run -> !run.contains(","));
  }

  /** The request without the header. */
  private static WebhookRequest without(WebhookRequest request, String header) {
    WebhookRequest.Builder builder =
        WebhookRequest.builder().method(request.method()).path(request.path());
    request
        .headers()
        .asMap()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase(header)) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    return builder.body(request.body()).build();
  }
}
