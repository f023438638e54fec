package dev.hookline.receiver.signature;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertToStringHides;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.concat;
import static dev.hookline.receiver.signature.SignatureTestSupport.hex;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmac;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static dev.hookline.receiver.signature.SignatureTestSupport.withByteChanged;
import static dev.hookline.receiver.signature.SignatureTestSupport.withFirstCharFlipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The generic builder: Shopify, Slack, digests, encodings, timestamp formats, templates, rules. */
class HmacSignatureTest {

  static final String SECRET = "hmac-test-secret-A1b2C3d4";
  static final String NEW_SECRET = "hmac-rotated-secret-E5f6G7h8";
  static final String UNKNOWN_SECRET = "hmac-unknown-secret-I9j0K1l2";
  static final byte[] BODY = utf8("{\"id\":\"evt_42\",\"type\":\"order.created\"}");
  static final long T = 1_700_000_000L;

  static void assertRejectedHiding(
      Verification verification, Reason reason, String detailFragment, String... signatures) {
    String[] hidden =
        Stream.concat(Stream.of(SECRET, NEW_SECRET), Stream.of(signatures)).toArray(String[]::new);
    assertRejected(verification, reason, detailFragment, hidden);
  }

  /** Shopify: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(secret, raw body)), no prefix. */
  @Nested
  class Shopify {

    static final String SHOPIFY_SECRET = "shpss_5f2c0d7e9a1b4c3d8e6f";

    final SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Shopify-Hmac-Sha256")
            .encoding(SignatureEncoding.BASE64)
            .secrets(SHOPIFY_SECRET)
            .build();

    String sign(byte[] body) {
      return base64(hmacSha256(utf8(SHOPIFY_SECRET), body));
    }

    WebhookRequest request(byte[] body, String signature) {
      return WebhookRequest.builder()
          .header("X-Shopify-Topic", "orders/create")
          .header("X-Shopify-Hmac-Sha256", signature)
          .body(body)
          .build();
    }

    @Test
    void signatureComputedIndependentlyIsAccepted() {
      assertAccepted(verifier.verify(request(BODY, sign(BODY))));
    }

    @Test
    void tamperedBodyOrSignatureIsRejected() {
      String signature = sign(BODY);

      assertRejected(
          verifier.verify(request(withByteChanged(BODY, 5), signature)),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Shopify-Hmac-Sha256 matches a configured key",
          SHOPIFY_SECRET,
          signature);
      assertRejected(
          verifier.verify(request(BODY, withFirstCharFlipped(signature))),
          Reason.NO_MATCHING_SIGNATURE,
          "matches a configured key",
          SHOPIFY_SECRET,
          signature);
    }

    @Test
    void hexSignatureIsMalformedForABase64Scheme() {
      String hexSignature = hex(hmacSha256(utf8(SHOPIFY_SECRET), BODY));

      assertRejected(
          verifier.verify(request(BODY, hexSignature)),
          Reason.MALFORMED_HEADER,
          "signature in X-Shopify-Hmac-Sha256 is not BASE64 of a 32-byte SHA256 MAC",
          SHOPIFY_SECRET,
          hexSignature);
    }

    @Test
    void unpaddedOrUrlSafeBase64IsMalformed() {
      String signature = sign(BODY);
      String urlSafe = signature.replace('+', '-').replace('/', '_');

      assertRejected(
          verifier.verify(request(BODY, signature.substring(0, signature.length() - 1))),
          Reason.MALFORMED_HEADER,
          "is not BASE64 of a 32-byte SHA256 MAC",
          SHOPIFY_SECRET,
          signature);
      if (!urlSafe.equals(signature)) {
        assertRejected(
            verifier.verify(request(BODY, urlSafe)),
            Reason.MALFORMED_HEADER,
            "is not BASE64 of a 32-byte SHA256 MAC",
            SHOPIFY_SECRET,
            signature);
      }
    }

    @Test
    void nonAsciiAndCrlfBodiesVerifyOverTheirExactBytes() {
      byte[] nonAscii = utf8("{\"name\":\"Zoë ç 日本\"}");
      byte[] crlf = utf8("{\r\n  \"a\": 1\r\n}");
      byte[] lf = utf8("{\n  \"a\": 1\n}");

      assertAccepted(verifier.verify(request(nonAscii, sign(nonAscii))));
      assertAccepted(verifier.verify(request(crlf, sign(crlf))));
      assertRejected(
          verifier.verify(request(lf, sign(crlf))),
          Reason.NO_MATCHING_SIGNATURE,
          "matches a configured key",
          SHOPIFY_SECRET,
          sign(crlf),
          sign(lf));
    }

    @Test
    void toStringHidesTheSecret() {
      assertToStringHides(verifier, SHOPIFY_SECRET, sign(BODY));
    }
  }

  /**
   * Slack: X-Slack-Signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)). Slack's
   * published example is in {@code conformance.SlackConformanceTest}.
   */
  @Nested
  class Slack {

    SignatureVerifier verifier(String secret, long now) {
      return HmacSignature.builder()
          .signatureHeader("X-Slack-Signature")
          .prefix("v0=")
          .encoding(SignatureEncoding.HEX)
          .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Slack-Request-Timestamp")
          .signedContent("v0:{timestamp}:{body}")
          .secrets(secret)
          .clock(clockAt(now))
          .build();
    }

    String sign(String secret, String timestamp, byte[] body) {
      return "v0=" + hex(hmacSha256(utf8(secret), concat(utf8("v0:" + timestamp + ":"), body)));
    }

