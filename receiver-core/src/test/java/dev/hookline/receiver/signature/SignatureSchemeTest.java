package dev.hookline.receiver.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.shopify.Shopify;
import dev.hookline.receiver.slack.Slack;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One description, both sides: each scheme's signer writes what its own verifier accepts, and the
 * signers of the built-in providers reproduce the known-answer vectors of {@code
 * ../shared/vectors}.
 */
class SignatureSchemeTest {

  private static final Instant AT = Instant.parse("2026-11-30T10:15:30.250Z");

  private static SignatureScheme scheme(String provider) {
    return switch (provider) {
      case "lucca" -> Lucca.PROVIDER.scheme().orElseThrow();
      case "standard-webhooks" -> StandardWebhooks.PROVIDER.scheme().orElseThrow();
      case "github" -> GitHub.PROVIDER.scheme().orElseThrow();
      case "stripe" -> Stripe.PROVIDER.scheme().orElseThrow();
      case "shopify" -> Shopify.PROVIDER.scheme().orElseThrow();
      case "slack" -> Slack.PROVIDER.scheme().orElseThrow();
      default -> throw new IllegalArgumentException(provider);
    };
  }

  /** The documented vectors: the signer's header equals the expected one byte for byte. */
  static Stream<Arguments> vectors() throws IOException {
    byte[] luccaBody;
    try (InputStream in =
        SignatureSchemeTest.class.getResourceAsStream(
            "/vectors/lucca.employee.updated.body.json")) {
      luccaBody = in.readAllBytes();
    }
    return Stream.of(
        Arguments.of(
            "standard-webhooks",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            Instant.ofEpochSecond(1614265330),
            utf8("{\"test\": 2432232314}"),
            "webhook-signature",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        Arguments.of(
            "standard-webhooks",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            Instant.ofEpochSecond(1649367553),
            utf8("{\"email\":\"test@example.com\",\"username\":\"test_user\"}"),
            "webhook-signature",
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="),
        Arguments.of(
            "github",
            "It's a Secret to Everybody",
            "unused",
            Instant.EPOCH,
            utf8("Hello, World!"),
            "X-Hub-Signature-256",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        Arguments.of(
            "lucca",
            "b3YGydKxao0CYEg4-2LM81rviT-vl2JzKyf_zlewRn0cpoHzh4mRLj5_Ty5neQta",
            "unused",
            Instant.parse("2025-01-01T08:34:23Z"),
            luccaBody,
            "Lucca-Signature",
            "X+mYYTQeIMwAhLq0kDIJZDjJ8QdZf/rmzFdU8ATIC9s="),
        Arguments.of(
            "stripe",
            "whsec_test_secret",
            "unused",
            Instant.ofEpochSecond(1700000000),
            utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}"),
            "Stripe-Signature",
            "t=1700000000,v1=7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698"),
        // Shopify/shopify-app-js validate.test.ts, as in ShopifyConformanceTest.
        Arguments.of(
            "shopify",
            "test_secret_key",
            "unused",
            Instant.EPOCH,
            utf8("{\"foo\": \"bar\"}"),
            "X-Shopify-Hmac-Sha256",
            "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="),
        // Slack's "Verifying requests from Slack", as in SlackConformanceTest.
        Arguments.of(
            "slack",
            "8f742231b10e8888abcd99yyyzzz85a5",
            "unused",
            Instant.ofEpochSecond(1531420618),
            utf8(
                "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                    + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA"
                    + "&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url="
                    + "https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
                    + "%2F96rGlfmibIGlgcZRskXaIFfN"
                    + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"),
            "X-Slack-Signature",
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"));
  }

  @ParameterizedTest(name = "{0} {6}")
  @MethodSource("vectors")
  void signersReproduceTheKnownAnswers(
      String provider,
      String secret,
      String id,
      Instant at,
      byte[] body,
      String header,
      String expected) {
    Map<String, String> headers = scheme(provider).signer(secret).sign(id, body, at);

    assertThat(headers).containsEntry(header, expected);
    assertThat(headers.keySet()).last().isEqualTo(header);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void whatTheSignerWritesItsVerifierAccepts(
      String provider,
      String secret,
      String id,
      Instant at,
      byte[] body,
      String header,
      String expected) {
    SignatureScheme scheme = scheme(provider).withClock(Clock.fixed(at, ZoneOffset.UTC));
    Map<String, String> headers = scheme.signer(secret).sign(id, body, at);

    assertThat(scheme.verifier(secret).verify(request(headers, body)).isValid()).isTrue();
    byte[] changed = body.clone();
    changed[0] ^= 1;
    assertThat(scheme.verifier(secret).verify(request(headers, changed)).isValid()).isFalse();
    String otherSecret = "whsec_" + Base64.getEncoder().encodeToString(utf8("another key"));
    assertThat(scheme.verifier(otherSecret).verify(request(headers, body)).isValid()).isFalse();
  }

  @Test
  void aGenericSchemeSignsNamedHeadersAndTimestampEntries() {
    SignatureScheme scheme =
        HmacSignature.builder()
            .signatureHeader("X-Acme-Signature")
            .separator(",")
            .timestampEntry("t=", TimestampFormat.UNIX_MILLIS)
            .prefix("v2=")
            .encoding(SignatureEncoding.BASE64)
            .algorithm(HmacAlgorithm.SHA512)
            .secretEncoding(SecretEncoding.BASE64)
            .signedContent("{timestamp}:{header:X-Acme-Topic}:{body}")
            .clock(Clock.fixed(AT, ZoneOffset.UTC))
            .scheme();
    String secret = Base64.getEncoder().encodeToString(utf8("acme key bytes"));
    byte[] body = utf8("{\"type\":\"thing.made\"}");

    Map<String, String> signed =
        scheme.signer(secret).sign("id", body, AT, Map.of("x-acme-topic", "thing.made"));

    assertThat(signed).containsOnlyKeys("X-Acme-Signature");
    assertThat(signed.get("X-Acme-Signature")).startsWith("t=" + AT.toEpochMilli() + ",v2=");
    Map<String, String> headers = new LinkedHashMap<>(signed);
    headers.put("X-Acme-Topic", "thing.made");
    assertThat(scheme.verifier(secret).verify(request(headers, body)).isValid()).isTrue();
    headers.put("X-Acme-Topic", "thing.destroyed");
    assertThat(scheme.verifier(secret).verify(request(headers, body)).isValid()).isFalse();
    assertThatThrownBy(() -> scheme.signer(secret).sign("id", body, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x-acme-topic");
  }

  @Test
  void toleranceAndClockMakeNewSchemes() {
    SignatureScheme lucca = scheme("lucca");
    Map<String, String> headers = lucca.signer("s3cret").sign("id", utf8("{}"), AT);
    Clock tenMinutesLater = Clock.fixed(AT.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);

    assertThat(lucca.withClock(tenMinutesLater).verifier("s3cret").verify(request(headers, "{}")))
        .extracting(Verification::isValid)
        .isEqualTo(false);
    assertThat(
            lucca
                .withClock(tenMinutesLater)
                .withTolerance(Duration.ofMinutes(11))
                .verifier("s3cret")
                .verify(request(headers, "{}"))
                .isValid())
        .isTrue();
    assertThatThrownBy(() -> lucca.withTolerance(Duration.ZERO))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("tolerance must be positive");
  }

  @Test
  void standardWebhooksTakesPublicKeysAndOthersRefuseThem() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    byte[] body = utf8("{\"type\":\"a.b\"}");
    String timestamp = Long.toString(AT.getEpochSecond());
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initSign(pair.getPrivate());
    ed25519.update(utf8("msg_1." + timestamp + "."));
    ed25519.update(body);
    Map<String, String> headers =
        Map.of(
            "webhook-id",
            "msg_1",
            "webhook-timestamp",
            timestamp,
            "webhook-signature",
            "v1a," + Base64.getEncoder().encodeToString(ed25519.sign()));

    SignatureVerifier verifier =
        scheme("standard-webhooks")
            .withClock(Clock.fixed(AT, ZoneOffset.UTC))
            .withPublicKeys(List.of(publicKey))
            .verifier(List.of());

    assertThat(verifier.verify(request(headers, body)).isValid()).isTrue();
    assertThatThrownBy(() -> scheme("lucca").withPublicKeys(List.of(publicKey)))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("no public-key signatures");
  }

  @Test
  void badSecretsAreNamedByPositionNeverByValue() {
    assertThatThrownBy(() -> scheme("standard-webhooks").signer("whsec_not base64!"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is not valid STANDARD_WEBHOOKS text");
    assertThatThrownBy(() -> scheme("lucca").verifier("good", "   "))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #2 is blank");
    assertThatThrownBy(() -> scheme("github").verifier(List.of()))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("at least one secret");
    assertThat(scheme("github").signer("top-secret-value").toString())
        .doesNotContain("top-secret-value");
  }

  private static WebhookRequest request(Map<String, String> headers, String body) {
    return request(headers, utf8(body));
  }

  private static WebhookRequest request(Map<String, String> headers, byte[] body) {
    WebhookRequest.Builder builder = WebhookRequest.builder().body(body);
    headers.forEach(builder::header);
    return builder.build();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
