package dev.hookline.receiver.signature;

import dev.hookline.receiver.Headers;
import dev.hookline.receiver.WebhookRequest;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;

/** The verifier {@link HmacSignature.Builder} builds. Immutable and thread-safe. */
final class HeaderSignatureVerifier implements SignatureVerifier {

  private static final int MAX_ID_LENGTH = 256;

  /** Idle MACs kept per key: enough for every core to have one in use and one spare. */
  private static final int IDLE_MACS = 2 * Runtime.getRuntime().availableProcessors();

  private final String[] signatureHeaders;
  private final String prefix;
  private final String separator;
  private final SignatureEncoding encoding;
  private final HmacAlgorithm algorithm;
  private final List<MacPool> macs;
  private final String ed25519Prefix;
  private final List<PublicKey> publicKeys;
  private final String template;
  private final List<SignedContent.Part> parts;
  private final String[] timestampHeaders;
  private final String timestampEntry;
  private final TimestampFormat timestampFormat;
  private final String[] idHeaders;

  /**
   * The header names above in lower case, as {@link Headers} keys them: no case folding per call.
   */
  private final String[] signatureKeys;

  private final String[] timestampKeys;
  private final String[] idKeys;
  private final Duration tolerance;
  private final Clock clock;
  private final int maxSignatures;

  HeaderSignatureVerifier(
      HmacSignature.Builder settings,
      List<SignedContent.Part> parts,
      List<Mac> macs,
      List<PublicKey> publicKeys) {
    this.signatureHeaders = settings.signatureHeaders();
    this.prefix = settings.prefix();
    this.separator = settings.separator();
    this.encoding = settings.encoding();
    this.algorithm = settings.algorithm();
    this.macs = macs.stream().map(mac -> new MacPool(mac, IDLE_MACS)).toList();
    this.ed25519Prefix = settings.ed25519Prefix();
    this.publicKeys = List.copyOf(publicKeys);
    this.template = settings.signedContent();
    this.parts = parts;
    this.timestampHeaders = settings.timestampHeaders();
    this.timestampEntry = settings.timestampEntry();
    this.timestampFormat = settings.timestampFormat();
    this.idHeaders = settings.idHeaders();
    this.signatureKeys = lowerCase(signatureHeaders);
    this.timestampKeys = lowerCase(timestampHeaders);
    this.idKeys = lowerCase(idHeaders);
    this.tolerance = settings.tolerance();
    this.clock = settings.clock();
    this.maxSignatures = settings.maxSignatures();
  }

  @Override
  public Verification verify(WebhookRequest request) {
    Headers headers = request.headers();
    List<String> values = firstPresent(headers, signatureKeys);
    if (values == null) {
      return Verification.invalid(Reason.MISSING_HEADER, "missing header " + signatureHeaders[0]);
    }
    Entries entries = new Entries();
    for (String value : values) {
      Verification problem = separator == null ? entries.add(value.trim()) : split(value, entries);
      if (problem != null) {
        return problem;
      }
    }

    String timestamp = null;
    if (timestampFormat != null) {
      if (timestampEntry == null) {
        List<String> found = firstPresent(headers, timestampKeys);
        if (found == null) {
          return Verification.invalid(
              Reason.MISSING_HEADER, "missing header " + timestampHeaders[0]);
        }
        timestamp = found.get(0);
      } else if (entries.timestamp == null) {
        return malformed("header " + signatureHeaders[0] + " has no " + timestampEntry + " entry");
      } else {
        timestamp = entries.timestamp;
      }
      Verification window = checkWindow(timestamp);
      if (window != null) {
        return window;
      }
    }

    String id = null;
    if (idHeaders.length > 0) {
      List<String> found = firstPresent(headers, idKeys);
      if (found == null) {
        return Verification.invalid(Reason.MISSING_HEADER, "missing header " + idHeaders[0]);
      }
      id = found.get(0);
      if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
        return malformed(
            "header " + idHeaders[0] + " must hold 1 to " + MAX_ID_LENGTH + " characters");
      }
    }