    WebhookRequest request(String timestamp, byte[] body, String signature) {
      return WebhookRequest.builder()
          .header("X-Slack-Request-Timestamp", timestamp)
          .header("X-Slack-Signature", signature)
          .body(body)
          .build();
    }

    @Test
    void signatureComputedIndependentlyIsAccepted() {
      String ts = Long.toString(T);

      assertAccepted(verifier(SECRET, T).verify(request(ts, BODY, sign(SECRET, ts, BODY))));
    }

    @Test
    void tamperedTimestampBodyOrSignatureIsRejected() {
      String ts = Long.toString(T);
      String signature = sign(SECRET, ts, BODY);
      SignatureVerifier verifier = verifier(SECRET, T);

      assertRejectedHiding(
          verifier.verify(request(Long.toString(T + 1), BODY, signature)),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Slack-Signature matches a configured key",
          signature);
      assertRejectedHiding(
          verifier.verify(request(ts, withByteChanged(BODY, -1), signature)),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Slack-Signature matches a configured key",
          signature);
      assertRejectedHiding(
          verifier.verify(request(ts, BODY, "v0=" + withFirstCharFlipped(signature.substring(3)))),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Slack-Signature matches a configured key",
          signature.substring(3));
    }

    @Test
    void signatureWithoutTheV0PrefixIsMalformed() {
      String ts = Long.toString(T);
      String bare = sign(SECRET, ts, BODY).substring(3);

      assertRejectedHiding(
          verifier(SECRET, T).verify(request(ts, BODY, bare)),
          Reason.MALFORMED_HEADER,
          "header X-Slack-Signature does not start with \"v0=\"",
          bare);
    }

    @Test
    void missingTimestampHeaderIsRejectedWithMissingHeader() {
      WebhookRequest request =
          WebhookRequest.builder()
              .header("X-Slack-Signature", sign(SECRET, Long.toString(T), BODY))
              .body(BODY)
              .build();

      assertRejectedHiding(
          verifier(SECRET, T).verify(request),
          Reason.MISSING_HEADER,
          "missing header X-Slack-Request-Timestamp");
    }

    @Test
    void nonDigitTimestampIsMalformed() {
      String ts = "17000000O0"; // a letter O in place of a zero

      assertRejectedHiding(
          verifier(SECRET, T).verify(request(ts, BODY, sign(SECRET, ts, BODY))),
          Reason.MALFORMED_HEADER,
          "timestamp in header X-Slack-Request-Timestamp is not in the UNIX_SECONDS format");
    }

    @Test
    void staleTimestampIsRejectedWithTimestampOutOfWindow() {
      String ts = Long.toString(T);

      assertRejectedHiding(
          verifier(SECRET, T + 3600).verify(request(ts, BODY, sign(SECRET, ts, BODY))),
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "timestamp in header X-Slack-Request-Timestamp is 3600s away from the receiver's clock; the tolerance is 300s");
    }
  }

