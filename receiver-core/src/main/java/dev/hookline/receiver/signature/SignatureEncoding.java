package dev.hookline.receiver.signature;

import java.util.Base64;

/** How a signature is written in its header. Decoding is strict: anything else is malformed. */
public enum SignatureEncoding {
  /** Hexadecimal digits, either case, even length. */
  HEX {
    @Override
    byte[] decode(String text) {
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
  },
  /** Standard base64 with padding (RFC 4648 section 4), canonical form only. */
  BASE64 {
    @Override
    byte[] decode(String text) {
      if (text.isEmpty() || text.length() % 4 != 0) {
        return null;
      }
      try {
        byte[] out = Base64.getDecoder().decode(text);
        // Reject non-canonical encodings (stray bits in the last character).
        return Base64.getEncoder().encodeToString(out).equals(text) ? out : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  };

  /** Decodes the text, or returns null when it is not strictly in this encoding. */
  abstract byte[] decode(String text);

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
