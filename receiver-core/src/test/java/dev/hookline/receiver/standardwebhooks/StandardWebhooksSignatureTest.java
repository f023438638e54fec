package dev.hookline.receiver.standardwebhooks;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertToStringHides;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static dev.hookline.receiver.signature.SignatureTestSupport.withByteChanged;
import static dev.hookline.receiver.signature.SignatureTestSupport.withCharAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.withFirstCharFlipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Standard Webhooks v1 (HMAC) and v1a (Ed25519) against the SW-1/SW-2 vectors and the spec. */
class StandardWebhooksSignatureTest {

  /** One known-answer row of the vectors README. */
  record Vector(String name, String secret, String id, String timestamp, String body, String sig) {
    long epochSeconds() {
      return Long.parseLong(timestamp);
    }

    WebhookRequest request() {
      return new Delivery(id, timestamp, utf8(body), sig).request();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The parts of one delivery, each replaceable to tamper with it. */
  record Delivery(String id, String timestamp, byte[] body, String signature) {
    WebhookRequest request() {
      return WebhookRequest.builder()
          .header("webhook-id", id)
          .header("webhook-timestamp", timestamp)
          .header("webhook-signature", signature)
          .header("Content-Type", "application/json")
          .body(body)
          .build();
    }

    Delivery withId(String newId) {
      return new Delivery(newId, timestamp, body, signature);
    }

    Delivery withTimestamp(String newTimestamp) {
      return new Delivery(id, newTimestamp, body, signature);
    }

    Delivery withBody(byte[] newBody) {
      return new Delivery(id, timestamp, newBody, signature);
    }

    Delivery withSignature(String newSignature) {
      return new Delivery(id, timestamp, body, newSignature);
    }
  }

  static final Vector SW_1 =
      new Vector(
          "SW-1",
          "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
          "msg_p5jXN8AQM9LWM0D4loKWxJek",
          "1614265330",
          "{\"test\": 2432232314}",
          "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

  static final Vector SW_1_WITHOUT_PREFIX =
      new Vector(
          "SW-1 secret without whsec_",
          "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
          SW_1.id(),
          SW_1.timestamp(),
          SW_1.body(),
          SW_1.sig());

  static final Vector SW_2 =
      new Vector(
          "SW-2",
          "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
          "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
          "1649367553",
          "{\"email\":\"test@example.com\",\"username\":\"test_user\"}",
          "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=");

  /** A third key, base64 of 24 bytes, configured nowhere. */
  static final String UNKNOWN_SECRET = "whsec_" + base64(utf8("unknown-standard-webhook"));

  static final long T = SW_1.epochSeconds();

  static Stream<Vector> vectors() {
    return Stream.of(SW_1, SW_1_WITHOUT_PREFIX, SW_2);
  }

  /** The key bytes: the optional whsec_ prefix stripped, the rest base64-decoded. */
  static byte[] key(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    return Base64.getDecoder().decode(encoded);
  }

  /** A v1 entry as a correct signer writes it, over {@code id.timestamp.body}. */
  static String v1(String secret, String id, String timestamp, byte[] body) {
    return "v1," + base64(hmacSha256(key(secret), signedContent(id, timestamp, body)));
  }

  static byte[] signedContent(String id, String timestamp, byte[] body) {
    byte[] prefix = utf8(id + "." + timestamp + ".");
    byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  static SignatureVerifier verifierAt(long epochSeconds, String... secrets) {
    return StandardWebhooksSignature.builder()
        .secrets(secrets)
        .clock(clockAt(epochSeconds))
        .build();
  }

  static Delivery sw1Delivery() {
    return new Delivery(SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()), SW_1.sig());
  }

  static void assertRejectedHidingSecrets(
      Verification verification, Reason reason, String detailFragment, String... more) {
    List<String> hidden =
        new ArrayList<>(
            List.of(
                SW_1.secret(),
                SW_1_WITHOUT_PREFIX.secret(),
                SW_2.secret(),
                SW_2.secret().substring(6),
                SW_1.sig().substring(3),
                SW_2.sig().substring(3)));
    hidden.addAll(List.of(more));
    assertRejected(verification, reason, detailFragment, hidden.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void independentSignerReproducesTheVectorSignature(Vector vector) {
    assertThat(v1(vector.secret(), vector.id(), vector.timestamp(), utf8(vector.body())))
        .isEqualTo(vector.sig());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vectorIsAcceptedWithTheClockAtItsTimestamp(Vector vector) {
    assertAccepted(verifierAt(vector.epochSeconds(), vector.secret()).verify(vector.request()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void staticVerifierRejectsTheOldVectorAsStale(Vector vector) {
    assertRejectedHidingSecrets(
        StandardWebhooksSignature.verifier(vector.secret()).verify(vector.request()),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "the tolerance is 300s");
  }

  /** One-byte changes to each signed part; the timestamp stays inside the 5-minute window. */
  static Stream<Arguments> tamperedVectors() {
    List<Arguments> cases = new ArrayList<>();
    vectors()
        .forEach(
            vector -> {
              Delivery d =
                  new Delivery(vector.id(), vector.timestamp(), utf8(vector.body()), vector.sig());
              String ts = vector.timestamp();
              String lastDigitPlusOne =
                  ts.substring(0, ts.length() - 1) + (char) (ts.charAt(ts.length() - 1) + 1);
              String b64 = vector.sig().substring(3);
              add(cases, vector, "first body byte", d.withBody(withByteChanged(d.body(), 0)));
              add(cases, vector, "last body byte", d.withBody(withByteChanged(d.body(), -1)));
              add(cases, vector, "last id character", d.withId(withCharAt(d.id(), -1, 'Z')));
              add(cases, vector, "first id character", d.withId(withCharAt(d.id(), 0, 'n')));
              add(cases, vector, "timestamp last digit + 1s", d.withTimestamp(lastDigitPlusOne));
              add(cases, vector, "timestamp with a leading zero", d.withTimestamp("0" + ts));
              add(
                  cases,
                  vector,
                  "first signature character",
                  d.withSignature("v1," + withFirstCharFlipped(b64)));
              add(
                  cases,
                  vector,
                  "middle signature character",
                  d.withSignature("v1," + withCharAt(b64, 21, b64.charAt(21) == 'Q' ? 'R' : 'Q')));
              cases.add(
                  Arguments.of(
                      vector,
                      "timestamp last digit replaced by a letter",
                      d.withTimestamp(withCharAt(ts, -1, 'x')).request(),
                      Reason.MALFORMED_HEADER,
                      "timestamp in header webhook-timestamp is not in the UNIX_SECONDS format"));
              cases.add(
                  Arguments.of(
                      vector,
                      "signature made non-canonical base64 (last data char)",
                      d.withSignature("v1," + nonCanonical(b64)).request(),
                      Reason.MALFORMED_HEADER,
                      "signature in webhook-signature is not BASE64 of a 32-byte SHA256 MAC"));
              cases.add(
                  Arguments.of(
                      vector,
                      "signature version changed v1 -> v2",
                      d.withSignature("v2," + b64).request(),
                      Reason.NO_MATCHING_SIGNATURE,
                      "holds no signature this receiver can check"));
            });
    return cases.stream();
  }

  private static void add(List<Arguments> cases, Vector vector, String change, Delivery tampered) {
    cases.add(
        Arguments.of(
            vector,
            change,
            tampered.request(),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in webhook-signature matches a configured key"));
  }

  /** Sets one of the two unused low bits of the last data character before the '=' padding. */
  static String nonCanonical(String base64) {
    assertThat(base64).endsWith("=").doesNotEndWith("==");
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int value = alphabet.indexOf(base64.charAt(base64.length() - 2));
    assertThat(value & 0b11).isZero();
    return withCharAt(base64, -2, alphabet.charAt(value | 0b01));
  }

  @ParameterizedTest(name = "{0}: {1} -> {3}")
  @MethodSource("tamperedVectors")
  void tamperedVectorIsRejected(
      Vector vector, String change, WebhookRequest request, Reason reason, String detail) {
    assertRejectedHidingSecrets(
        verifierAt(vector.epochSeconds(), vector.secret()).verify(request), reason, detail);
  }

  @Test
  void svixHeaderAliasesAreAccepted() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("svix-id", SW_1.id())
            .header("svix-timestamp", SW_1.timestamp())
            .header("svix-signature", SW_1.sig())
            .body(utf8(SW_1.body()))
            .build();

    assertAccepted(verifierAt(T, SW_1.secret()).verify(request));
  }

  @Test
  void svixAliasesAreTamperEvidentToo() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("Svix-Id", SW_1.id() + "x")
            .header("Svix-Timestamp", SW_1.timestamp())
            .header("Svix-Signature", SW_1.sig())
            .body(utf8(SW_1.body()))
            .build();

    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret()).verify(request),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key");
  }

  @Test
  void severalSpaceSeparatedEntriesPassWhenOneIsValid() {
    String wrong = v1(UNKNOWN_SECRET, SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()));
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());

    assertAccepted(
        verifier.verify(sw1Delivery().withSignature(wrong + " " + SW_1.sig()).request()));
    assertAccepted(
        verifier.verify(sw1Delivery().withSignature(SW_1.sig() + " " + wrong).request()));
    assertAccepted(
        verifier.verify(
            sw1Delivery().withSignature("  " + wrong + "   " + SW_1.sig() + "  ").request()));
    assertRejectedHidingSecrets(
        verifier.verify(sw1Delivery().withSignature(wrong + " " + wrong).request()),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key");
  }

  @Test
  void unknownVersionsAreIgnored() {
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());

    assertAccepted(
        verifier.verify(
            sw1Delivery().withSignature("v2,xxx v1a,notchecked " + SW_1.sig()).request()));
    assertRejectedHidingSecrets(
        verifier.verify(sw1Delivery().withSignature("v2,xxx").request()),
        Reason.NO_MATCHING_SIGNATURE,
        "header webhook-signature holds no signature this receiver can check");
    assertRejectedHidingSecrets(
        verifier.verify(sw1Delivery().withSignature("v2,xxx v0,yyy").request()),
        Reason.NO_MATCHING_SIGNATURE,
        "holds no signature this receiver can check");
  }

  @Test
  void sixteenEntriesAreReadButASeventeenthIsMalformed() {
    String wrong = v1(UNKNOWN_SECRET, SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()));
    String fifteenWrong = String.join(" ", Collections.nCopies(15, wrong));
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());

    assertAccepted(
        verifier.verify(sw1Delivery().withSignature(fifteenWrong + " " + SW_1.sig()).request()));
    assertRejectedHidingSecrets(
        verifier.verify(
            sw1Delivery().withSignature(fifteenWrong + " v2,x " + SW_1.sig()).request()),
        Reason.MALFORMED_HEADER,
        "header webhook-signature has more than 16 entries");
  }

  @Test
  void invalidBase64InAV1EntryIsMalformed() {
    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret()).verify(sw1Delivery().withSignature("v1,abc").request()),
        Reason.MALFORMED_HEADER,
        "signature in webhook-signature is not BASE64 of a 32-byte SHA256 MAC");
  }

  /**
   * Issue 11: an entry that does not decode (or decodes to the wrong length) is skipped like an
   * unknown version, so it cannot veto a valid entry next to it.
   */
  @Test
  void undecodableEntriesDoNotVetoAValidOne() {
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());

    for (String header :
        List.of(
            "v1,AAAA " + SW_1.sig() + " v2,BBBB",
            "v1,abc " + SW_1.sig(),
            SW_1.sig() + " v1," + base64(new byte[31]),
            "v1, " + SW_1.sig())) {
      assertAccepted(verifier.verify(sw1Delivery().withSignature(header).request()));
    }
  }

