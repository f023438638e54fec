package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.WebhookRequest;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * The verifier of an {@link HmacSignature}. Immutable and thread-safe.
 *
 * <p>A header whose value is signed (the id, a timestamp header, a {@code {header:name}}) may be
 * repeated, or sent under several of its aliases, only with one and the same value: the value that
 * is signed is then the value any other layer reads, whichever copy it takes.
 */
final class HeaderSignatureVerifier implements SignatureVerifier {

  private static final int MAX_ID_LENGTH = 256;

  /**
   * The most Ed25519 entries one request may carry: each is checked over the whole signed content
   * with every public key (a MAC is computed once per secret, whatever the entries), so an unsigned
   * request of 16 entries cost nine times one of a single entry. A sender signs once per key it
   * holds, two during a rotation.
   */
  static final int MAX_ED25519_ENTRIES = 4;

  /** Idle MACs kept per key: enough for every core to have one in use and one spare. */
  private static final int IDLE_MACS = 2 * Runtime.getRuntime().availableProcessors();

  private final String[] signatureHeaders;
  private final String prefix;
  private final @Nullable String separator;
  private final SignatureEncoding encoding;
  private final HmacAlgorithm algorithm;
  private final List<MacPool> macs;
  private final @Nullable String ed25519Prefix;
  private final List<PublicKey> publicKeys;
  private final String template;
  private final SignedContent content;
  private final String[] timestampHeaders;
  private final @Nullable String timestampEntry;
  private final @Nullable TimestampFormat timestampFormat;
  private final String[] idHeaders;

  /**
   * The header names above in lower case, as {@link Headers} keys them: no case folding per call.
   */
  private final String[] signatureKeys;

  private final String[] timestampKeys;
  private final String[] idKeys;

  /** Each {@code {header:name}} of the template as a one-name array, in the template's order. */
  private final String[][] contentHeaders;

  private final Set<String> signedHeaders;
  private final Duration tolerance;
  private final long toleranceSeconds;
  private final Clock clock;
  private final int maxSignatures;

  HeaderSignatureVerifier(HmacSignature settings, List<Mac> macs, List<PublicKey> publicKeys) {
    SignedContent content = settings.content();
    this.signatureHeaders = settings.signatureHeaders();
    this.prefix = settings.prefix();
    this.separator = settings.separator();
    this.encoding = settings.encoding();
    this.algorithm = settings.algorithm();
    this.macs = macs.stream().map(mac -> new MacPool(mac, IDLE_MACS)).toList();
    this.ed25519Prefix = settings.ed25519Prefix();
    this.publicKeys = List.copyOf(publicKeys);
    this.template = settings.signedContent();
    this.content = content;
    this.timestampHeaders = settings.timestampHeaders();
    this.timestampEntry = settings.timestampEntry();
    this.timestampFormat = settings.timestampFormat();
    this.idHeaders = settings.idHeaders();
    this.signatureKeys = lowerCase(signatureHeaders);
    this.timestampKeys = lowerCase(timestampHeaders);
    this.idKeys = lowerCase(idHeaders);
    this.contentHeaders =
        content.headers().stream().map(name -> new String[] {name}).toArray(String[][]::new);
    Set<String> covered = new LinkedHashSet<>();
    if (content.signsId()) {
      covered.addAll(List.of(idKeys));
    }
    covered.addAll(List.of(timestampKeys)); // set only for a header timestamp, which must be signed
    covered.addAll(content.headers());
    this.signedHeaders = Collections.unmodifiableSet(covered);
    this.tolerance = settings.tolerance();
    this.toleranceSeconds = tolerance.getSeconds();
    this.clock = settings.clock();
    this.maxSignatures = settings.maxSignatures();
  }

  @Override
  @SuppressWarnings("NullAway") // a Signed without a problem has a value and a name
  public Verification verify(WebhookRequest request) {
    Headers headers = request.headers();
    int variant = 0;
    List<String> values = headers.all(signatureKeys[0]);
    while (values.isEmpty()) {
      if (++variant == signatureKeys.length) {
        return missing(signatureHeaders[0]);
      }
      values = headers.all(signatureKeys[variant]);
    }
    Entries entries = new Entries(signatureHeaders[variant]);
    for (String value : values) {
      Verification problem = separator == null ? entries.add(value.trim()) : split(value, entries);
      if (problem != null) {
        return problem;
      }
    }
    if (entries.macs.isEmpty() && entries.ed25519.isEmpty() && entries.undecodable != null) {
      return entries.undecodable;
    }

    String timestamp = null;
    if (timestampFormat != null) {
      String source;
      if (timestampEntry == null) {
        Signed found = signed(headers, timestampKeys, timestampHeaders);
        if (found.problem() != null) {
          return found.problem();
        }
        timestamp = found.value();
        source = "timestamp in header " + found.name();
      } else if (entries.timestamp == null) {
        return malformed("header " + entries.header + " has no " + timestampEntry + " entry");
      } else {
        timestamp = entries.timestamp;
        source = "timestamp " + timestampEntry + " in header " + entries.header;
      }
      Verification window = checkWindow(timestamp, source);
      if (window != null) {
        return window;
      }
    }

    String id = null;
    if (idHeaders.length > 0) {
      Signed found = signed(headers, idKeys, idHeaders);
      if (found.problem() != null) {
        return found.problem();
      }
      id = found.value();
      if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
        return malformed(
            "header " + found.name() + " must hold 1 to " + MAX_ID_LENGTH + " characters");
      }
    }

