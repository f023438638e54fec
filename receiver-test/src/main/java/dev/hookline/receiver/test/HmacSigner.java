package dev.hookline.receiver.test;

import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.SecretEncoding;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.TimestampFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs with an HMAC the way {@link dev.hookline.receiver.signature.HmacSignature} verifies: the
 * mirror image of its builder, so that any scheme configured there can be signed here. The named
 * schemes in {@link Signers} are presets of this builder. Immutable and thread-safe.
 *
 * <pre>{@code
 * WebhookSigner slack = HmacSigner.builder()
 *     .signatureHeader("X-Slack-Signature").prefix("v0=").encoding(SignatureEncoding.HEX)
 *     .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Slack-Request-Timestamp")
 *     .signedContent("v0:{timestamp}:{body}")
 *     .secret("slack-secret")
 *     .build();
 * }</pre>
 */
public final class HmacSigner implements WebhookSigner {

  private final String signatureHeader;
  private final String prefix;
  private final SignatureEncoding encoding;
  private final HmacAlgorithm algorithm;
  private final byte[] key;
  private final String signedContent;
  private final TimestampFormat timestampFormat;
  private final String timestampHeader;
  private final String timestampEntry;
  private final String separator;
  private final String idHeader;

  private HmacSigner(Builder builder, byte[] key) {
    this.signatureHeader = builder.signatureHeader;
    this.prefix = builder.prefix;
    this.encoding = builder.encoding;
    this.algorithm = builder.algorithm;
    this.key = key;
    this.signedContent = builder.signedContent;
    this.timestampFormat = builder.timestampFormat;
    this.timestampHeader = builder.timestampHeader;
    this.timestampEntry = builder.timestampEntry;
    this.separator = builder.separator;
    this.idHeader = builder.idHeader;
  }

  /** Starts a builder: SHA-256, hex, the secret used as UTF-8, signed content {@code {body}}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Map<String, String> sign(String id, byte[] body, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(at, "at");
    String timestamp = timestampFormat == null ? "" : format(timestampFormat, at);
    String signature = encode(mac(content(id, timestamp, body)));
    Map<String, String> headers = new LinkedHashMap<>();
    if (idHeader != null) {
      headers.put(idHeader, id);
    }
    if (timestampHeader != null) {
      headers.put(timestampHeader, timestamp);
    }
    headers.put(
        signatureHeader,
        (timestampEntry == null ? "" : timestampEntry + timestamp + separator)
            + prefix
            + signature);
    return headers;
  }

  /** The text a sender writes for the instant in the given format. */
  static String format(TimestampFormat format, Instant at) {
    return switch (format) {
      case UNIX_SECONDS -> Long.toString(at.getEpochSecond());
      case UNIX_MILLIS -> Long.toString(at.toEpochMilli());
      case ISO_8601 -> at.truncatedTo(ChronoUnit.SECONDS).toString();
    };
  }

  private byte[] content(String id, String timestamp, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    int at = 0;
    while (at < signedContent.length()) {
      int open = signedContent.indexOf('{', at);
      if (open < 0) {
        out.writeBytes(utf8(signedContent.substring(at)));
        break;
      }
      out.writeBytes(utf8(signedContent.substring(at, open)));
      int close = signedContent.indexOf('}', open);
      String name = signedContent.substring(open + 1, close);
      switch (name) {
        case "body" -> out.writeBytes(body);
        case "timestamp" -> out.writeBytes(utf8(timestamp));
        case "id" -> out.writeBytes(utf8(id));
        default -> throw new IllegalStateException("unknown placeholder {" + name + "}");
      }
      at = close + 1;
    }
    return out.toByteArray();
  }

  private byte[] mac(byte[] content) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available in this JVM", e);
    }
  }

  private String encode(byte[] signature) {
    return switch (encoding) {
      case HEX -> HexFormat.of().formatHex(signature);
      case BASE64 -> Base64.getEncoder().encodeToString(signature);
    };
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The key bytes a verifier derives from the secret with the given encoding. */
  static byte[] decodeSecret(SecretEncoding encoding, String secret) {
    return switch (encoding) {
      case TEXT -> utf8(secret);
      case BASE64 -> Base64.getDecoder().decode(secret);
      case STANDARD_WEBHOOKS ->
          Base64.getDecoder()
              .decode(secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
    };
  }

  /** The signature header only; never the key. */
  @Override
  public String toString() {
    return "HmacSigner[" + signatureHeader + ", " + algorithm + "]";
  }

  /** Collects a scheme's settings; not thread-safe. */
  public static final class Builder {
    private String signatureHeader;
    private String prefix = "";
    private SignatureEncoding encoding = SignatureEncoding.HEX;
    private HmacAlgorithm algorithm = HmacAlgorithm.SHA256;
    private SecretEncoding secretEncoding = SecretEncoding.TEXT;
    private String secret;
    private String signedContent = "{body}";
    private TimestampFormat timestampFormat;
    private String timestampHeader;
    private String timestampEntry;
    private String separator = ",";
    private String idHeader;

    private Builder() {}

    /** The header the signature goes in; required. */
    public Builder signatureHeader(String name) {
      this.signatureHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Text before the encoded signature, e.g. {@code sha256=}; default none. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
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

    /** How the secret becomes key bytes; default {@link SecretEncoding#TEXT}. */
    public Builder secretEncoding(SecretEncoding secretEncoding) {
      this.secretEncoding = Objects.requireNonNull(secretEncoding, "secretEncoding");
      return this;
    }

    /** The secret, as the receiver is configured with it; required. */
    public Builder secret(String secret) {
      this.secret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * What is signed: a template over {@code {id}}, {@code {timestamp}} and {@code {body}}; default
     * {@code {body}}.
     */
    public Builder signedContent(String template) {
      this.signedContent = Objects.requireNonNull(template, "template");
      return this;
    }

    /** Writes the timestamp in its own header. */
    public Builder timestampHeader(TimestampFormat format, String name) {
      this.timestampFormat = Objects.requireNonNull(format, "format");
      this.timestampHeader = Objects.requireNonNull(name, "name");
      this.timestampEntry = null;
      return this;
    }

    /**
     * Writes the timestamp as the first entry of the signature header, e.g. Stripe's {@code
     * t=…,v1=…}: {@code prefix} before the timestamp, {@code separator} between the entries.
     */
    public Builder timestampEntry(String prefix, TimestampFormat format, String separator) {
      this.timestampFormat = Objects.requireNonNull(format, "format");
      this.timestampEntry = Objects.requireNonNull(prefix, "prefix");
      this.separator = Objects.requireNonNull(separator, "separator");
      this.timestampHeader = null;
      return this;
    }

    /** Writes the message id ({@code {id}}) in this header. */
    public Builder idHeader(String name) {
      this.idHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Returns the signer.
     *
     * @throws IllegalStateException if the header or secret is missing, or the template names a
     *     timestamp or id that is not configured
     * @throws IllegalArgumentException if the secret is not valid in its encoding
     */
    public HmacSigner build() {
      if (signatureHeader == null) {
        throw new IllegalStateException("signatureHeader must be set");
      }
      if (secret == null) {
        throw new IllegalStateException("secret must be set");
      }
      if (signedContent.contains("{timestamp}") && timestampFormat == null) {
        throw new IllegalStateException("the signed content uses {timestamp} but none is set");
      }
      return new HmacSigner(this, decodeSecret(secretEncoding, secret));
    }
  }
}