  @Test
  void headerWithOnlyUndecodableEntriesIsMalformed() {
    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret())
            .verify(sw1Delivery().withSignature("v1,AAAA v2,BBBB v1,abc").request()),
        Reason.MALFORMED_HEADER,
        "signature in webhook-signature is not BASE64 of a 32-byte SHA256 MAC");
  }

  @Test
  void undecodableEntryNextToAWrongSignatureIsNoMatch() {
    String wrong = v1(UNKNOWN_SECRET, SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()));

    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret())
            .verify(sw1Delivery().withSignature("v1,AAAA " + wrong).request()),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in webhook-signature matches a configured key");
  }

  /** Issue 11: details name the header the request used, not the preset's primary name. */
  @Test
  void detailsNameTheSvixHeadersWhenThoseCame() {
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());
    String wrong = v1(UNKNOWN_SECRET, SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()));
    String longId = "m".repeat(257);

    assertRejectedHidingSecrets(
        verifier.verify(svix(SW_1.id(), SW_1.timestamp(), "v1,abc")),
        Reason.MALFORMED_HEADER,
        "signature in svix-signature is not BASE64 of a 32-byte SHA256 MAC");
    assertRejectedHidingSecrets(
        verifier.verify(svix(SW_1.id(), SW_1.timestamp(), wrong)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in svix-signature matches a configured key");
    assertRejectedHidingSecrets(
        verifier.verify(svix(SW_1.id(), SW_1.timestamp(), "v2,xxx")),
        Reason.NO_MATCHING_SIGNATURE,
        "header svix-signature holds no signature this receiver can check");
    assertRejectedHidingSecrets(
        verifierAt(T + 301, SW_1.secret()).verify(svix(SW_1.id(), SW_1.timestamp(), SW_1.sig())),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header svix-timestamp is 301s away from the receiver's clock; the tolerance"
            + " is 300s");
    assertRejectedHidingSecrets(
        verifier.verify(svix(SW_1.id(), "1614265330x", SW_1.sig())),
        Reason.MALFORMED_HEADER,
        "timestamp in header svix-timestamp is not in the UNIX_SECONDS format");
    assertRejectedHidingSecrets(
        verifier.verify(svix(longId, SW_1.timestamp(), SW_1.sig())),
        Reason.MALFORMED_HEADER,
        "header svix-id must hold 1 to 256 characters");
  }

  static WebhookRequest svix(String id, String timestamp, String signature) {
    return WebhookRequest.builder()
        .header("svix-id", id)
        .header("svix-timestamp", timestamp)
        .header("svix-signature", signature)
        .body(utf8(SW_1.body()))
        .build();
  }

  @Test
  void blankSecretFailsTheBuildWithoutShowingIt() {
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier(SW_1.secret(), " \t "))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #2 is blank");
  }

  @Test
  void missingSignatureHeaderIsRejectedWithMissingHeader() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("webhook-id", SW_1.id())
            .header("webhook-timestamp", SW_1.timestamp())
            .body(utf8(SW_1.body()))
            .build();

    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret()).verify(request),
        Reason.MISSING_HEADER,
        "missing header webhook-signature");
  }

  @Test
  void missingTimestampHeaderIsRejectedWithMissingHeader() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("webhook-id", SW_1.id())
            .header("webhook-signature", SW_1.sig())
            .body(utf8(SW_1.body()))
            .build();

    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret()).verify(request),
        Reason.MISSING_HEADER,
        "missing header webhook-timestamp");
  }

  @Test
  void missingIdHeaderIsRejectedWithMissingHeader() {
    WebhookRequest request =
        WebhookRequest.builder()
            .header("webhook-timestamp", SW_1.timestamp())
            .header("webhook-signature", SW_1.sig())
            .body(utf8(SW_1.body()))
            .build();

    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret()).verify(request),
        Reason.MISSING_HEADER,
        "missing header webhook-id");
  }

  @Test
  void emptyOrOverlongIdIsMalformed() {
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());
    String longId = "m".repeat(257);

    assertRejectedHidingSecrets(
        verifier.verify(sw1Delivery().withId("").request()),
        Reason.MALFORMED_HEADER,
        "header webhook-id must hold 1 to 256 characters");
    assertRejectedHidingSecrets(
        verifier.verify(
            sw1Delivery()
                .withId(longId)
                .withSignature(v1(SW_1.secret(), longId, SW_1.timestamp(), utf8(SW_1.body())))
                .request()),
        Reason.MALFORMED_HEADER,
        "header webhook-id must hold 1 to 256 characters");
    String maxId = "m".repeat(256);
    assertAccepted(
        verifier.verify(
            sw1Delivery()
                .withId(maxId)
                .withSignature(v1(SW_1.secret(), maxId, SW_1.timestamp(), utf8(SW_1.body())))
                .request()));
  }

  @ParameterizedTest(name = "webhook-timestamp: \"{0}\"")
  @ValueSource(
      strings = {
        "16142653301234567",
        "1614265330123",
        "-1614265330",
        "+1614265330",
        "1614265330.0",
        "1614265330 ",
        "0x6037c6f2",
        "١٦١٤٢٦٥٣٣٠",
        "2021-02-25T15:02:10Z",
        ""
      })
  void unparseableTimestampIsRejectedWithMalformedHeader(String timestamp) {
    Delivery delivery =
        sw1Delivery()
            .withTimestamp(timestamp)
            .withSignature(v1(SW_1.secret(), SW_1.id(), timestamp, utf8(SW_1.body())));

    assertRejectedHidingSecrets(
        verifierAt(T, SW_1.secret()).verify(delivery.request()),
        Reason.MALFORMED_HEADER,
        "timestamp in header webhook-timestamp is not in the UNIX_SECONDS format");
  }

  @ParameterizedTest(name = "clock {0}s from the timestamp")
  @ValueSource(longs = {-300, 0, 300})
  void timestampExactlyAtTheToleranceIsAccepted(long clockOffset) {
    assertAccepted(verifierAt(T + clockOffset, SW_1.secret()).verify(SW_1.request()));
  }

  @ParameterizedTest(name = "clock {0}s from the timestamp")
  @ValueSource(longs = {-301, 301})
  void timestampOneSecondBeyondTheToleranceIsRejectedWithTimestampOutOfWindow(long clockOffset) {
    assertRejectedHidingSecrets(
        verifierAt(T + clockOffset, SW_1.secret()).verify(SW_1.request()),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header webhook-timestamp is 301s away from the receiver's clock; the tolerance is 300s");
  }

  @Test
  void rotatedSecretsAreBothAccepted() {
    SignatureVerifier rotating = verifierAt(T, SW_2.secret(), SW_1.secret());
    String withNewSecret = v1(SW_2.secret(), SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()));
    String withUnknown = v1(UNKNOWN_SECRET, SW_1.id(), SW_1.timestamp(), utf8(SW_1.body()));

    assertAccepted(rotating.verify(SW_1.request()));
    assertAccepted(rotating.verify(sw1Delivery().withSignature(withNewSecret).request()));
    assertRejectedHidingSecrets(
        rotating.verify(sw1Delivery().withSignature(withUnknown).request()),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in webhook-signature matches a configured key",
        withNewSecret.substring(3));
  }

  @Test
  void nonAsciiAndCrlfBodiesVerifyOverTheirExactBytes() {
    SignatureVerifier verifier = verifierAt(T, SW_1.secret());
    for (String body : List.of("{\"name\":\"Zoë ç 日本\"}", "{\r\n  \"a\": 1\r\n}")) {
      String signature = v1(SW_1.secret(), SW_1.id(), SW_1.timestamp(), utf8(body));
      Delivery delivery = sw1Delivery().withBody(utf8(body)).withSignature(signature);

      assertAccepted(verifier.verify(delivery.request()));
      if (body.contains("\r\n")) {
        assertRejectedHidingSecrets(
            verifier.verify(delivery.withBody(utf8(body.replace("\r\n", "\n"))).request()),
            Reason.NO_MATCHING_SIGNATURE,
            "matches a configured key",
            signature.substring(3));
      }
    }
  }

  @Test
  void undecodableSecretFailsTheBuild() {
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier("whsec_!!!"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is not valid STANDARD_WEBHOOKS text")
        .message()
        .doesNotContain("!!!");
  }

  @Test
  void nonCanonicalBase64SecretFailsTheBuild() {
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier("whsec_AQI"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is not valid STANDARD_WEBHOOKS text");
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier("whsec_AQJ="))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is not valid STANDARD_WEBHOOKS text");
  }

  @Test
  void emptyKeyFailsTheBuild() {
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier(SW_1.secret(), "whsec_"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #2 is empty");
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier(""))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #1 is empty");
  }

  @Test
  void noSecretFailsTheBuild() {
    assertThatThrownBy(() -> StandardWebhooksSignature.verifier())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("at least one secret (or Ed25519 public key) is required");
  }

  @Test
  void toStringHidesSecretsAndSignatures() {
    SignatureVerifier verifier = verifierAt(T, SW_1.secret(), SW_2.secret());

    assertToStringHides(
        verifier,
        SW_1.secret(),
        SW_1_WITHOUT_PREFIX.secret(),
        SW_2.secret().substring(6),
        SW_1.sig().substring(3),
        SW_2.sig().substring(3));
    assertThat(verifier.toString()).contains("webhook-signature").contains("secrets=2");
  }

  /** v1a: Ed25519 signatures over the same {@code id.timestamp.body}. */
  @Nested
  class Ed25519 {

    final KeyPair keys = generate();
    final KeyPair otherKeys = generate();
    final byte[] body = utf8(SW_1.body());

    /** X.509 SubjectPublicKeyInfo DER, base64: what {@code getEncoded()} returns. */
    String x509(KeyPair pair) {
      byte[] der = pair.getPublic().getEncoded();
      assertThat(der).hasSize(44);
      return base64(der);
    }

    /** The raw 32-byte key: the last 32 bytes of the DER encoding. */
    String raw(KeyPair pair) {
      byte[] der = pair.getPublic().getEncoded();
      return base64(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    String v1a(PrivateKey key, String id, String timestamp, byte[] content) {
      try {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(signedContent(id, timestamp, content));
        return "v1a," + base64(signer.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    Delivery signed() {
      return new Delivery(
          SW_1.id(),
          SW_1.timestamp(),
          body,
          v1a(keys.getPrivate(), SW_1.id(), SW_1.timestamp(), body));
    }

    SignatureVerifier verifier(String... publicKeys) {
      return StandardWebhooksSignature.builder()
          .ed25519("v1a,", List.of(publicKeys))
          .clock(clockAt(T))
          .build();
    }

    @Test
    void signatureIsAcceptedWithAnX509Key() {
      assertAccepted(verifier(x509(keys)).verify(signed().request()));
    }

    @Test
    void signatureIsAcceptedWithARaw32ByteKey() {
      assertAccepted(verifier(raw(keys)).verify(signed().request()));
    }

    /** Issue 11: Standard Webhooks serializes a public key as {@code whpk_} + base64. */
    @Test
    void signatureIsAcceptedWithAWhpkPrefixedKey() {
      assertAccepted(verifier("whpk_" + raw(keys)).verify(signed().request()));
      assertAccepted(verifier("whpk_" + x509(keys)).verify(signed().request()));
    }

    @Test
    void whskSigningKeyFailsTheBuildWithoutShowingIt() {
      String signingKey = "whsk_" + raw(keys);

      assertThatThrownBy(() -> StandardWebhooksSignature.ed25519Verifier(signingKey))
          .isInstanceOf(WebhookConfigurationException.class)
          .hasMessage(
              "public key #1 is a whsk_ signing key, which must stay with the sender: configure its"
                  + " whpk_ public key")
          .message()
          .doesNotContain(raw(keys));
    }

    @Test
    void wrongLengthEd25519EntryDoesNotVetoAValidOne() {
      String shortEntry = "v1a," + base64(new byte[63]);

      assertAccepted(
          verifier(raw(keys))
              .verify(signed().withSignature(shortEntry + " " + signed().signature()).request()));
    }

    @Test
    void presetFactoryAcceptsBothKeyEncodingsAndRejectsTampering() {
      // ed25519Verifier uses the system clock, so sign a fresh timestamp.
      String now = Long.toString(Instant.now().getEpochSecond());
      Delivery fresh =
          signed().withTimestamp(now).withSignature(v1a(keys.getPrivate(), SW_1.id(), now, body));

      for (String key : List.of(x509(keys), raw(keys))) {
        SignatureVerifier verifier = StandardWebhooksSignature.ed25519Verifier(key);
        assertAccepted(verifier.verify(fresh.request()));
        assertRejectedHidingSecrets(
            verifier.verify(fresh.withBody(withByteChanged(body, -1)).request()),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in webhook-signature matches a configured key",
            fresh.signature().substring(4));
        assertRejectedHidingSecrets(
            verifier.verify(fresh.withId(SW_1.id() + "0").request()),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in webhook-signature matches a configured key",
            fresh.signature().substring(4));
      }
    }

    @Test
    void fourEd25519EntriesAreCheckedButAFifthIsMalformed() {
      String other = v1a(otherKeys.getPrivate(), SW_1.id(), SW_1.timestamp(), body);
      String four = String.join(" ", other, other, other, signed().signature());
      String five = String.join(" ", other, four);

      assertAccepted(verifier(raw(keys)).verify(signed().withSignature(four).request()));
      Verification refused = verifier(raw(keys)).verify(signed().withSignature(five).request());
      assertThat(refused.reason()).contains(Reason.MALFORMED_HEADER);
      assertThat(refused.detail())
          .isEqualTo("header webhook-signature has more than 4 \"v1a,\" entries");
    }

    @Test
    void svixAliasesCarryEd25519Too() {
      Delivery d = signed();
      WebhookRequest request =
          WebhookRequest.builder()
              .header("svix-id", d.id())
              .header("svix-timestamp", d.timestamp())
              .header("svix-signature", d.signature())
              .body(d.body())
              .build();

      assertAccepted(verifier(raw(keys)).verify(request));
    }

    static Stream<Arguments> tampering() {
      return Stream.of(
          Arguments.of(
              "body byte", (UnaryOperator<Delivery>) d -> d.withBody(withByteChanged(d.body(), 3))),
          Arguments.of("id", (UnaryOperator<Delivery>) d -> d.withId(withCharAt(d.id(), -1, 'Z'))),
          Arguments.of(
              "timestamp + 1s", (UnaryOperator<Delivery>) d -> d.withTimestamp("1614265331")),
          Arguments.of(
              "signature first character",
              (UnaryOperator<Delivery>)
                  d -> d.withSignature("v1a," + withFirstCharFlipped(d.signature().substring(4)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void tamperedSignatureIsRejected(String change, UnaryOperator<Delivery> tamper) {
      Delivery original = signed();

      for (String key : List.of(x509(keys), raw(keys))) {
        assertRejectedHidingSecrets(
            verifier(key).verify(tamper.apply(original).request()),
            Reason.NO_MATCHING_SIGNATURE,
            "no signature in webhook-signature matches a configured key",
            original.signature().substring(4));
      }
    }

    @Test
    void signatureFromAnotherKeyIsRejected() {
      Delivery byOther =
          signed().withSignature(v1a(otherKeys.getPrivate(), SW_1.id(), SW_1.timestamp(), body));

      assertRejectedHidingSecrets(
          verifier(raw(keys)).verify(byOther.request()),
          Reason.NO_MATCHING_SIGNATURE,
          "matches a configured key");
    }

    @Test
    void rotatedPublicKeysAreBothAccepted() {
      SignatureVerifier rotating = verifier(x509(otherKeys), raw(keys));
      Delivery byOther =
          signed().withSignature(v1a(otherKeys.getPrivate(), SW_1.id(), SW_1.timestamp(), body));

      assertAccepted(rotating.verify(signed().request()));
      assertAccepted(rotating.verify(byOther.request()));
    }

    @Test
    void hmacEntriesAreIgnoredByAnEd25519OnlyVerifier() {
      Delivery both = signed().withSignature(SW_1.sig() + " " + signed().signature());

      assertAccepted(verifier(raw(keys)).verify(both.request()));
      assertRejectedHidingSecrets(
          verifier(raw(keys)).verify(signed().withSignature(SW_1.sig()).request()),
          Reason.NO_MATCHING_SIGNATURE,
          "holds no signature this receiver can check");
    }

    @Test
    void hmacAndEd25519CanBeConfiguredTogether() {
      SignatureVerifier both =
          StandardWebhooksSignature.builder()
              .secrets(SW_1.secret())
              .ed25519("v1a,", List.of(raw(keys)))
              .clock(clockAt(T))
              .build();

      assertAccepted(both.verify(SW_1.request()));
      assertAccepted(both.verify(signed().request()));
    }

    @Test
    void severalEd25519EntriesPassWhenOneIsValid() {
      String byOther = v1a(otherKeys.getPrivate(), SW_1.id(), SW_1.timestamp(), body);

      assertAccepted(
          verifier(raw(keys))
              .verify(signed().withSignature(byOther + " " + signed().signature()).request()));
    }

    /**
     * An entry whose 64 bytes are not a valid Ed25519 encoding (here S >= the group order) makes
     * {@code Signature.verify} throw; that must count as "no match" for that entry only, so the
     * valid entry after it is still checked.
     */
    @Test
    void unverifiableEd25519EntryDoesNotHideAValidOneAfterIt() {
      byte[] garbage = new byte[64];
      Arrays.fill(garbage, (byte) 0xff);
      String invalid = "v1a," + base64(garbage);

      assertAccepted(
          verifier(raw(keys))
              .verify(signed().withSignature(invalid + " " + signed().signature()).request()));
    }

    @Test
    void ed25519SignatureOfTheWrongLengthIsMalformed() {
      assertRejectedHidingSecrets(
          verifier(raw(keys))
              .verify(signed().withSignature("v1a," + base64(new byte[63])).request()),
          Reason.MALFORMED_HEADER,
          "signature in webhook-signature is not BASE64 of a 64-byte Ed25519 signature");
      assertRejectedHidingSecrets(
          verifier(raw(keys)).verify(signed().withSignature("v1a,abc").request()),
          Reason.MALFORMED_HEADER,
          "is not BASE64 of a 64-byte Ed25519 signature");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"not base64!", "AAAA", "", "MCowBQYDK2VwAyEA"})
    void badPublicKeyFailsTheBuild(String publicKey) {
      assertThatThrownBy(() -> StandardWebhooksSignature.ed25519Verifier(publicKey))
          .isInstanceOf(WebhookConfigurationException.class)
          .hasMessage(
              "public key #1 is neither a raw 32-byte Ed25519 key nor an X.509 DER key in base64");
    }

    @Test
    void nonEd25519X509KeyFailsTheBuild() throws GeneralSecurityException {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(256);
      String ecKey = base64(ec.generateKeyPair().getPublic().getEncoded());

      assertThatThrownBy(() -> StandardWebhooksSignature.ed25519Verifier(raw(keys), ecKey))
          .isInstanceOf(WebhookConfigurationException.class)
          .hasMessageStartingWith("public key #2 is neither");
    }

    @Test
    void toStringHidesKeysAndSignatures() {
      SignatureVerifier verifier = verifier(raw(keys));

      assertToStringHides(verifier, raw(keys), x509(keys), signed().signature().substring(4));
      assertThat(verifier.toString()).contains("publicKeys=1");
    }

    private static KeyPair generate() {
      try {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
