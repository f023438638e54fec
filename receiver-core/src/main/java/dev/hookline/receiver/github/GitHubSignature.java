package dev.hookline.receiver.github;

import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. GitHub signs no
 * timestamp; the {@code X-GitHub-Delivery} id, deduplicated by the receiver, is the replay defence.
 */
public final class GitHubSignature {

  /** The SHA-256 signature header. */
  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  /** The legacy SHA-1 signature header, read only by {@link #verifierWithLegacySha1}. */
  public static final String LEGACY_SIGNATURE_HEADER = "X-Hub-Signature";

  private GitHubSignature() {}

  /** A builder preset for the SHA-256 header; add {@code secrets(…)}. */
  public static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(SIGNATURE_HEADER)
        .prefix("sha256=")
        .encoding(SignatureEncoding.HEX);
  }

  /** A verifier of {@code X-Hub-Signature-256} accepting any of the given secrets. */
  public static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }

  /**
   * Checks {@code X-Hub-Signature-256} when present and otherwise falls back to the legacy SHA-1
   * {@code X-Hub-Signature}. Choose it only for GitHub Enterprise versions that send no SHA-256.
   */
  public static SignatureVerifier verifierWithLegacySha1(String... secrets) {
    SignatureVerifier sha256 = verifier(secrets);
    SignatureVerifier sha1 =
        HmacSignature.builder()
            .signatureHeader(LEGACY_SIGNATURE_HEADER)
            .prefix("sha1=")
            .encoding(SignatureEncoding.HEX)
            .algorithm(HmacAlgorithm.SHA1)
            .secrets(secrets)
            .build();
    return request ->
        request.headers().contains(SIGNATURE_HEADER)
            ? sha256.verify(request)
            : sha1.verify(request);
  }
}
