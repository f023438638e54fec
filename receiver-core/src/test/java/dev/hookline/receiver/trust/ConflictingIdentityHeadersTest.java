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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  /** Each provider's identity headers, each with false and true for the case's two ways. */
  static Stream<Arguments> eachIdentityHeaderBothWays() {
    return Stream.of(
            Arguments.of("github", "X-GitHub-Event"),
            Arguments.of("github", "X-GitHub-Delivery"),
            Arguments.of("shopify", "X-Shopify-Topic"),
            Arguments.of("shopify", "X-Shopify-Webhook-Id"))
        .flatMap(
            header ->
                Stream.of(false, true)
                    .map(way -> Arguments.of(header.get()[0], header.get()[1], way)));
  }

  private static Function<String, WebhookRequest> sender(String provider) {
    return provider.equals("github") ? Senders::gitHub : Senders::shopify;
  }

  @ParameterizedTest(name = "{0} {1}, forged copy first: {2}")
  @MethodSource("eachIdentityHeaderBothWays")
  void aSecondDifferentCopyOfAnIdentityHeaderIsRefusedAndLeavesTheKeyToTheGenuineDelivery(
      String provider, String header, boolean forgedFirst) {
    refusedThenTheGenuineDeliveryRunsOnce(
        provider,
        header,
        (genuine, value) ->
            forgedFirst
                ? Senders.withHeaders(without(genuine, header), header, FORGED, header, value)
                : Senders.withHeaders(genuine, header, FORGED));
  }

  /** Copies that agree, as two lines or folded into one (see below), are one value. */
  @ParameterizedTest(name = "{0} {1}, folded into one line: {2}")
  @MethodSource("eachIdentityHeaderBothWays")
  void copiesThatAgreeAreOneValue(String provider, String header, boolean folded) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = recording(provider, runs);
    WebhookRequest genuine = sender(provider).apply("evt-1");
    String value = genuine.headers().first(header).orElseThrow();

    WebhookResponse response =
        receiver.receive(
            folded
                ? Senders.withHeaders(without(genuine, header), header, value + " ,  " + value)
                : Senders.withHeaders(genuine, header, value));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(runs).hasSize(1).noneMatch(run -> run.contains(","));
  }

  /**
   * A proxy may fold two copies into one line, comma-separated (RFC 9110, section 5.3): that line
   * names no one value either, and is refused as the two lines are; none of these values holds a
   * comma of its own.
   */
  @ParameterizedTest(name = "{0} {1}, forged copy first: {2}")
  @MethodSource("eachIdentityHeaderBothWays")
  void aLineFoldingADifferentCopyIsRefusedAndLeavesTheKeyToTheGenuineDelivery(
      String provider, String header, boolean forgedFirst) {
    refusedThenTheGenuineDeliveryRunsOnce(
        provider,
        header,
        (genuine, value) ->
            Senders.withHeaders(
                without(genuine, header),
                header,
                forgedFirst ? FORGED + ", " + value : value + ", " + FORGED));
  }

  /**
   * Sends the genuine delivery's conflicting variant (made from it and its value of the header),
   * then the genuine delivery: the first is refused naming the header, the second runs its handler,
   * once, under its own identity.
   */
  private static void refusedThenTheGenuineDeliveryRunsOnce(
      String provider,
      String header,
      BiFunction<WebhookRequest, String, WebhookRequest> conflicting) {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = recording(provider, runs);
    WebhookRequest genuine = sender(provider).apply("evt-1");
    String value = genuine.headers().first(header).orElseThrow();

    WebhookResponse refused = receiver.receive(conflicting.apply(genuine, value));
    WebhookResponse answered = receiver.receive(genuine);

    assertThat(refused.status()).as(refused.bodyText()).isEqualTo(400);
    assertThat(refused.bodyText()).contains(header).contains("different values");
    assertThat(answered.status()).as(answered.bodyText()).isEqualTo(200);
    assertThat(runs).hasSize(1).noneMatch(run -> run.contains(FORGED));
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
