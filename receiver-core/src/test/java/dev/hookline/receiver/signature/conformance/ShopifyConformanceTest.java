package dev.hookline.receiver.signature.conformance;

import static dev.hookline.receiver.signature.SignatureTestSupport.assertAccepted;
import static dev.hookline.receiver.signature.SignatureTestSupport.assertRejected;
import static dev.hookline.receiver.signature.SignatureTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shopify's {@code X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of the raw body, keyed with the
 * client secret as UTF-8), configured with {@link HmacSignature#builder()}, against
 * Shopify/shopify-app-js {@code packages/apps/shopify-api/lib/webhooks/__tests__/validate.test.ts}
 * (commit 01fe9dacefabac4c411b067e9d160da6c04b6b23), with its {@code __tests__/utils.ts} headers
 * and {@code lib/__tests__/test-config.ts} secret.
 */
class ShopifyConformanceTest {

  /** {@code TEST_CONFIG.apiSecretKey}. */
  static final String API_SECRET_KEY = "test_secret_key";

  static final String RAW_BODY = "{\"foo\": \"bar\"}";

  /** The {@code hmac} the "returns true for valid request" case expects back. */
  static final String HMAC = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";

  static final SignatureVerifier VERIFIER =
      HmacSignature.builder()
          .signatureHeader("X-Shopify-Hmac-Sha256")
          .encoding(SignatureEncoding.BASE64)
          .secrets(API_SECRET_KEY)
          .build();

  /** utils.ts {@code headers()} defaults. */
  static Map<String, String> headers(String hmac) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Shopify-API-Version", "2023-01");
    headers.put("X-Shopify-Shop-Domain", "shop1.myshopify.io");
    headers.put("X-Shopify-Hmac-Sha256", hmac);
    headers.put("X-Shopify-Topic", "products/create");
    headers.put("X-Shopify-Webhook-Id", "123456789");
    return headers;
  }

  static WebhookRequest request(Map<String, String> headers, String body) {
    WebhookRequest.Builder builder = WebhookRequest.builder().body(utf8(body));
    headers.forEach(builder::header);
    return builder.build();
  }

  /** "returns true for valid request", with utils.ts's upper-case and {@code lowercase} names. */
  @Test
  void validRequestIsAccepted() {
    Map<String, String> lowerCase = new LinkedHashMap<>();
    headers(HMAC).forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));

    assertAccepted(VERIFIER.verify(request(headers(HMAC), RAW_BODY)));
    assertAccepted(VERIFIER.verify(request(lowerCase, RAW_BODY)));
  }

  /** "returns false on invalid HMAC": utils.ts's default {@code hmac = 'fake'} (3 bytes). */
  @Test
  void invalidHmacIsRejected() {
    assertRejected(
        VERIFIER.verify(request(headers("fake"), RAW_BODY)),
        Reason.MALFORMED_HEADER,
        "signature in X-Shopify-Hmac-Sha256 is not BASE64 of a 32-byte SHA256 MAC",
        API_SECRET_KEY,
        HMAC);
  }

  /**
   * "returns false on missing HMAC": the header is sent empty. Hookline reads an empty header as
   * present and malformed; an absent one is a missing header.
   */
  @Test
  void missingHmacIsRejected() {
    Map<String, String> absent = headers(HMAC);
    absent.remove("X-Shopify-Hmac-Sha256");

    assertRejected(
        VERIFIER.verify(request(headers(""), RAW_BODY)),
        Reason.MALFORMED_HEADER,
        "signature in X-Shopify-Hmac-Sha256 is not BASE64 of a 32-byte SHA256 MAC",
        API_SECRET_KEY);
    assertRejected(
        VERIFIER.verify(request(absent, RAW_BODY)),
        Reason.MISSING_HEADER,
        "missing header X-Shopify-Hmac-Sha256",
        API_SECRET_KEY);
  }

  /** "returns false on missing body": the HMAC of the body is sent without the body. */
  @Test
  void missingBodyIsRejected() {
    assertRejected(
        VERIFIER.verify(request(headers(HMAC), "")),
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in X-Shopify-Hmac-Sha256 matches a configured key",
        API_SECRET_KEY,
        HMAC);
  }

  /**
   * "returns false on missing header" for the API version, shop domain, topic and webhook id.
   * Shopify's {@code validate} checks the headers an app needs; Hookline's verifier checks only
   * what is signed, and Shopify signs none of them. So the verifier accepts the request, and its
   * {@code signedHeaders()} is empty, which tells the rest of the receiver that none of these may
   * decide an event's identity: requiring them is the reader's concern, not the signature's.
   */
  @ParameterizedTest(name = "without {0}")
  @ValueSource(
      strings = {
        "X-Shopify-API-Version",
        "X-Shopify-Shop-Domain",
        "X-Shopify-Topic",
        "X-Shopify-Webhook-Id"
      })
  void missingUnsignedHeaderIsNotASignatureMatter(String header) {
    Map<String, String> headers = headers(HMAC);
    headers.remove(header);

    assertAccepted(VERIFIER.verify(request(headers, RAW_BODY)));
    assertThat(VERIFIER.signedHeaders()).isEmpty();
  }
}
