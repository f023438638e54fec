package dev.hookline.receiver.signature.conformance;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.base64;
import static dev.hookline.receiver.signature.SignatureTestSupport.clockAt;
import static dev.hookline.receiver.signature.SignatureTestSupport.hmacSha256;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Svix: the cases of svix/svix-webhooks' own tests, run against {@code StandardWebhooks.scheme()}
 * with the {@code svix-*} headers, and svix-java ({@code com.svix.Webhook}) as a third-party signer
 * and verifier. The upstream tests are {@code java/lib/src/test/com/svix/test/WebhookTest.java}
 * (commit 1c9c8956239ebfa334cfc5209337db1a9413a567), {@code python/tests/test_webhooks.py} and
 * {@code javascript/src/webhook.test.ts}; they share their message, payload and secret with the
 * Standard Webhooks libraries.
 */
class SvixConformanceTest {

  static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final String PAYLOAD = "{\"test\": 2432232314}";
  static final String SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final long NOW = 1_700_000_000L;

  static SignatureVerifier verifierAt(long now, String secret) {
    return StandardWebhooks.scheme().withClock(clockAt(now)).verifier(secret);
  }

  /** The upstream {@code TestPayload}: svix-* headers signed with the JDK's HMAC. */
  static Map<String, String> svixHeaders(String id, long timestamp, String payload) {
    String signature =
        base64(
            hmacSha256(
                Base64.getDecoder().decode(SECRET), utf8(id + "." + timestamp + "." + payload)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("svix-id", id);
    headers.put("svix-timestamp", Long.toString(timestamp));
    headers.put("svix-signature", "v1," + signature);
    return headers;
  }

  static Map<String, String> svixHeaders(long timestamp) {
    return svixHeaders(MSG_ID, timestamp, PAYLOAD);
  }

  static WebhookRequest request(Map<String, String> headers, String payload) {
    WebhookRequest.Builder builder = WebhookRequest.builder().body(utf8(payload));
    headers.forEach(builder::header);
    return builder.build();
  }

  static Map<String, List<String>> multimap(Map<String, String> headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> out.put(name, List.of(value)));
    return out;
  }

  /** java {@code verifyValidPayloadAndheader}, python and js "valid signature is valid". */
  @Test
  void validSvixBrandedRequestIsAccepted() {
    assertAccepted(verifierAt(NOW, SECRET).verify(request(svixHeaders(NOW), PAYLOAD)));
  }

  /** java {@code verifyValidBrandlessPayloadAndheader}: the same values under webhook-*. */
  @Test
  void validUnbrandedRequestIsAccepted() {
    Map<String, String> unbranded = new LinkedHashMap<>();
    svixHeaders(NOW)
        .forEach((name, value) -> unbranded.put(name.replace("svix-", "webhook-"), value));

    assertAccepted(verifierAt(NOW, SECRET).verify(request(unbranded, PAYLOAD)));
  }

  /** java {@code verifySecretWorksWithOrWithoutPrefix}. */
  @Test
  void secretWorksWithOrWithoutPrefix() {
    assertAccepted(verifierAt(NOW, "whsec_" + SECRET).verify(request(svixHeaders(NOW), PAYLOAD)));
  }

  /** java {@code verifyValidPayloadWithMultipleSignaturesIsValid}, python "multi sig". */
  @Test
  void validSignatureAmongInvalidOnesIsAccepted() {
    Map<String, String> headers = svixHeaders(NOW);
    String ceo5 = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    headers.put(
        "svix-signature",
        "v1," + ceo5 + " v2," + ceo5 + " " + headers.get("svix-signature") + " v1," + ceo5);

    assertAccepted(verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)));
  }

  /**
   * java {@code verifyMissingIdThrowsException}, {@code verifyMissingTimestampThrowsException},
   * {@code verifyMissingSignatureThrowsException}; python and js "missing ... raises error". With
   * neither name present, the detail names the standard header.
   */
  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"svix-id", "svix-timestamp", "svix-signature"})
  void missingHeaderIsRejected(String header) {
    Map<String, String> headers = svixHeaders(NOW);
    headers.remove(header);

    assertRejected(
        verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)),
        Reason.MISSING_HEADER,
        "missing header " + header.replace("svix-", "webhook-"),
        SECRET);
  }

  /**
   * java {@code verifySignatureWithDifferentVersionThrowsException} and {@code
   * verifyMissingPartsInSignatureThrowsException}. Upstream these put the bad value into {@code
   * svix-id} (via {@code SVIX_MSG_ID_KEY}), so they pass for the changed id; here the value goes
   * where the test names say it belongs, the signature header, and the detail names {@code
   * svix-signature}, the header the request used.
   */
  @ParameterizedTest(name = "svix-signature: {0}")
  @ValueSource(strings = {"v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "invalid_signature"})
  void signatureOfNoKnownVersionIsRejected(String signature) {
    Map<String, String> headers = svixHeaders(NOW);
    headers.put("svix-signature", signature);

    assertRejected(
        verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)),
        Reason.NO_MATCHING_SIGNATURE,
        "header svix-signature holds no signature this receiver can check",
        SECRET);
  }

  /**
   * java {@code verifySignatureMismatchThrowsException} ({@code v1,invalid_signature}), js "invalid
   * signature throws error" ({@code v1,dawfeoifkpqwoekfpqoekf}): not base64 of 32 bytes; python's
   * {@code ...OLJ1OA=} decodes but does not match.
   */
  @Test
  void invalidSignatureIsRejected() {
    for (String malformed : List.of("v1,invalid_signature", "v1,dawfeoifkpqwoekfpqoekf")) {
      Map<String, String> headers = svixHeaders(NOW);
      headers.put("svix-signature", malformed);
      assertRejected(
          verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)),
          Reason.MALFORMED_HEADER,
          "signature in svix-signature is not BASE64 of a 32-byte SHA256 MAC",
          SECRET);
    }
    Map<String, String> headers = svixHeaders(NOW);
    headers.put("svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=");
    assertRejected(
        verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in svix-signature matches a configured key",
        SECRET);
  }

  /** python and js "invalid timestamp throws error". */
  @Test
  void invalidTimestampIsMalformed() {
    Map<String, String> headers = svixHeaders(NOW);
    headers.put("svix-timestamp", "hello");

    assertRejected(
        verifierAt(NOW, SECRET).verify(request(headers, PAYLOAD)),
        Reason.MALFORMED_HEADER,
        "timestamp in header svix-timestamp is not in the UNIX_SECONDS format",
        SECRET);
  }

  /**
   * java {@code verifyOldTimestampThrowsException} / {@code verifyNewTimestampThrowsException}
   * (whose names are swapped upstream), python and js "old/new timestamp fails": five minutes and
   * one second either way.
   */
  @ParameterizedTest(name = "signed {0}s from now")
  @ValueSource(longs = {-301, 301})
  void timestampBeyondTheToleranceIsRejected(long offset) {
    assertRejected(
        verifierAt(NOW, SECRET).verify(request(svixHeaders(NOW + offset), PAYLOAD)),
        Reason.TIMESTAMP_OUT_OF_WINDOW,
        "timestamp in header svix-timestamp is 301s away from the receiver's clock; the tolerance"
            + " is 300s",
        SECRET);
  }

  /** java {@code verifyWebhookSignWorks}, python {@code test_sign_function}: svix-java signs it. */
  @Test
  void svixJavaReproducesTheSignVector() throws Exception {
    String expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    assertThat(new Webhook("whsec_" + SECRET).sign(MSG_ID, 1614265330L, PAYLOAD))
        .isEqualTo(expected);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("svix-id", MSG_ID);
    headers.put("svix-timestamp", "1614265330");
    headers.put("svix-signature", expected);
    assertAccepted(verifierAt(1614265330L, SECRET).verify(request(headers, PAYLOAD)));
  }

  /** Third-party signer: what svix-java signs, Hookline accepts, for any body bytes. */
  @ParameterizedTest(name = "body [{0}]")
  @ValueSource(strings = {PAYLOAD, "{\"name\":\"Zoë ç 日本 ♥\"}", "{\r\n  \"a\": 1\r\n}\n", ""})
  void whatSvixJavaSignsHooklineAccepts(String payload) throws Exception {
    String id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("svix-id", id);
    headers.put("svix-timestamp", Long.toString(NOW));
    headers.put("svix-signature", new Webhook("whsec_" + SECRET).sign(id, NOW, payload));

    assertAccepted(verifierAt(NOW, SECRET).verify(request(headers, payload)));
    assertThat(headers).isEqualTo(svixHeaders(id, NOW, payload));
  }

  /**
   * And the other way: requests Hookline accepts, svix-java accepts too (it verifies against the
   * system clock, so these are signed now), including issue 11's {@code v1,AAAA <valid> v2,BBBB}; a
   * tampered body is rejected by both.
   */
  @Test
  void svixJavaAgreesWithHookline() throws Exception {
    long now = Instant.now().getEpochSecond();
    SignatureVerifier hookline = StandardWebhooks.scheme().verifier("whsec_" + SECRET);
    Webhook svix = new Webhook("whsec_" + SECRET);
    Map<String, String> plain = svixHeaders(now);
    Map<String, String> padded = svixHeaders(now);
    padded.put("svix-signature", "v1,AAAA " + plain.get("svix-signature") + " v2,BBBB");

    for (Map<String, String> headers : List.of(plain, padded)) {
      assertAccepted(hookline.verify(request(headers, PAYLOAD)));
      assertThatCode(() -> svix.verify(PAYLOAD, multimap(headers))).doesNotThrowAnyException();
    }
    String tampered = PAYLOAD.replace('3', '4');
    assertThat(hookline.verify(request(plain, tampered)).reason())
        .contains(Reason.NO_MATCHING_SIGNATURE);
    assertThatThrownBy(() -> svix.verify(tampered, multimap(plain)))
        .isInstanceOf(WebhookVerificationException.class);
  }
}