    String[] headerValues = new String[contentHeaders.length];
    for (int i = 0; i < contentHeaders.length; i++) {
      Signed found = signed(headers, contentHeaders[i], contentHeaders[i]);
      if (found.problem() != null) {
        return found.problem();
      }
      headerValues[i] = found.value();
    }

    if (entries.macs.isEmpty() && entries.ed25519.isEmpty()) {
      return Verification.invalid(
          Reason.NO_MATCHING_SIGNATURE,
          "header " + entries.header + " holds no signature this receiver can check");
    }
    byte[] body = request.body();
    if (!entries.macs.isEmpty() && macMatches(entries.macs, id, timestamp, headerValues, body)) {
      return Verification.valid();
    }
    if (!entries.ed25519.isEmpty()
        && ed25519Matches(entries.ed25519, id, timestamp, headerValues, body)) {
      return Verification.valid();
    }
    return Verification.invalid(
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in " + entries.header + " matches a configured key");
  }

  /**
   * The lower-case names of the id header and its aliases when {@code {id}} is signed, of the
   * timestamp header and its aliases when the timestamp comes from a header, and of every {@code
   * {header:name}}.
   */
  @Override
  public Set<String> signedHeaders() {
    return signedHeaders;
  }

  @SuppressWarnings("NullAway") // called only when the header is split, with a separator
  private @Nullable Verification split(String value, Entries entries) {
    int start = 0;
    while (start <= value.length()) {
      int end = value.indexOf(separator, start);
      if (end < 0) {
        end = value.length();
      }
      String entry = value.substring(start, end).trim();
      if (!entry.isEmpty()) {
        Verification problem = entries.add(entry);
        if (problem != null) {
          return problem;
        }
      }
      start = end + separator.length();
    }
    return null;
  }

  /**
   * Checks the signed timestamp against the clock. The detail gives the skew and the tolerance
   * exactly, so that it never reads as within the tolerance for a rejection.
   *
   * @param source the timestamp and where it came from, for the detail
   */
  @SuppressWarnings("NullAway") // called only when a timestamp is signed, with its format
  private @Nullable Verification checkWindow(String timestamp, String source) {
    Instant signedAt = timestampFormat.parse(timestamp);
    if (signedAt == null) {
      return malformed(source + " is not in the " + timestampFormat + " format");
    }
    Instant now = clock.instant();
    // Whole seconds settle nearly every request without building a Duration.
    if (Math.abs(now.getEpochSecond() - signedAt.getEpochSecond()) < toleranceSeconds) {
      return null;
    }
    Duration skew = Duration.between(signedAt, now).abs();
    if (skew.compareTo(tolerance) > 0) {
      return Verification.invalid(
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          source
              + " is "
              + seconds(skew)
              + " away from the receiver's clock; the tolerance is "
              + seconds(tolerance));
    }
    return null;
  }