    if (entries.macs.isEmpty() && entries.ed25519.isEmpty()) {
      return Verification.invalid(
          Reason.NO_MATCHING_SIGNATURE,
          "header " + signatureHeaders[0] + " holds no signature this receiver can check");
    }
    byte[] body = request.body();
    if (!entries.macs.isEmpty() && macMatches(entries.macs, id, timestamp, body)) {
      return Verification.valid();
    }
    if (!entries.ed25519.isEmpty() && ed25519Matches(entries.ed25519, id, timestamp, body)) {
      return Verification.valid();
    }
    return Verification.invalid(
        Reason.NO_MATCHING_SIGNATURE,
        "no signature in " + signatureHeaders[0] + " matches a configured key");
  }

  private Verification split(String value, Entries entries) {
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

  private Verification checkWindow(String timestamp) {
    Instant signedAt = timestampFormat.parse(timestamp);
    if (signedAt == null) {
      return malformed("timestamp is not in the " + timestampFormat + " format");
    }
    Duration skew = Duration.between(signedAt, clock.instant()).abs();
    if (skew.compareTo(tolerance) > 0) {
      return Verification.invalid(
          Reason.TIMESTAMP_OUT_OF_WINDOW,
          "timestamp is "
              + skew.toSeconds()
              + "s away from the receiver's clock; the tolerance is "
              + tolerance.toSeconds()
              + "s");
    }
    return null;
  }

  private boolean macMatches(List<byte[]> candidates, String id, String timestamp, byte[] body) {
    for (MacPool pool : macs) {
      Mac mac = pool.take();
      SignedContent.update(mac, parts, id, timestamp, body);
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
      List<byte[]> candidates, String id, String timestamp, byte[] body) {
    byte[] content = SignedContent.bytes(parts, id, timestamp, body);
    for (PublicKey key : publicKeys) {
      for (byte[] candidate : candidates) {
        if (ed25519Verifies(key, content, candidate)) {
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

  private static List<String> firstPresent(Headers headers, String[] names) {
    for (String name : names) {
      List<String> values = headers.all(name);
      if (!values.isEmpty()) {
        return values;
      }
    }
    return null;
  }

  private Verification malformed(String detail) {
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

  /** The signature entries of one request, decoded. */
  private final class Entries {
    final List<byte[]> macs = new ArrayList<>(2);
    final List<byte[]> ed25519 = new ArrayList<>(0);
    String timestamp;
    int count;

    Verification add(String entry) {
      if (++count > maxSignatures) {
        return malformed(
            "header " + signatureHeaders[0] + " has more than " + maxSignatures + " entries");
      }
      if (timestampEntry != null && entry.startsWith(timestampEntry)) {
        if (timestamp != null) {
          return malformed("header " + signatureHeaders[0] + " repeats " + timestampEntry);
        }
        timestamp = entry.substring(timestampEntry.length());
        return null;
      }
      if (!HeaderSignatureVerifier.this.macs.isEmpty() && entry.startsWith(prefix)) {
        byte[] signature = encoding.decode(entry.substring(prefix.length()));
        if (signature == null || signature.length != algorithm.length()) {
          return malformed(
              "signature in "
                  + signatureHeaders[0]
                  + " is not "
                  + encoding
                  + " of a "
                  + algorithm.length()
                  + "-byte "
                  + algorithm
                  + " MAC");
        }
        macs.add(signature);
        return null;
      }
      if (!publicKeys.isEmpty() && entry.startsWith(ed25519Prefix)) {
        byte[] signature = SignatureEncoding.BASE64.decode(entry.substring(ed25519Prefix.length()));
        if (signature == null || signature.length != 64) {
          return malformed(
              "signature in "
                  + signatureHeaders[0]
                  + " is not BASE64 of a 64-byte Ed25519 signature");
        }
        ed25519.add(signature);
        return null;
      }
      if (separator == null) {
        return malformed(
            "header " + signatureHeaders[0] + " does not start with \"" + prefix + "\"");
      }
      return null; // an entry of a version this receiver does not check
    }
  }
}