  static String jcaName(HmacAlgorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> "HmacSHA1";
      case SHA256 -> "HmacSHA256";
      case SHA384 -> "HmacSHA384";
      case SHA512 -> "HmacSHA512";
    };
  }

  static int macLength(HmacAlgorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> 20;
      case SHA256 -> 32;
      case SHA384 -> 48;
      case SHA512 -> 64;
    };
  }

  static Stream<Arguments> algorithmsAndEncodings() {
    return Stream.of(HmacAlgorithm.values())
        .flatMap(
            algorithm ->
                Stream.of(SignatureEncoding.values())
                    .map(encoding -> Arguments.of(algorithm, encoding)));
  }

  static String encode(SignatureEncoding encoding, byte[] mac) {
    return encoding == SignatureEncoding.HEX ? hex(mac) : base64(mac);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("algorithmsAndEncodings")
  void everyDigestAndEncodingVerifiesAnIndependentlyComputedSignature(
      HmacAlgorithm algorithm, SignatureEncoding encoding) {
    byte[] mac = hmac(jcaName(algorithm), utf8(SECRET), BODY);
    assertThat(mac).hasSize(macLength(algorithm));
    String signature = "sig=" + encode(encoding, mac);
    SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .prefix("sig=")
            .algorithm(algorithm)
            .encoding(encoding)
            .secrets(SECRET)
            .build();

    assertAccepted(verifier.verify(request("X-Signature", signature, BODY)));
    assertRejectedHiding(
        verifier.verify(request("X-Signature", signature, withByteChanged(BODY, 0))),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Signature matches a configured key",
        signature.substring(4));
    assertRejectedHiding(
        verifier.verify(
            request("X-Signature", "sig=" + withFirstCharFlipped(encode(encoding, mac)), BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Signature matches a configured key",
        signature.substring(4));
    assertToStringHides(verifier, SECRET, signature.substring(4));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = HmacAlgorithm.class,
      names = {"SHA256", "SHA384", "SHA512"})
  void signatureOfAnotherDigestLengthIsMalformed(HmacAlgorithm algorithm) {
    HmacAlgorithm other =
        algorithm == HmacAlgorithm.SHA512 ? HmacAlgorithm.SHA256 : HmacAlgorithm.SHA512;
    String signature = hex(hmac(jcaName(other), utf8(SECRET), BODY));
    SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .algorithm(algorithm)
            .secrets(SECRET)
            .build();

    assertRejectedHiding(
        verifier.verify(request("X-Signature", signature, BODY)),
        Reason.MALFORMED_HEADER,
        "signature in X-Signature is not HEX of a "
            + macLength(algorithm)
            + "-byte "
            + algorithm
            + " MAC",
        hex(hmac(jcaName(algorithm), utf8(SECRET), BODY)));
  }

  @Test
  void hexIsAcceptedInEitherCase() {
    String lower = hex(hmacSha256(utf8(SECRET), BODY));
    SignatureVerifier verifier =
        HmacSignature.builder().signatureHeader("X-Signature").secrets(SECRET).build();

    assertAccepted(verifier.verify(request("X-Signature", lower, BODY)));
    assertAccepted(verifier.verify(request("X-Signature", lower.toUpperCase(Locale.ROOT), BODY)));
  }

  @Test
  void base64SecretEncodingUsesTheDecodedKey() {
    byte[] key = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 42, 7, 9};
    SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .secretEncoding(SecretEncoding.BASE64)
            .secrets(base64(key))
            .build();

    assertAccepted(verifier.verify(request("X-Signature", hex(hmacSha256(key, BODY)), BODY)));
    assertRejectedHiding(
        verifier.verify(request("X-Signature", hex(hmacSha256(utf8(base64(key)), BODY)), BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches a configured key",
        base64(key),
        hex(hmacSha256(key, BODY)));
  }

  /** Unix milliseconds in {@code X-Timestamp}, signed as {@code {timestamp}.{body}}. */
  @Nested
  class UnixMillis {

    static final long MILLIS = 1_700_000_000_123L;

    SignatureVerifier verifierAt(Instant now) {
      return HmacSignature.builder()
          .signatureHeader("X-Signature")
          .timestampHeader(TimestampFormat.UNIX_MILLIS, "X-Timestamp")
          .signedContent("{timestamp}.{body}")
          .secrets(SECRET)
          .clock(clockAt(now))
          .build();
    }

    WebhookRequest signed(String timestamp) {
      return WebhookRequest.builder()
          .header("X-Timestamp", timestamp)
          .header("X-Signature", hex(hmacSha256(utf8(SECRET), concat(utf8(timestamp + "."), BODY))))
          .body(BODY)
          .build();
    }

    @ParameterizedTest(name = "clock {0} ms from the timestamp")
    @ValueSource(longs = {-300_000, -1, 0, 1, 300_000})
    void millisecondTimestampWithinTheToleranceIsAccepted(long offsetMillis) {
      assertAccepted(
          verifierAt(Instant.ofEpochMilli(MILLIS + offsetMillis))
              .verify(signed(Long.toString(MILLIS))));
    }

    @ParameterizedTest(name = "clock {0} ms from the timestamp")
    @ValueSource(longs = {-301_000, -300_001, 300_001, 301_000})
    void millisecondTimestampBeyondTheToleranceIsRejected(long offsetMillis) {
      assertRejectedHiding(
          verifierAt(Instant.ofEpochMilli(MILLIS + offsetMillis))
              .verify(signed(Long.toString(MILLIS))),
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "the tolerance is 300s");
    }

    @Test
    void secondsSentToAMillisecondSchemeAreOutOfWindow() {
      assertRejectedHiding(
          verifierAt(Instant.ofEpochMilli(MILLIS)).verify(signed(Long.toString(T))),
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "the tolerance is 300s");
    }

    @ParameterizedTest(name = "X-Timestamp: \"{0}\"")
    @ValueSource(strings = {"1700000000123456", "1700000000.123", "-1700000000123", "abc", ""})
    void unparseableMillisecondTimestampIsMalformed(String timestamp) {
      assertRejectedHiding(
          verifierAt(Instant.ofEpochMilli(MILLIS)).verify(signed(timestamp)),
          Reason.MALFORMED_HEADER,
          "timestamp in header X-Timestamp is not in the UNIX_MILLIS format");
    }

    @Test
    void tamperedMillisecondTimestampIsRejected() {
      WebhookRequest original = signed(Long.toString(MILLIS));
      WebhookRequest tampered =
          WebhookRequest.builder()
              .header("X-Timestamp", Long.toString(MILLIS + 1))
              .header("X-Signature", original.headers().first("X-Signature").orElseThrow())
              .body(BODY)
              .build();

      assertRejectedHiding(
          verifierAt(Instant.ofEpochMilli(MILLIS)).verify(tampered),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Signature matches a configured key");
    }
  }

  /** ISO-8601 in {@code X-Signed-At}, signed as written. */
  @Nested
  class Iso8601 {

    SignatureVerifier verifierAt(Instant now) {
      return HmacSignature.builder()
          .signatureHeader("X-Signature")
          .encoding(SignatureEncoding.BASE64)
          .timestampHeader(TimestampFormat.ISO_8601, "X-Signed-At")
          .signedContent("{timestamp}\n{body}")
          .secrets(SECRET)
          .clock(clockAt(now))
          .build();
    }

    WebhookRequest signed(String timestamp, String signedTimestamp) {
      return WebhookRequest.builder()
          .header("X-Signed-At", timestamp)
          .header(
              "X-Signature",
              base64(hmacSha256(utf8(SECRET), concat(utf8(signedTimestamp + "\n"), BODY))))
          .body(BODY)
          .build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {"2023-11-14T22:13:20Z", "2023-11-14T23:13:20+01:00", "2023-11-14T22:13:20.000Z"})
    void isoTimestampIsAcceptedAsItsInstant(String timestamp) {
      assertAccepted(verifierAt(Instant.ofEpochSecond(T)).verify(signed(timestamp, timestamp)));
    }

    @Test
    void isoTimestampIsSignedAsWrittenNotReformatted() {
      assertRejectedHiding(
          verifierAt(Instant.ofEpochSecond(T))
              .verify(signed("2023-11-14T23:13:20+01:00", "2023-11-14T22:13:20Z")),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Signature matches a configured key");
    }

    @ParameterizedTest(name = "clock {0}s from the timestamp")
    @ValueSource(longs = {-300, 300})
    void isoTimestampAtTheToleranceIsAccepted(long offset) {
      assertAccepted(
          verifierAt(Instant.ofEpochSecond(T + offset))
              .verify(signed("2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z")));
    }

    @ParameterizedTest(name = "clock {0}s from the timestamp")
    @ValueSource(longs = {-301, 301})
    void isoTimestampBeyondTheToleranceIsRejected(long offset) {
      assertRejectedHiding(
          verifierAt(Instant.ofEpochSecond(T + offset))
              .verify(signed("2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z")),
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "timestamp in header X-Signed-At is 301s away from the receiver's clock; the tolerance is 300s");
    }

    @ParameterizedTest(name = "X-Signed-At: \"{0}\"")
    @ValueSource(
        strings = {
          "2023-11-14T22:13:20",
          "2023-11-14",
          "1700000000",
          "2023-11-31T22:13:20Z",
          "2023-11-14T22:13:20+25:00",
          "Tue, 14 Nov 2023 22:13:20 GMT"
        })
    void badIsoDateIsMalformed(String timestamp) {
      assertRejectedHiding(
          verifierAt(Instant.ofEpochSecond(T)).verify(signed(timestamp, timestamp)),
          Reason.MALFORMED_HEADER,
          "timestamp in header X-Signed-At is not in the ISO_8601 format");
    }
  }

  /** An {@code {id}} slot read from a delivery-id header (with an alias). */
  @Nested
  class IdTemplate {

    static final String ID = "dlv_01HF7Z5M3K9Q";

    final SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .idHeader("X-Delivery-Id", "X-Request-Id")
            .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp")
            .signedContent("{id}:{timestamp}:{body}")
            .secrets(SECRET)
            .clock(clockAt(T))
            .build();

    String sign(String id, String timestamp) {
      return hex(hmacSha256(utf8(SECRET), concat(utf8(id + ":" + timestamp + ":"), BODY)));
    }

    WebhookRequest request(String idHeader, String id, String timestamp, String signature) {
      WebhookRequest.Builder builder =
          WebhookRequest.builder()
              .header("X-Timestamp", timestamp)
              .header("X-Signature", signature);
      if (idHeader != null) {
        builder.header(idHeader, id);
      }
      return builder.body(BODY).build();
    }

    @Test
    void idIsPartOfTheSignedContent() {
      String ts = Long.toString(T);

      assertAccepted(verifier.verify(request("X-Delivery-Id", ID, ts, sign(ID, ts))));
      assertAccepted(verifier.verify(request("X-Request-Id", ID, ts, sign(ID, ts))));
      assertRejectedHiding(
          verifier.verify(request("X-Delivery-Id", ID + "x", ts, sign(ID, ts))),
          Reason.NO_MATCHING_SIGNATURE,
          "no signature in X-Signature matches a configured key",
          sign(ID, ts));
    }

    @Test
    void missingIdHeaderIsRejectedWithMissingHeader() {
      String ts = Long.toString(T);

      assertRejectedHiding(
          verifier.verify(request(null, null, ts, sign(ID, ts))),
          Reason.MISSING_HEADER,
          "missing header X-Delivery-Id");
    }

    @Test
    void idWithoutTimestampIsSupported() {
      SignatureVerifier idOnly =
          HmacSignature.builder()
              .signatureHeader("X-Signature")
              .idHeader("X-Delivery-Id")
              .signedContent("{id}{body}")
              .secrets(SECRET)
              .build();
      WebhookRequest request =
          WebhookRequest.builder()
              .header("X-Delivery-Id", ID)
              .header("X-Signature", hex(hmacSha256(utf8(SECRET), concat(utf8(ID), BODY))))
              .body(BODY)
              .build();

      assertAccepted(idOnly.verify(request));
    }
  }

  @Test
  void timestampHeaderAliasIsReadWhenThePrimaryIsAbsent() {
    SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature", "X-Signature-Legacy")
            .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp", "X-Legacy-Timestamp")
            .signedContent("{timestamp}.{body}")
            .secrets(SECRET)
            .clock(clockAt(T))
            .build();
    String signature = hex(hmacSha256(utf8(SECRET), concat(utf8(T + "."), BODY)));

    assertAccepted(
        verifier.verify(
            WebhookRequest.builder()
                .header("X-Legacy-Timestamp", Long.toString(T))
                .header("X-Signature-Legacy", signature)
                .body(BODY)
                .build()));
  }

  /** A {@code {timestamp}.{body}} hex scheme with a fixed clock and a chosen tolerance. */
  static SignatureVerifier timestamped(long now, Duration tolerance) {
    return HmacSignature.builder()
        .signatureHeader("X-Signature")
        .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp")
        .signedContent("{timestamp}.{body}")
        .secrets(SECRET)
        .tolerance(tolerance)
        .clock(clockAt(now))
        .build();
  }

  static WebhookRequest timestampedRequest(long signedAt) {
    String ts = Long.toString(signedAt);
    return WebhookRequest.builder()
        .header("X-Timestamp", ts)
        .header("X-Signature", hex(hmacSha256(utf8(SECRET), concat(utf8(ts + "."), BODY))))
        .body(BODY)
        .build();
  }

  @ParameterizedTest(name = "clock {0}s from the timestamp")
  @ValueSource(longs = {-300, 300})
  void timestampExactlyAtTheDefaultToleranceIsAccepted(long offset) {
    assertAccepted(
        timestamped(T + offset, HmacSignature.DEFAULT_TOLERANCE).verify(timestampedRequest(T)));
  }

  @ParameterizedTest(name = "clock {0}s from the timestamp")
  @ValueSource(longs = {-301, 301})
  void timestampOneSecondBeyondTheDefaultToleranceIsRejectedWithTimestampOutOfWindow(long offset) {
    assertRejectedHiding(
        timestamped(T + offset, HmacSignature.DEFAULT_TOLERANCE).verify(timestampedRequest(T)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header X-Timestamp is 301s away from the receiver's clock; the tolerance is 300s");
  }

  @Test
  void customToleranceIsHonouredInBothDirections() {
    Duration thirty = Duration.ofSeconds(30);

    assertAccepted(timestamped(T + 30, thirty).verify(timestampedRequest(T)));
    assertAccepted(timestamped(T - 30, thirty).verify(timestampedRequest(T)));
    for (long offset : new long[] {-31, 31}) {
      assertRejectedHiding(
          timestamped(T + offset, thirty).verify(timestampedRequest(T)),
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "timestamp in header X-Timestamp is 31s away from the receiver's clock; the tolerance is 30s");
      // The default tolerance would have accepted the same request.
      assertAccepted(
          timestamped(T + offset, HmacSignature.DEFAULT_TOLERANCE).verify(timestampedRequest(T)));
    }
  }

  /**
   * Issue 11: the skew is reported exactly, so a rejection never reads as within the tolerance
   * ("10s away … tolerance is 10s" for a skew of 10.4 s).
   */
  @Test
  void windowDetailGivesTheSkewAndToleranceExactly() {
    WebhookRequest request = timestampedRequest(T);

    assertRejectedHiding(
        timestampedAt(Instant.ofEpochSecond(T + 10, 400_000_000), Duration.ofSeconds(10))
            .verify(request),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header X-Timestamp is 10.4s away from the receiver's clock; the tolerance"
            + " is 10s");
    assertRejectedHiding(
        timestampedAt(Instant.ofEpochSecond(T - 10, -1), Duration.ofSeconds(10)).verify(request),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "is 10.000000001s away from the receiver's clock; the tolerance is 10s");
    assertRejectedHiding(
        timestampedAt(Instant.ofEpochSecond(T + 11), Duration.ofMillis(10_500)).verify(request),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "is 11s away from the receiver's clock; the tolerance is 10.5s");
    assertAccepted(
        timestampedAt(Instant.ofEpochSecond(T, 500_000_000), Duration.ofMillis(10_500))
            .verify(request));
  }

  static SignatureVerifier timestampedAt(Instant now, Duration tolerance) {
    return HmacSignature.builder()
        .signatureHeader("X-Signature")
        .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp")
        .signedContent("{timestamp}.{body}")
        .secrets(SECRET)
        .tolerance(tolerance)
        .clock(clockAt(now))
        .build();
  }

  /** Issue 11: a repeated single-signature header is valid when any of its values matches. */
  @Test
  void repeatedSignatureHeaderPassesWhenOneValueMatches() {
    SignatureVerifier verifier =
        HmacSignature.builder().signatureHeader("X-Signature").secrets(SECRET).build();
    String valid = hex(hmacSha256(utf8(SECRET), BODY));
    String wrong = hex(hmacSha256(utf8(UNKNOWN_SECRET), BODY));

    for (String bad : List.of("not-hex", wrong.substring(2), wrong)) {
      assertAccepted(
          verifier.verify(
              WebhookRequest.builder()
                  .header("X-Signature", bad)
                  .header("X-Signature", valid)
                  .body(BODY)
                  .build()));
    }
    assertRejectedHiding(
        verifier.verify(
            WebhookRequest.builder()
                .header("X-Signature", "not-hex")
                .header("X-Signature", wrong)
                .body(BODY)
                .build()),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Signature matches a configured key",
        valid);
  }

  @Test
  void rotatedSecretsAreBothAccepted() {
    SignatureVerifier rotating =
        HmacSignature.builder()
            .signatureHeader("X-Signature")
            .secrets(List.of(SECRET, NEW_SECRET))
            .build();
    String byOld = hex(hmacSha256(utf8(SECRET), BODY));
    String byNew = hex(hmacSha256(utf8(NEW_SECRET), BODY));
    String byUnknown = hex(hmacSha256(utf8(UNKNOWN_SECRET), BODY));

    assertAccepted(rotating.verify(request("X-Signature", byOld, BODY)));
    assertAccepted(rotating.verify(request("X-Signature", byNew, BODY)));
    assertRejectedHiding(
        rotating.verify(request("X-Signature", byUnknown, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Signature matches a configured key",
        byOld,
        byNew);
    assertToStringHides(rotating, SECRET, NEW_SECRET, byOld, byNew);
    assertThat(rotating.toString()).contains("secrets=2");
  }

  @Test
  void missingSignatureHeaderIsRejectedWithMissingHeader() {
    SignatureVerifier verifier =
        HmacSignature.builder()
            .signatureHeader("X-Signature", "X-Alt-Signature")
            .secrets(SECRET)
            .build();

    assertRejectedHiding(
        verifier.verify(WebhookRequest.builder().header("X-Other", "x").body(BODY).build()),
        Reason.MISSING_HEADER,
        "missing header X-Signature");
  }

  @Test
  void missingTimestampHeaderIsRejectedWithMissingHeader() {
    WebhookRequest noTimestamp =
        WebhookRequest.builder()
            .header("X-Signature", hex(hmacSha256(utf8(SECRET), BODY)))
            .body(BODY)
            .build();

    assertRejectedHiding(
        timestamped(T, HmacSignature.DEFAULT_TOLERANCE).verify(noTimestamp),
        Reason.MISSING_HEADER,
        "missing header X-Timestamp");
  }

  static WebhookRequest request(String header, String value, byte[] body) {
    return WebhookRequest.builder().header(header, value).body(body).build();
  }

  /**
   * Every MALFORMED_HEADER case of the acceptance list, each through the verifier that meets it.
   * The signature in each request is otherwise correct, so only the syntax can be the reason.
   */
  static Stream<Arguments> malformedHeaders() {
    String luccaSecret = "lucca-secret-for-malformed-cases";
    String ghSecret = "github-secret-for-malformed-cases";
    String stripeSecret = "whsec_stripe_secret_for_malformed";
    String swSecret = "whsec_" + base64(utf8("standard-webhooks-key-24"));
    byte[] swKey = utf8("standard-webhooks-key-24");

    SignatureVerifier lucca = Lucca.scheme().withClock(clockAt(T)).verifier(luccaSecret);
    SignatureVerifier github = GitHub.scheme().verifier(ghSecret);
    SignatureVerifier stripe = Stripe.scheme().withClock(clockAt(T)).verifier(stripeSecret);
    SignatureVerifier sw = StandardWebhooks.scheme().withClock(clockAt(T)).verifier(swSecret);
    SignatureVerifier slack = timestamped(T, HmacSignature.DEFAULT_TOLERANCE);

    String iso = "2023-11-14T22:13:20Z";
    String luccaSig = base64(hmacSha256(utf8(luccaSecret), concat(utf8(iso + "."), BODY)));
    String ghHex = hex(hmacSha256(utf8(ghSecret), BODY));
    String stripeHex = hex(hmacSha256(utf8(stripeSecret), concat(utf8(T + "."), BODY)));
    String swSig = "v1," + base64(hmacSha256(swKey, concat(utf8("msg_1." + T + "."), BODY)));
    String slackHex = hex(hmacSha256(utf8(SECRET), concat(utf8(T + "."), BODY)));

    Supplier<WebhookRequest.Builder> luccaBase =
        () -> WebhookRequest.builder().header("Lucca-Timestamp", iso).body(BODY);
    Supplier<WebhookRequest.Builder> swBase =
        () ->
            WebhookRequest.builder()
                .header("webhook-id", "msg_1")
                .header("webhook-timestamp", Long.toString(T))
                .body(BODY);

    String luccaLastData = luccaSig.substring(luccaSig.length() - 2, luccaSig.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int value = alphabet.indexOf(luccaLastData);
    String luccaNonCanonical =
        luccaSig.substring(0, luccaSig.length() - 2) + alphabet.charAt(value ^ 0b01) + "=";

    return Stream.of(
        Arguments.of(
            "non-digit unix timestamp",
            slack,
            WebhookRequest.builder()
                .header("X-Timestamp", "17000000o0")
                .header("X-Signature", slackHex)
                .body(BODY)
                .build(),
            "timestamp in header X-Timestamp is not in the UNIX_SECONDS format",
            slackHex),
        Arguments.of(
            "over-long unix timestamp",
            sw,
            WebhookRequest.builder()
                .header("webhook-id", "msg_1")
                .header("webhook-timestamp", "16142653301234567")
                .header("webhook-signature", swSig)
                .body(BODY)
                .build(),
            "timestamp in header webhook-timestamp is not in the UNIX_SECONDS format",
            swSig.substring(3)),
        Arguments.of(
            "bad ISO date",
            lucca,
            WebhookRequest.builder()
                .header("Lucca-Timestamp", "2023-11-14T22:13")
                .header("Lucca-Signature", luccaSig)
                .body(BODY)
                .build(),
            "timestamp in header Lucca-Timestamp is not in the ISO_8601 format",
            luccaSig),
        Arguments.of(
            "invalid base64 'abc'",
            lucca,
            luccaBase.get().header("Lucca-Signature", "abc").build(),
            "signature in Lucca-Signature is not BASE64 of a 32-byte SHA256 MAC",
            luccaSig),
        Arguments.of(
            "non-canonical base64",
            lucca,
            luccaBase.get().header("Lucca-Signature", luccaNonCanonical).build(),
            "signature in Lucca-Signature is not BASE64 of a 32-byte SHA256 MAC",
            luccaSig),
        Arguments.of(
            "odd-length hex",
            github,
            request("X-Hub-Signature-256", "sha256=" + ghHex.substring(1), BODY),
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC",
            ghHex),
        Arguments.of(
            "Arabic-Indic digit in hex",
            github,
            request("X-Hub-Signature-256", "sha256=\u0663" + ghHex.substring(1), BODY),
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC",
            ghHex),
        Arguments.of(
            "wrong signature length",
            github,
            request("X-Hub-Signature-256", "sha256=" + ghHex + ghHex, BODY),
            "signature in X-Hub-Signature-256 is not HEX of a 32-byte SHA256 MAC",
            ghHex),
        Arguments.of(
            "prefix missing in a single-value header",
            github,
            request("X-Hub-Signature-256", ghHex, BODY),
            "header X-Hub-Signature-256 does not start with \"sha256=\"",
            ghHex),
        Arguments.of(
            "more than 16 entries",
            sw,
            swBase
                .get()
                .header("webhook-signature", String.join(" ", Collections.nCopies(17, swSig)))
                .build(),
            "header webhook-signature has more than 16 entries",
            swSig.substring(3)),
        Arguments.of(
            "Stripe header without t=",
            stripe,
            request("Stripe-Signature", "v1=" + stripeHex, BODY),
            "header Stripe-Signature has no t= entry",
            stripeHex),
        Arguments.of(
            "Stripe header with t= twice",
            stripe,
            request("Stripe-Signature", "t=" + T + ",t=" + T + ",v1=" + stripeHex, BODY),
            "header Stripe-Signature repeats t=",
            stripeHex));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaders")
  void malformedHeaderIsRejectedWithMalformedHeader(
      String problem,
      SignatureVerifier verifier,
      WebhookRequest request,
      String detail,
      String correctSignature) {
    assertRejectedHiding(
        verifier.verify(request), Reason.MALFORMED_HEADER, detail, correctSignature);
  }

  /** Build-time validation: each broken setting and the message naming it. */
  static Stream<Arguments> invalidConfigurations() {
    Supplier<HmacSignature.Builder> base =
        () -> HmacSignature.builder().signatureHeader("X-Signature").secrets(SECRET);
    return Stream.of(
        Arguments.of(
            "no secret",
            (Supplier<?>) () -> HmacSignature.builder().signatureHeader("X-Signature").build(),
            "at least one secret (or Ed25519 public key) is required"),
        Arguments.of(
            "empty secret",
            (Supplier<?>) () -> base.get().secrets("").build(),
            "secret #1 is empty"),
        Arguments.of(
            "empty second secret",
            (Supplier<?>) () -> base.get().secrets(SECRET, "").build(),
            "secret #2 is empty"),
        Arguments.of(
            "blank secret",
            (Supplier<?>) () -> base.get().secrets("   ").build(),
            "secret #1 is blank"),
        Arguments.of(
            "whitespace-only second secret",
            (Supplier<?>) () -> base.get().secrets(SECRET, "\t\r\n").build(),
            "secret #2 is blank"),
        Arguments.of(
            "blank Standard Webhooks secret",
            (Supplier<?>) () -> StandardWebhooks.scheme().verifier(" "),
            "secret #1 is blank"),
        Arguments.of(
            "undecodable Standard Webhooks secret",
            (Supplier<?>) () -> StandardWebhooks.scheme().verifier("whsec_!!!"),
            "secret #1 is not valid STANDARD_WEBHOOKS text"),
        Arguments.of(
            "undecodable base64 secret",
            (Supplier<?>)
                () ->
                    base.get().secretEncoding(SecretEncoding.BASE64).secrets("not*base64").build(),
            "secret #1 is not valid BASE64 text"),
        Arguments.of(
            "bad public key",
            (Supplier<?>) () -> StandardWebhooks.ed25519Verifier("bm90IGEga2V5"),
            "public key #1 is neither a raw 32-byte Ed25519 key nor an X.509 DER key in base64"),
        Arguments.of(
            "unknown template placeholder",
            (Supplier<?>) () -> base.get().signedContent("{foo}.{body}").build(),
            "signedContent template \"{foo}.{body}\" has the unknown placeholder {foo}"),
        Arguments.of(
            "unclosed placeholder",
            (Supplier<?>) () -> base.get().signedContent("{body").build(),
            "signedContent template \"{body\" has an unclosed '{'"),
        Arguments.of(
            "template without {body}",
            (Supplier<?>) () -> base.get().signedContent("static").build(),
            "signedContent template \"static\" has 0 {body} placeholders; exactly one is required"),
        Arguments.of(
            "template with {body} twice",
            (Supplier<?>) () -> base.get().signedContent("{body}.{body}").build(),
            "signedContent template \"{body}.{body}\" has 2 {body} placeholders; exactly one is"
                + " required"),
        Arguments.of(
            "timestamp configured but not in the template",
            (Supplier<?>)
                () ->
                    base.get()
                        .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Timestamp")
                        .signedContent("{body}")
                        .build(),
            "signedContent template \"{body}\" has no {timestamp}, so a checked timestamp would not"
                + " be signed"),
        Arguments.of(
            "{timestamp} in the template but no timestamp source",
            (Supplier<?>) () -> base.get().signedContent("{timestamp}.{body}").build(),
            "signedContent template \"{timestamp}.{body}\" has {timestamp} but no timestamp source"
                + " is set"),
        Arguments.of(
            "{id} in the template but no id header",
            (Supplier<?>) () -> base.get().signedContent("{id}.{body}").build(),
            "signedContent template \"{id}.{body}\" has {id} but no idHeader is set"),
        Arguments.of(
            "zero tolerance",
            (Supplier<?>) () -> base.get().tolerance(Duration.ZERO).build(),
            "tolerance must be positive, but was PT0S"),
        Arguments.of(
            "negative tolerance",
            (Supplier<?>) () -> base.get().tolerance(Duration.ofSeconds(-1)).build(),
            "tolerance must be positive, but was PT-1S"),
        Arguments.of(
            "no signatureHeader",
            (Supplier<?>) () -> HmacSignature.builder().secrets(SECRET).build(),
            "signatureHeader must be set"),
        Arguments.of(
            "zero maxSignatures",
            (Supplier<?>) () -> base.get().maxSignatures(0).build(),
            "maxSignatures must be between 1 and 1000, but was 0"),
        Arguments.of(
            "empty separator",
            (Supplier<?>) () -> base.get().separator("").build(),
            "separator must not be empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigurations")
  void invalidConfigurationFailsTheBuild(String problem, Supplier<?> build, String message) {
    assertThatThrownBy(build::get)
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(message)
        .message()
        .doesNotContain(SECRET)
        .doesNotContain("!!!")
        .doesNotContain("not*base64");
  }

  /** Every kind of verifier Hookline builds, with its secret and a signature it would accept. */
  static Stream<Arguments> everyVerifier() {
    String ts = Long.toString(T);
    byte[] swKey = utf8("a-standard-webhooks-key!");
    String swSecret = "whsec_" + base64(swKey);
    String luccaSecret = "lucca-secret-for-tostring-check";
    String ghSecret = "github-secret-for-tostring-check";
    String stripeSecret = "whsec_stripe_secret_for_tostring";
    return Stream.of(
        Arguments.of(
            "Lucca",
            Lucca.scheme().verifier(luccaSecret),
            luccaSecret,
            base64(hmacSha256(utf8(luccaSecret), concat(utf8("2023-11-14T22:13:20Z."), BODY)))),
        Arguments.of(
            "Standard Webhooks v1",
            StandardWebhooks.scheme().verifier(swSecret),
            swSecret,
            base64(hmacSha256(swKey, concat(utf8("msg_1." + ts + "."), BODY)))),
        Arguments.of(
            "GitHub",
            GitHub.scheme().verifier(ghSecret),
            ghSecret,
            hex(hmacSha256(utf8(ghSecret), BODY))),
        Arguments.of(
            "GitHub with legacy SHA-1",
            GitHub.verifierWithLegacySha1(ghSecret),
            ghSecret,
            hex(hmac("HmacSHA1", utf8(ghSecret), BODY))),
        Arguments.of(
            "Stripe",
            Stripe.scheme().verifier(stripeSecret),
            stripeSecret,
            hex(hmacSha256(utf8(stripeSecret), concat(utf8(ts + "."), BODY)))),
        Arguments.of(
            "generic timestamped",
            timestamped(T, HmacSignature.DEFAULT_TOLERANCE),
            SECRET,
            hex(hmacSha256(utf8(SECRET), concat(utf8(ts + "."), BODY)))),
        Arguments.of(
            "generic SHA-512 base64 with base64 secret",
            HmacSignature.builder()
                .signatureHeader("X-Signature")
                .algorithm(HmacAlgorithm.SHA512)
                .encoding(SignatureEncoding.BASE64)
                .secretEncoding(SecretEncoding.BASE64)
                .secrets(base64(utf8(SECRET)))
                .build(),
            base64(utf8(SECRET)),
            base64(hmac("HmacSHA512", utf8(SECRET), BODY))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVerifier")
  void toStringNeverShowsTheSecretOrAnExpectedSignature(
      String scheme, SignatureVerifier verifier, String secret, String expectedSignature) {
    assertToStringHides(verifier, secret, expectedSignature);
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheVerifier() {
    HmacSignature.Builder builder =
        HmacSignature.builder().signatureHeader("X-Signature").secrets(SECRET);
    SignatureVerifier verifier = builder.build();
    builder.secrets(NEW_SECRET).signatureHeader("X-Other").algorithm(HmacAlgorithm.SHA512);

    assertAccepted(
        verifier.verify(request("X-Signature", hex(hmacSha256(utf8(SECRET), BODY)), BODY)));
  }

  @Test
  void oneVerifierIsSafeToShareAcrossThreads() throws Exception {
    SignatureVerifier verifier = timestamped(T, HmacSignature.DEFAULT_TOLERANCE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        boolean genuine = i % 2 == 0;
        WebhookRequest request =
            genuine
                ? timestampedRequest(T)
                : WebhookRequest.builder()
                    .header("X-Timestamp", Long.toString(T))
                    .header(
                        "X-Signature",
                        hex(hmacSha256(utf8(SECRET), concat(utf8(T + "."), utf8("other " + i)))))
                    .body(BODY)
                    .build();
        results.add(pool.submit(() -> verifier.verify(request).isValid() == genuine));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unverifiedVerifierAcceptsEverythingAndSaysWhy() {
    SignatureVerifier unverified = SignatureVerifier.unverified("the sender documents no scheme");

    assertAccepted(unverified.verify(WebhookRequest.builder().body(BODY).build()));
    assertThat(unverified.toString())
        .contains("unverified")
        .contains("the sender documents no scheme");
  }

  @Test
  void verificationExposesReasonAndDetailOnly() {
    Verification invalid = Verification.invalid(Reason.NO_MATCHING_SIGNATURE, "no match");

    assertThat(Verification.valid().isValid()).isTrue();
    assertThat(Verification.valid().reason()).isEmpty();
    assertThat(Verification.valid()).hasToString("Verification[valid]");
    assertThat(invalid.isValid()).isFalse();
    assertThat(invalid.reason()).contains(Reason.NO_MATCHING_SIGNATURE);
    assertThat(invalid.detail()).isEqualTo("no match");
    assertThat(invalid).hasToString("Verification[NO_MATCHING_SIGNATURE: no match]");
  }
}
