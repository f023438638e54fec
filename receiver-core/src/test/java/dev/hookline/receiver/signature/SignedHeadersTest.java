package dev.hookline.receiver.signature;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.concat;
import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmac;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request headers in the signed content: {@code {header:name}} templates, one value per signed
 * header, and {@link SignatureVerifier#signedHeaders()} of every verifier Hookline builds.
 */
class SignedHeadersTest {

  static final String SECRET = "signed-headers-secret-Q7w8E9";
  static final long T = 1_700_000_000L;
  static final byte[] BODY = utf8("{\"employee\":{\"id\":42}}");
  static final String TEMPLATE =
      "{header:ce-id}.{header:ce-source}.{header:ce-type}.{timestamp}.{body}";

  /** A CloudEvents binary-mode sender that signs its ce-* headers with the timestamp and body. */
  static final SignatureVerifier CE_VERIFIER =
      HmacSignature.builder()
          .signatureHeader("X-Signature")
          .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp")
          .signedContent(TEMPLATE)
          .secrets(SECRET)
          .clock(clockAt(T))
          .build();

  static final Map<String, String> CE_HEADERS =
      Map.of(
          "ce-id", "evt-1",
          "ce-source", "https://tenant.example/lucca",
          "ce-type", "employee.updated");

  static String signCe(String id, String source, String type) {
    return hex(
        hmacSha256(
            utf8(SECRET), concat(utf8(id + "." + source + "." + type + "." + T + "."), BODY)));
  }

  /** A request signed over {@link #CE_HEADERS} that sends the given ce-* headers instead. */
  static WebhookRequest.Builder signedCe(Map<String, String> sent) {
    WebhookRequest.Builder builder =
        WebhookRequest.builder()
            .header("ce-specversion", "1.0")
            .header("X-Timestamp", Long.toString(T))
            .header(
                "X-Signature",
                signCe(
                    CE_HEADERS.get("ce-id"),
                    CE_HEADERS.get("ce-source"),
                    CE_HEADERS.get("ce-type")))
            .body(BODY);
    sent.forEach(builder::header);
    return builder;
  }

  static WebhookRequest.Builder ceRequest() {
    return signedCe(CE_HEADERS);
  }

  static WebhookRequest ceRequestWith(String name, String value) {
    Map<String, String> sent = new HashMap<>(CE_HEADERS);
    sent.put(name, value);
    return signedCe(sent).build();
  }

  @Test
  void headerNamedInTheTemplateIsSignedAsReceived() {
    assertAccepted(CE_VERIFIER.verify(ceRequest().build()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ce-id", "ce-source", "ce-type"})
  void changingASignedHeaderIsRejected(String name) {
    assertRejected(
        CE_VERIFIER.verify(ceRequestWith(name, CE_HEADERS.get(name) + "x")),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Signature matches a configured key",
        SECRET);
  }

  @Test
  void headerValueIsSignedExactlyNotTrimmedOrRecased() {
    String spaced = " evt-1";
    WebhookRequest request =
        WebhookRequest.builder()
            .header("X-Timestamp", Long.toString(T))
            .header("X-Signature", signCe(spaced, CE_HEADERS.get("ce-source"), "Employee.Updated"))
            .header("ce-id", spaced)
            .header("ce-source", CE_HEADERS.get("ce-source"))
            .header("ce-type", "Employee.Updated")
            .body(BODY)
            .build();

    assertAccepted(CE_VERIFIER.verify(request));
    assertRejected(
        CE_VERIFIER.verify(ceRequestWith("ce-type", "Employee.Updated")),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        SECRET);
  }

  @Test
  void headerNamesAreCaseInsensitiveInTheTemplateAndTheRequest() {
    SignatureVerifier upperCaseTemplate =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp")
            .signedContent("{header:CE-Id}.{header:Ce-Source}.{header:ce-TYPE}.{timestamp}.{body}")
            .secrets(SECRET)
            .clock(clockAt(T))
            .build();
    Map<String, String> upperCaseNames = new HashMap<>();
    CE_HEADERS.forEach((name, value) -> upperCaseNames.put(name.toUpperCase(Locale.ROOT), value));
    WebhookRequest.Builder mixedCase = signedCe(upperCaseNames);

    assertAccepted(upperCaseTemplate.verify(mixedCase.build()));
    assertThat(upperCaseTemplate.signedHeaders())
        .containsExactlyInAnyOrder("ce-id", "ce-source", "ce-type", "x-timestamp");
  }

  @Test
  void missingSignedHeaderIsRejectedWithMissingHeaderNamingIt() {
    Map<String, String> withoutType = new HashMap<>(CE_HEADERS);
    withoutType.remove("ce-type");

    assertRejected(
        CE_VERIFIER.verify(signedCe(withoutType).build()),
        Reason.MISSING_HEADER,
        "missing header ce-type",
        SECRET);
  }

  @Test
  void signedHeaderRepeatedWithTheSameValueIsAccepted() {
    assertAccepted(CE_VERIFIER.verify(ceRequest().header("ce-type", "employee.updated").build()));
  }

  /**
   * A second, different copy of a signed header is rejected rather than ignored: whichever copy the
   * signature covered, another layer could read the other one.
   */
  @Test
  void signedHeaderRepeatedWithAnotherValueIsMalformed() {
    assertRejected(
        CE_VERIFIER.verify(ceRequest().header("ce-type", "employee.deleted").build()),
        Reason.MALFORMED_HEADER,
        "header ce-type is repeated with different values",
        SECRET);
  }

  @Test
  void headerPlaceholderWorksWithoutATimestamp() {
    SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .encoding(SignatureEncoding.BASE64)
            .signedContent("{header:x-tenant}:{body}")
            .secrets(SECRET)
            .build();
    String signature = base64(hmacSha256(utf8(SECRET), concat(utf8("acme:"), BODY)));

    assertAccepted(
        verifier.verify(
            WebhookRequest.builder()
                .header("X-Tenant", "acme")
                .header("X-Signature", signature)
                .body(BODY)
                .build()));
    assertRejected(
        verifier.verify(
            WebhookRequest.builder()
                .header("X-Tenant", "umbrella")
                .header("X-Signature", signature)
                .body(BODY)
                .build()),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        SECRET,
        signature);
    assertThat(verifier.signedHeaders()).containsExactly("x-tenant");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{header:}.{body}", "{header:ce id}.{body}", "{header:ce:id}.{body}"})
  void headerPlaceholderWithoutAValidNameFailsTheBuild(String template) {
    String placeholder = template.substring(0, template.indexOf('}') + 1);

    assertThatThrownBy(
            () ->
                HmacSignature.builder()
                    .signatureHeader("X-Signature")
                    .signedContent(template)
                    .secrets(SECRET)
                    .build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "signedContent template \""
                + template
                + "\" has "
                + placeholder
                + ", whose header name is not an HTTP token");
  }

  /** Standard Webhooks' id and timestamp headers, each under two names. */
  static final String SW_SECRET = "whsec_" + base64(utf8("signed-headers-sw-key-24"));

  static final SignatureVerifier SW =
      StandardWebhooks.scheme().withClock(clockAt(T)).verifier(SW_SECRET);

  static WebhookRequest.Builder swRequest() {
    String signature =
        "v1,"
            + base64(
                hmacSha256(
                    utf8("signed-headers-sw-key-24"), concat(utf8("msg_1." + T + "."), BODY)));
    return WebhookRequest.builder()
        .header("webhook-id", "msg_1")
        .header("webhook-timestamp", Long.toString(T))
        .header("webhook-signature", signature)
        .body(BODY);
  }

  @Test
  void aliasCarryingTheSameValueIsAccepted() {
    assertAccepted(SW.verify(swRequest().header("svix-id", "msg_1").build()));
  }

  @Test
  void aliasesThatDisagreeAreMalformed() {
    assertRejected(
        SW.verify(swRequest().header("svix-id", "msg_2").build()),
        Reason.MALFORMED_HEADER,
        "headers webhook-id and svix-id carry different values",
        SW_SECRET);
    assertRejected(
        SW.verify(swRequest().header("svix-timestamp", Long.toString(T - 60)).build()),
        Reason.MALFORMED_HEADER,
        "headers webhook-timestamp and svix-timestamp carry different values",
        SW_SECRET);
  }

  /** Every kind of verifier Hookline builds, with the headers its signature covers. */
  static Stream<Arguments> verifiersAndTheirSignedHeaders() {
    return Stream.of(
        Arguments.of(
            "CloudEvents template",
            CE_VERIFIER,
            Set.of("ce-id", "ce-source", "ce-type", "x-timestamp")),
        Arguments.of(
            "Standard Webhooks v1",
            SW,
            Set.of("webhook-id", "svix-id", "webhook-timestamp", "svix-timestamp")),
        Arguments.of(
            "Standard Webhooks v1a",
            StandardWebhooks.ed25519Verifier(ed25519PublicKey()),
            Set.of("webhook-id", "svix-id", "webhook-timestamp", "svix-timestamp")),
        Arguments.of("Lucca", Lucca.scheme().verifier(SECRET), Set.of("lucca-timestamp")),
        Arguments.of(
            "Stripe: the timestamp is an entry of the signature header",
            Stripe.scheme().verifier(SECRET),
            Set.of()),
        Arguments.of("GitHub: the body only", GitHub.scheme().verifier(SECRET), Set.of()),
        Arguments.of("GitHub with legacy SHA-1", GitHub.verifierWithLegacySha1(SECRET), Set.of()),
        Arguments.of(
            "an id header that the template does not sign",
            HmacSignature.builder()
                .signatureHeader("X-Signature")
                .idHeader("X-Delivery-Id")
                .secrets(SECRET)
                .build(),
            Set.of()),
        Arguments.of(
            "unverified", SignatureVerifier.unverified("a test of signedHeaders"), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiersAndTheirSignedHeaders")
  void signedHeadersNameExactlyTheCoveredHeadersInLowerCase(
      String scheme, SignatureVerifier verifier, Set<String> expected) {
    assertThat(verifier.signedHeaders()).isEqualTo(expected);
    assertThatThrownBy(() -> verifier.signedHeaders().add("ce-id"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** A genuine request per verifier that covers headers; each is accepted unchanged. */
  static Stream<Arguments> genuineRequests() {
    String luccaTime = "2023-11-14T22:13:20Z";
    return Stream.of(
        Arguments.of("CloudEvents template", CE_VERIFIER, ceRequest().build()),
        Arguments.of("Standard Webhooks v1", SW, swRequest().build()),
        Arguments.of(
            "Lucca",
            Lucca.scheme().withClock(clockAt(T)).verifier(SECRET),
            WebhookRequest.builder()
                .header("Lucca-Timestamp", luccaTime)
                .header(
                    "Lucca-Signature",
                    base64(hmacSha256(utf8(SECRET), concat(utf8(luccaTime + "."), BODY))))
                .body(BODY)
                .build()));
  }

  /**
   * The contract of {@link SignatureVerifier#signedHeaders()} checked from outside: a genuine
   * request in which any one of those headers is given another value, or is added under a name it
   * did not use, is never accepted.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("genuineRequests")
  void everySignedHeaderIsReallyCovered(
      String scheme, SignatureVerifier verifier, WebhookRequest genuine) {
    assertAccepted(verifier.verify(genuine));
    assertThat(verifier.signedHeaders()).isNotEmpty();
    for (String name : verifier.signedHeaders()) {
      String forged = genuine.headers().first(name).map(value -> value + "1").orElse("forged-1");
      WebhookRequest.Builder changed = WebhookRequest.builder().body(genuine.body());
      genuine
          .headers()
          .asMap()
          .forEach(
              (header, values) -> {
                if (!header.equals(name)) {
                  values.forEach(value -> changed.header(header, value));
                }
              });
      changed.header(name, forged);

      assertThat(verifier.verify(changed.build()).isValid())
          .as("%s with %s changed to %s", scheme, name, forged)
          .isFalse();
    }
  }

  @Test
  void legacyGitHubVerifierStillChecksBothHeaders() {
    SignatureVerifier verifier = GitHub.verifierWithLegacySha1(SECRET);

    assertAccepted(
        verifier.verify(
            WebhookRequest.builder()
                .header("X-Hub-Signature", "sha1=" + hex(hmac("HmacSHA1", utf8(SECRET), BODY)))
                .body(BODY)
                .build()));
    assertAccepted(
        verifier.verify(
            WebhookRequest.builder()
                .header("X-Hub-Signature-256", "sha256=" + hex(hmacSha256(utf8(SECRET), BODY)))
                .body(BODY)
                .build()));
    assertThat(verifier.toString()).contains("X-Hub-Signature-256").contains("X-Hub-Signature,");
  }

  /** A fresh Ed25519 public key, X.509 DER in base64. */
  static String ed25519PublicKey() {
    try {
      return base64(
          KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