  /** The duration in seconds, exactly: {@code 301s}, {@code 10.4s}, {@code 300.001s}. */
  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.getSeconds())
            .add(BigDecimal.valueOf(duration.getNano(), 9))
            .stripTrailingZeros()
            .toPlainString()
        + "s";
  }

  private boolean macMatches(
      List<byte[]> candidates,
      @Nullable String id,
      @Nullable String timestamp,
      String[] headerValues,
      byte[] body) {
    for (MacPool pool : macs) {
      Mac mac = pool.take();
      content.update(mac, id, timestamp, headerValues, body);
      byte[] expected = mac.doFinal();
      pool.give(mac);
      for (byte[] candidate : candidates) {
        if (MessageDigest.isEqual(expected, candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean ed25519Matches(
      List<byte[]> candidates,
      @Nullable String id,
      @Nullable String timestamp,
      String[] headerValues,
      byte[] body) {
    byte[] signed = content.bytes(id, timestamp, headerValues, body);
    for (PublicKey key : publicKeys) {
      for (byte[] candidate : candidates) {
        if (ed25519Verifies(key, signed, candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One check per pair, so that an unverifiable entry cannot hide a valid one after it. */
  private static boolean ed25519Verifies(PublicKey key, byte[] content, byte[] candidate) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(content);
      return signature.verify(candidate);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String[] lowerCase(String[] names) {
    return Arrays.stream(names).map(name -> name.toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }

  /**
   * The one value of a signed header, read under any of its names, or why there is none.
   *
   * @param keys the lower-case names, primary first
   * @param names the same names as configured, for details
   */
  @SuppressWarnings("NullAway") // name is set together with value
  private static Signed signed(Headers headers, String[] keys, String[] names) {
    String value = null;
    String name = null;
    for (int i = 0; i < keys.length; i++) {
      for (String candidate : headers.all(keys[i])) {
        if (value == null) {
          value = candidate;
          name = names[i];
        } else if (!value.equals(candidate)) {
          return new Signed(
              null,
              null,
              malformed(
                  name.equals(names[i])
                      ? "header " + name + " is repeated with different values"
                      : "headers " + name + " and " + names[i] + " carry different values"));
        }
      }
    }
    return value == null
        ? new Signed(null, null, missing(names[0]))
        : new Signed(value, name, null);
  }

  /**
   * A signed header's value and the name it came under, or the problem instead.
   *
   * @param name the configured name of the variant the request used
   */
  private record Signed(
      @Nullable String value, @Nullable String name, @Nullable Verification problem) {}

  private static Verification missing(String header) {
    return Verification.invalid(Reason.MISSING_HEADER, "missing header " + header);
  }

  private static Verification malformed(String detail) {
    return Verification.invalid(Reason.MALFORMED_HEADER, detail);
  }

  @Override
  public String toString() {
    return "HmacSignature[header="
        + signatureHeaders[0]
        + ", algorithm="
        + algorithm
        + ", encoding="
        + encoding
        + ", signedContent="
        + template
        + ", secrets="
        + macs.size()
        + ", publicKeys="
        + publicKeys.size()
        + "]";
  }

  /**
   * The signature entries of one request, decoded. An entry of a checked version that does not
   * decode to a signature of the right length is skipped like an entry of an unknown version, so
   * that it cannot veto a valid one; it is reported only when no entry can be checked at all.
   */
  private final class Entries {
    /** The configured name of the signature header variant the request used. */
    final String header;

    final List<byte[]> macs = new ArrayList<>(2);
    final List<byte[]> ed25519 = new ArrayList<>(0);
    @Nullable String timestamp;

    /** Why the first skipped entry was skipped, or null. */
    @Nullable Verification undecodable;

    int count;

    Entries(String header) {
      this.header = header;
    }

    /** Reads one entry; returns a problem that rejects the whole header, else null. */
    @SuppressWarnings("NullAway") // ed25519Prefix is set whenever there are public keys
    @Nullable Verification add(String entry) {
      if (++count > maxSignatures) {
        return malformed("header " + header + " has more than " + maxSignatures + " entries");
      }
      if (timestampEntry != null && entry.startsWith(timestampEntry)) {
        if (timestamp != null) {
          return malformed("header " + header + " repeats " + timestampEntry);
        }
        timestamp = entry.substring(timestampEntry.length());
        return null;
      }
      if (!HeaderSignatureVerifier.this.macs.isEmpty() && entry.startsWith(prefix)) {
        byte[] signature = encoding.decode(entry.substring(prefix.length()));
        if (signature != null && signature.length == algorithm.length()) {
          macs.add(signature);
        } else {
          skip(
              "signature in "
                  + header
                  + " is not "
                  + encoding
                  + " of a "
                  + algorithm.length()
                  + "-byte "
                  + algorithm
                  + " MAC");
        }
        return null;
      }
      if (!publicKeys.isEmpty() && entry.startsWith(ed25519Prefix)) {
        byte[] signature = SignatureEncoding.BASE64.decode(entry.substring(ed25519Prefix.length()));
        if (signature != null && signature.length == 64) {
          if (ed25519.size() == MAX_ED25519_ENTRIES) {
            return malformed(
                "header "
                    + header
                    + " has more than "
                    + MAX_ED25519_ENTRIES
                    + " \""
                    + ed25519Prefix
                    + "\" entries");
          }
          ed25519.add(signature);
        } else {
          skip("signature in " + header + " is not BASE64 of a 64-byte Ed25519 signature");
        }
        return null;
      }
      if (separator == null) {
        skip("header " + header + " does not start with \"" + prefix + "\"");
      }
      return null; // an entry of a version this receiver does not check
    }

    private void skip(String detail) {
      if (undecodable == null) {
        undecodable = malformed(detail);
      }
    }
  }
}
