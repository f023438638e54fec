package dev.hookline.receiver.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.shopify.Shopify;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.slack.Slack;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture, signed by the kit, is verified and read by the core receiver of its provider. */
class FixturesTest {

  private static final String SECRET = "fixture-secret";
  private static final String SW_SECRET = TestSigners.STANDARD_WEBHOOKS_SECRET;
  private static final SignatureVerifier UNVERIFIED = SignatureVerifier.unverified("Arta fixtures");

  static List<Fixture> fixtures() {
    return Fixtures.all();
  }

  private final List<WebhookEvent> seen = new CopyOnWriteArrayList<>();

  private WebhookReceiver receiver(String provider) {
    return receiver(provider, false);
  }

  /**
   * A provider's receiver; with {@code binary}, it also accepts CloudEvents binary mode, whose
   * {@code ce-*} headers the provider's signature does not cover, so they are trusted explicitly.
   */
  private WebhookReceiver receiver(String provider, boolean binary) {
    WebhookReceiver.Builder builder =
        switch (provider) {
          case "lucca" -> Lucca.receiver(SECRET);
          case "arta" -> Arta.receiver(UNVERIFIED);
          case "standard-webhooks" -> StandardWebhooks.receiver(SW_SECRET);
          case "github" -> GitHub.receiver(SECRET);
          case "stripe" -> Stripe.receiver(SECRET);
          case "shopify" -> Shopify.receiver(SECRET);
          case "slack" -> Slack.receiver(SECRET);
          default -> throw new IllegalArgumentException(provider);
        };
    if (binary) {
      builder
          .framings(EnumSet.allOf(Framing.class))
          .trustUnsignedHeaders("the kit's binary fixtures carry unsigned ce-* headers");
    }
    return builder.onAny(seen::add).build();
  }

  private static SignedRequests signed(String provider) {
    return switch (provider) {
      case "arta" -> SignedRequests.arta();
      case "standard-webhooks" -> SignedRequests.standardWebhooks(SW_SECRET);
      case "shopify" -> SignedRequests.shopify(SECRET);
      case "slack" -> SignedRequests.slack(SECRET);
      default -> SignedRequests.with(provider, Signers.forProvider(provider, SECRET));
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyFixtureIsHandledByItsProvidersReceiver(Fixture fixture) {
    WebhookReceiver receiver =
        receiver(fixture.provider(), fixture.name().endsWith("@" + CloudEventsFraming.BINARY));

    var response = receiver.receive(signed(fixture.provider()).event(fixture).build());

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(0).topic()).isEqualTo(fixture.name().replaceAll("@.*", ""));
  }

  @Test
  void shopifyAndSlackFixturesCarryTheirIdsWhereTheReadersLook() {
    receiver("shopify")
        .receive(
            SignedRequests.shopify(SECRET).event(ShopifyFixtures.ordersCreate().id("w-2")).build());
    receiver("slack")
        .receive(SignedRequests.slack(SECRET).event(SlackFixtures.appMention().id("Ev2")).build());

    assertThat(seen).extracting(WebhookEvent::id).containsExactly("w-2", "Ev2");
    assertThat(seen.get(1).idempotencyKey()).isEqualTo("slack|Ev2");
  }

  @Test
  void slacksSignedUrlVerificationIsAnsweredWithItsChallenge() {
    var response =
        receiver("slack")
            .receive(SignedRequests.slack(SECRET).event(SlackFixtures.urlVerification()).build());
    var unsigned =
        receiver("slack")
            .receive(
                SignedRequests.slack(SECRET)
                    .event(SlackFixtures.urlVerification())
                    .withoutSignature()
                    .build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo(SlackFixtures.CHALLENGE);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(seen).isEmpty();
  }

  @Test
  void builderChangesDataAndPreviousAttributes() {
    WebhookReceiver receiver = receiver("lucca");

    receiver.receive(
        SignedRequests.lucca(SECRET)
            .event(
                LuccaFixtures.employeeUpdated()
                    .id("renamed-1")
                    .previous("givenName", "Eddie")
                    .data("givenName", "Edwin"))
            .build());

    WebhookEvent event = seen.get(0);
    assertThat(event.id()).isEqualTo("renamed-1");
    assertThat(event.data(Employee.class).givenName()).isEqualTo("Edwin");
    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Eddie");
    assertThat(event.changed("givenName")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(CloudEventsFraming.class)
  void everyFramingCarriesIdTopicAndPreviousAttributes(CloudEventsFraming framing) {
    WebhookReceiver receiver = receiver("lucca", framing == CloudEventsFraming.BINARY);

    var response =
        receiver.receive(
            SignedRequests.lucca(SECRET)
                .event(LuccaFixtures.employeeUpdated().fixture(framing))
                .build());

    assertThat(response.status()).isEqualTo(200);
    WebhookEvent event = seen.get(0);
    assertThat(event.id()).isEqualTo("123");
    assertThat(event.topic()).isEqualTo("employee.updated");
    assertThat(event.source()).isEqualTo(LuccaFixtures.SOURCE);
    assertThat(event.previous(Employee.class).givenName()).isEqualTo("Ed");
  }

  @Test
  void batchOfSeveralEventsRunsEachOnce() {
    WebhookReceiver receiver = receiver("lucca");

    receiver.receive(
        SignedRequests.lucca(SECRET)
            .event(
                LuccaEvent.batch(
                    List.of(LuccaFixtures.employeeCreated(), LuccaFixtures.leaveRequestCreated())))
            .build());

    assertThat(seen)
        .extracting(WebhookEvent::topic)
        .containsExactly("employee.created", "leave-request.created");
  }

  @Test
  void catalogueCoversEveryDocumentedType() {
    assertThat(Fixtures.of("arta")).extracting(Fixture::name).isEqualTo(ArtaFixtures.TYPES);
    assertThat(Fixtures.of("lucca")).extracting(Fixture::name).isEqualTo(LuccaFixtures.TOPICS);
    assertThat(Fixtures.of("github")).extracting(Fixture::name).containsExactly("ping", "push");
    assertThat(Fixtures.find("lucca", "employee.updated@BINARY"))
        .get()
        .satisfies(f -> assertThat(f.headers()).containsEntry("ce-type", "employee.updated"));
    assertThat(ArtaFixtures.ping().build().bodyText())
        .isEqualTo("{\"data\":{\"id\":1},\"object\":\"webhook\",\"type\":\"ping\"}");
  }
}
