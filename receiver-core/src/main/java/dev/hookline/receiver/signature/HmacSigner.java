package dev.hookline.receiver.signature;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * The signer of an {@link HmacSignature}: the mirror image of its verifier, signing the same
 * template and writing the headers the verifier reads (each under its first name). Immutable and
 * thread-safe: each call uses its own copy of the keyed MAC.
 */
final class HmacSigner implements WebhookSigner {

  private final HmacSignature scheme;
  private final Mac mac;

  HmacSigner(HmacSignature scheme, Mac mac) {
    this.scheme = scheme;
    this.mac = mac;
  }

  @Override
  public Map<String, String> sign(String id, byte[] body, Instant at) {
    return sign(id, body, at, Map.of());
  }

  @Override
  public Map<String, String> sign(String id, byte[] body, Instant at, Map<String, String> headers) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(headers, "headers");
    TimestampFormat format = scheme.timestampFormat();
    String timestamp = format == null ? "" : format.format(at);
    byte[] content = scheme.content().bytes(id, timestamp, headerValues(headers), body);
    byte[] signature;
    try {
      signature = ((Mac) mac.clone()).doFinal(content);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(mac.getAlgorithm() + " cannot be copied", e);
    }
    Map<String, String> signed = new LinkedHashMap<>();
    String[] idHeaders = scheme.idHeaders();
    if (idHeaders.length > 0) {
      signed.put(idHeaders[0], id);
    }
    String[] timestampHeaders = scheme.timestampHeaders();
    if (timestampHeaders.length > 0) {
      signed.put(timestampHeaders[0], timestamp);
    }
    String entry = scheme.timestampEntry();
    signed.put(
        scheme.signatureHeaders()[0],
        (entry == null
                ? ""
                : entry + timestamp + Objects.requireNonNullElse(scheme.separator(), ","))
            + scheme.prefix()
            + scheme.encoding().encode(signature));
    return signed;
  }

  private String[] headerValues(Map<String, String> headers) {
    var names = scheme.content().headers();
    if (names.isEmpty()) {
      return new String[0];
    }
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    headers.forEach((name, value) -> byLowerCase.put(name.toLowerCase(Locale.ROOT), value));
    String[] values = new String[names.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = byLowerCase.get(names.get(i));
      if (values[i] == null) {
        throw new IllegalArgumentException(
            "the signed content names header " + names.get(i) + ": pass its value");
      }
    }
    return values;
  }

  /** The scheme; never the key. */
  @Override
  public String toString() {
    return "HmacSigner[" + scheme + "]";
  }
}
