package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Any scheme that signs the raw body with an HMAC (and optionally Ed25519) and puts the signature
 * in a header, as one immutable {@link SignatureScheme}: {@link #verifier(List)} for the receiver,
 * {@link #signer(String)} for the sender. Every named scheme in Hookline is a preset of its
 * builder; use it directly for other senders:
 *
 * <pre>{@code
 * SignatureScheme scheme = HmacSignature.builder()
 *     .signatureHeader("X-Acme-Signature").prefix("v1=").encoding(SignatureEncoding.HEX)
 *     .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Acme-Timestamp")
 *     .signedContent("{timestamp}.{body}")
 *     .scheme();
 * SignatureVerifier verifier = scheme.verifier(System.getenv("ACME_SECRET"));
 * }</pre>
 */
public final class HmacSignature implements SignatureScheme {

  /** How far a signed timestamp may be from the receiver's clock, either way: 5 minutes. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** How many signature entries one request may carry before it is malformed: 16. */
  public static final int DEFAULT_MAX_SIGNATURES = 16;

  private final List<String> signatureHeaders;
  private final String prefix;
  private final @Nullable String separator;
  private final SignatureEncoding encoding;
  private final HmacAlgorithm algorithm;
  private final SecretEncoding secretEncoding;
  private final @Nullable String ed25519Prefix;
  private final List<String> publicKeys;
  private final String signedContent;
  private final SignedContent content;
  private final List<String> timestampHeaders;
  private final @Nullable String timestampEntry;
  private final @Nullable TimestampFormat timestampFormat;
  private final List<String> idHeaders;
  private final Duration tolerance;
  private final Clock clock;
  private final int maxSignatures;

  private HmacSignature(Builder builder, SignedContent content) {
    this.signatureHeaders = builder.signatureHeaders;
    this.prefix = builder.prefix;
    this.separator = builder.separator;
    this.encoding = builder.encoding;
    this.algorithm = builder.algorithm;
    this.secretEncoding = builder.secretEncoding;
    this.ed25519Prefix = builder.ed25519Prefix;
    this.publicKeys = builder.publicKeys;
    this.signedContent = builder.signedContent;
    this.content = content;
    this.timestampHeaders = builder.timestampHeaders;
    this.timestampEntry = builder.timestampEntry;
    this.timestampFormat = builder.timestampFormat;
    this.idHeaders = builder.idHeaders;
    this.tolerance = builder.tolerance;
    this.clock = builder.clock;
    this.maxSignatures = builder.maxSignatures;
  }

  /** Starts a builder: SHA-256, hex, secrets used as UTF-8, signed content {@code {body}}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws WebhookConfigurationException if no key is given (no secret, and no Ed25519 public key
   *     in this scheme), a secret is empty, blank (whitespace only) or undecodable, or a public key
   *     is not an Ed25519 public key; the message names the secret or key by its position, never by
   *     its value
   */
  @Override
  public SignatureVerifier verifier(List<String> secrets) {
    if (secrets.isEmpty() && publicKeys.isEmpty()) {
      throw new WebhookConfigurationException(
          "at least one secret (or Ed25519 public key) is required");
    }
    if (algorithm == HmacAlgorithm.SHA1 && !secrets.isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(HmacSignature.class)
          .warn(
              "HMAC-SHA1 selected for header {}: use it only for legacy senders",
              signatureHeaders.get(0));
    }
    List<Mac> macs = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      macs.add(mac(key(secrets.get(i), i + 1)));
    }
    return new HeaderSignatureVerifier(this, macs, ed25519Keys());
  }

  @Override
  public WebhookSigner signer(String secret) {
    return new HmacSigner(this, mac(key(secret, 1)));
  }

  @Override
  public HmacSignature withTolerance(Duration tolerance) {
    return toBuilder().tolerance(tolerance).scheme();
  }

  @Override
  public HmacSignature withClock(Clock clock) {
    return toBuilder().clock(clock).scheme();
  }

  /**
   * {@inheritDoc} The scheme must name the prefix of its Ed25519 entries ({@link
   * Builder#ed25519(String, List)}).
   */
  @Override
  public HmacSignature withPublicKeys(List<String> publicKeys) {
    if (ed25519Prefix == null) {
      throw new WebhookConfigurationException(this + " has no public-key signatures");
    }
    return toBuilder().ed25519(ed25519Prefix, publicKeys).scheme();
  }

  /** The key bytes of a secret, checked; {@code position} names it in messages. */
  private byte[] key(String secret, int position) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isBlank() && !secret.isEmpty()) {
      throw new WebhookConfigurationException("secret #" + position + " is blank");
    }
    byte[] key;
    try {
      key = secretEncoding.decode(secret);
    } catch (IllegalArgumentException e) {
      throw new WebhookConfigurationException(
          "secret #" + position + " is not valid " + secretEncoding + " text");
    }
    if (key.length == 0) {
      throw new WebhookConfigurationException("secret #" + position + " is empty");
    }
    return key;
  }

  private Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new WebhookConfigurationException(algorithm + " is not available in this JVM", e);
    }
  }

  private List<PublicKey> ed25519Keys() {
    List<PublicKey> keys = new ArrayList<>(publicKeys.size());
    for (int i = 0; i < publicKeys.size(); i++) {
      String publicKey = Objects.requireNonNull(publicKeys.get(i), "key");
      if (publicKey.startsWith(SIGNING_KEY_PREFIX)) {
        throw new WebhookConfigurationException(
            "public key #"
                + (i + 1)
                + " is a "
                + SIGNING_KEY_PREFIX
                + " signing key, which must stay with the sender: configure its "
                + PUBLIC_KEY_PREFIX
                + " public key");
      }
      if (publicKey.startsWith(PUBLIC_KEY_PREFIX)) {
        publicKey = publicKey.substring(PUBLIC_KEY_PREFIX.length());
      }
      try {
        byte[] der = Base64.getDecoder().decode(publicKey);
        if (der.length == 32) {
          der = concat(ED25519_X509_PREFIX, der);
        }
        keys.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
      } catch (IllegalArgumentException | GeneralSecurityException e) {
        throw new WebhookConfigurationException(
            "public key #"
                + (i + 1)
                + " is neither a raw 32-byte Ed25519 key nor an X.509 DER key in base64");
      }
    }
    return keys;
  }

  private Builder toBuilder() {
    Builder builder = new Builder();
    builder.signatureHeaders = signatureHeaders;
    builder.prefix = prefix;
    builder.separator = separator;
    builder.encoding = encoding;
    builder.algorithm = algorithm;
    builder.secretEncoding = secretEncoding;
    builder.ed25519Prefix = ed25519Prefix;
    builder.publicKeys = publicKeys;
    builder.signedContent = signedContent;
    builder.timestampHeaders = timestampHeaders;
    builder.timestampEntry = timestampEntry;
    builder.timestampFormat = timestampFormat;
    builder.idHeaders = idHeaders;
    builder.tolerance = tolerance;
    builder.clock = clock;
    builder.maxSignatures = maxSignatures;
    return builder;
  }

  String[] signatureHeaders() {
    return signatureHeaders.toArray(String[]::new);
  }

  String prefix() {
    return prefix;
  }

  @Nullable String separator() {
    return separator;
  }

  SignatureEncoding encoding() {
    return encoding;
  }

  HmacAlgorithm algorithm() {
    return algorithm;
  }

  @Nullable String ed25519Prefix() {
    return ed25519Prefix;
  }

  String signedContent() {
    return signedContent;
  }

  SignedContent content() {
    return content;
  }

  String[] timestampHeaders() {
    return timestampHeaders.toArray(String[]::new);
  }

  @Nullable String timestampEntry() {
    return timestampEntry;
  }

  @Nullable TimestampFormat timestampFormat() {
    return timestampFormat;
  }

  String[] idHeaders() {
    return idHeaders.toArray(String[]::new);
  }

  Duration tolerance() {
    return tolerance;
  }

  Clock clock() {
    return clock;
  }

  int maxSignatures() {
    return maxSignatures;
  }

  /** The headers and algorithm; never a key. */
  @Override
  public String toString() {
    return "HmacSignature["
        + signatureHeaders.get(0)
        + ", "
        + algorithm
        + ", "
        + signedContent
        + "]";
  }

  /** Collects a scheme's settings; not thread-safe. {@link #build()} validates and copies them. */
  public static final class Builder {
    private List<String> signatureHeaders = List.of();
    private String prefix = "";
    private @Nullable String separator;
    private SignatureEncoding encoding = SignatureEncoding.HEX;
    private HmacAlgorithm algorithm = HmacAlgorithm.SHA256;
    private SecretEncoding secretEncoding = SecretEncoding.TEXT;
    private List<String> secrets = List.of();
    private @Nullable String ed25519Prefix;
    private List<String> publicKeys = List.of();
    private String signedContent = "{body}";
    private List<String> timestampHeaders = List.of();
    private @Nullable String timestampEntry;
    private @Nullable TimestampFormat timestampFormat;
    private List<String> idHeaders = List.of();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private int maxSignatures = DEFAULT_MAX_SIGNATURES;

    private Builder() {}

    /** The header holding the signature; aliases are tried in order when it is absent. */
    public Builder signatureHeader(String name, String... aliases) {
      this.signatureHeaders = names(name, aliases);
      return this;
    }

    /** Text before the encoded signature, e.g. {@code sha256=}; default none. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Splits the header into several entries (e.g. {@code " "} for Standard Webhooks, {@code ","}
     * for Stripe). Entries without the prefix are then ignored as unknown versions. Default: the
     * whole header is one signature, which must carry the prefix.
     *
     * <p>Whether split or repeated, the header is valid when any entry matches. An entry with the
     * prefix that does not decode to a signature of the right length is skipped like an unknown
     * version. When no entry can be checked at all, the request is rejected with {@link
     * Reason#MALFORMED_HEADER} if an entry did not decode, else with {@link
     * Reason#NO_MATCHING_SIGNATURE}. More than {@link #maxSignatures(int)} entries is malformed.
     */
    public Builder separator(String separator) {
      this.separator = Objects.requireNonNull(separator, "separator");
      return this;
    }

    /** How the signature is encoded; default {@link SignatureEncoding#HEX}. */
    public Builder encoding(SignatureEncoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /** The HMAC digest; default {@link HmacAlgorithm#SHA256}. */
    public Builder algorithm(HmacAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** How secret strings become key bytes; default {@link SecretEncoding#TEXT}. */
    public Builder secretEncoding(SecretEncoding secretEncoding) {
      this.secretEncoding = Objects.requireNonNull(secretEncoding, "secretEncoding");
      return this;
    }

    /**
     * The HMAC secrets; a signature made with any of them is accepted (rotation). Each must be
     * neither empty nor blank.
     */
    public Builder secrets(String... secrets) {
      return secrets(List.of(secrets));
    }

    /** The HMAC secrets; a signature made with any of them is accepted (rotation). */
    public Builder secrets(List<String> secrets) {
      this.secrets = List.copyOf(secrets);
      return this;
    }

    /**
     * Also accepts Ed25519 signatures in entries starting with {@code prefix}, checked with the
     * given public keys: standard base64 of either the raw 32-byte key or its X.509 DER encoding,
     * optionally after Standard Webhooks' {@code whpk_} prefix ({@code whpk_} + base64 of the raw
     * key is how Standard Webhooks serializes a public key). A request with more than four such
     * entries is malformed: each costs a check over the whole body.
     */
    public Builder ed25519(String prefix, List<String> publicKeys) {
      this.ed25519Prefix = Objects.requireNonNull(prefix, "prefix");
      this.publicKeys = List.copyOf(publicKeys);
      return this;
    }

    /**
     * What is signed: a template over {@code {id}}, {@code {timestamp}} (the header text exactly as
     * received), {@code {header:name}} (that request header's value exactly as received; the name
     * is case-insensitive) and {@code {body}} (the raw bytes), e.g. {@code {timestamp}.{body}} or
     * {@code {header:ce-id}.{header:ce-type}.{body}}. Default {@code {body}}.
     *
     * <p>A request without a header the template names is rejected with {@link
     * Reason#MISSING_HEADER}. A signed header (this one, the id or the timestamp header) may come
     * more than once, or under more than one of its aliases, only with the same value; otherwise
     * the request is rejected with {@link Reason#MALFORMED_HEADER}, since the copy that is signed
     * and the copy another part of the application reads could differ. {@link
     * SignatureVerifier#signedHeaders()} of the built verifier lists these headers.
     */
    public Builder signedContent(String template) {
      this.signedContent = Objects.requireNonNull(template, "template");
      return this;
    }

    /** Reads the signed timestamp from a header (aliases tried in order). */
    public Builder timestampHeader(TimestampFormat format, String name, String... aliases) {
      this.timestampFormat = Objects.requireNonNull(format, "format");
      this.timestampHeaders = names(name, aliases);
      this.timestampEntry = null;
      return this;
    }

    /** Reads the signed timestamp from the signature header's entry starting with the prefix. */
    public Builder timestampEntry(String prefix, TimestampFormat format) {
      this.timestampFormat = Objects.requireNonNull(format, "format");
      this.timestampEntry = Objects.requireNonNull(prefix, "prefix");
      this.timestampHeaders = List.of();
      return this;
    }

    /** The header holding the message id that {@code {id}} stands for. */
    public Builder idHeader(String name, String... aliases) {
      this.idHeaders = names(name, aliases);
      return this;
    }

    /** Accepted distance between the signed timestamp and the clock, either way, inclusive. */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
      return this;
    }

    /** The clock timestamps are checked against; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The most signature entries one request may carry; default {@value #DEFAULT_MAX_SIGNATURES}.
     */
    public Builder maxSignatures(int maxSignatures) {
      this.maxSignatures = maxSignatures;
      return this;
    }

    /**
     * Validates the settings and returns them as an immutable scheme, without keys: {@link
     * HmacSignature#verifier(List)} and {@link HmacSignature#signer(String)} add them. Secrets
     * given to this builder are not part of it; public keys are.
     *
     * @throws WebhookConfigurationException if the signature header is missing, the template is
     *     invalid, or a bound is out of range
     */
    public HmacSignature scheme() {
      if (signatureHeaders.isEmpty()) {
        throw new WebhookConfigurationException("signatureHeader must be set");
      }
      if (tolerance.isNegative() || tolerance.isZero()) {
        throw new WebhookConfigurationException("tolerance must be positive, but was " + tolerance);
      }
      if (maxSignatures < 1 || maxSignatures > 1000) {
        throw new WebhookConfigurationException(
            "maxSignatures must be between 1 and 1000, but was " + maxSignatures);
      }
      if (separator != null && separator.isEmpty()) {
        throw new WebhookConfigurationException("separator must not be empty");
      }
      SignedContent content =
          SignedContent.parse(signedContent, timestampFormat != null, !idHeaders.isEmpty());
      return new HmacSignature(this, content);
    }

    /**
     * Validates the settings and returns an immutable, thread-safe verifier with this builder's
     * secrets and public keys: {@code scheme().verifier(secrets)}.
     *
     * @throws WebhookConfigurationException if a header is missing, no key is given, a secret is
     *     empty, blank (whitespace only) or undecodable, a public key is not an Ed25519 public key,
     *     the template is invalid, or a bound is out of range; the message names the secret or key
     *     by its position, never by its value
     */
    public SignatureVerifier build() {
      if (signatureHeaders.isEmpty()) {
        throw new WebhookConfigurationException("signatureHeader must be set");
      }
      if (secrets.isEmpty() && publicKeys.isEmpty()) {
        throw new WebhookConfigurationException(
            "at least one secret (or Ed25519 public key) is required");
      }
      return scheme().verifier(secrets);
    }

    private static List<String> names(String name, String... aliases) {
      List<String> all = new ArrayList<>(1 + aliases.length);
      all.add(Objects.requireNonNull(name, "name"));
      for (String alias : aliases) {
        all.add(Objects.requireNonNull(alias, "alias"));
      }
      return List.copyOf(all);
    }
  }

  /** Standard Webhooks' prefix of a serialized Ed25519 public key. */
  private static final String PUBLIC_KEY_PREFIX = "whpk_";

  /** Standard Webhooks' prefix of a serialized Ed25519 signing (private) key. */
  private static final String SIGNING_KEY_PREFIX = "whsk_";

  /** The fixed X.509 SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410). */
  private static final byte[] ED25519_X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
