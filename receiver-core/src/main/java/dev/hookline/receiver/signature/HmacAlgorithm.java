package dev.hookline.receiver.signature;

/**
 * The HMAC digests a scheme may use. SHA-1 exists for legacy senders and must be chosen explicitly.
 */
public enum HmacAlgorithm {
  /** HMAC-SHA1: weak, only for senders that offer nothing better. */
  SHA1("HmacSHA1", 20),
  /** HMAC-SHA256, the default. */
  SHA256("HmacSHA256", 32),
  /** HMAC-SHA384. */
  SHA384("HmacSHA384", 48),
  /** HMAC-SHA512. */
  SHA512("HmacSHA512", 64);

  private final String jcaName;
  private final int length;

  HmacAlgorithm(String jcaName, int length) {
    this.jcaName = jcaName;
    this.length = length;
  }

  /** The JCA algorithm name, e.g. {@code HmacSHA256}. */
  public String jcaName() {
    return jcaName;
  }

  /** The MAC length in bytes. */
  public int length() {
    return length;
  }
}
