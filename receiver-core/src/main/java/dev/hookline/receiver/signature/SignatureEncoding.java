package dev.hookline.receiver.signature;

import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** How a signature is written in its header. Decoding is strict: anything else is malformed. */
public enum SignatureEncoding {
  /** Hexadecimal digits, either case, even length. */
  HEX {
    @Override
    byte @Nullable [] decode(String text) {
      int length = text.length();
      if (length == 0 || length % 2 != 0) {
        return null;
      }
      byte[] out = new byte[length / 2];
      for (int i = 0; i < length; i += 2) {
        int high = hexDigit(text.charAt(i));
        int low = hexDigit(text.charAt(i + 1));
        if (high < 0 || low < 0) {
          return null;
        }
        out[i / 2] = (byte) ((high << 4) | low);
      }
      return out;
    }

    @Override
    String encode(byte[] signature) {
      return HexFormat.of().formatHex(signature);
    }
  },
  /** Standard base64 with padding (RFC 4648 section 4), canonical form only. */
  BASE64 {
    @Override
    byte @Nullable [] decode(String text) {
      if (text.isEmpty() || text.length() % 4 != 0) {
        return null;
      }
      try {
        byte[] out = Base64.getDecoder().decode(text);
        return canonical(text) ? out : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    @Override
    String encode(byte[] signature) {
      return Base64.getEncoder().encodeToString(signature);
    }
  };

  /**
   * Whether valid padded base64 is canonical: the bits of the last character that padding leaves
   * unused (four before {@code ==}, two before {@code =}) are zero, so no other text decodes to the
   * same bytes.
   */
  private static boolean canonical(String text) {
    int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
    if (padding == 0) {
      return true;
    }
    int unusedBits = padding == 2 ? 0x0F : 0x03;
    return (base64Value(text.charAt(text.length() - 1 - padding)) & unusedBits) == 0;
  }

  /** The six bits of a character of the standard base64 alphabet. */
  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : 63;
  }

  /** Decodes the text, or returns null when it is not strictly in this encoding. */
  abstract byte @Nullable [] decode(String text);

  /** The text a sender writes for the signature bytes: lower-case hex, or padded base64. */
  abstract String encode(byte[] signature);

  /** ASCII hex only: {@link Character#digit} would also accept non-ASCII digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
