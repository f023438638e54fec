package dev.hookline.receiver.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fuzz case sends before it is signed: the body and the headers its provider reads (for
 * example {@code webhook-id}). Stored as a regression file in an HTTP-like form: one {@code Name:
 * value} line per header, its value percent-encoded where it is not printable ASCII, an empty line,
 * then the raw body bytes.
 */
record FuzzInput(Map<String, String> headers, byte[] body) {

  FuzzInput {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  static FuzzInput of(byte[] body) {
    return new FuzzInput(Map.of(), body);
  }

  static FuzzInput of(String body, String... headerNamesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return new FuzzInput(headers, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  FuzzInput withBody(byte[] newBody) {
    return new FuzzInput(headers, newBody);
  }

  FuzzInput withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new FuzzInput(copy, body);
  }

  /** The regression-file form. */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    headers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            header -> {
              byte[] line =
                  (header.getKey() + ": " + percentEncode(header.getValue()) + "\n")
                      .getBytes(StandardCharsets.UTF_8);
              out.write(line, 0, line.length);
            });
    out.write('\n');
    out.write(body, 0, body.length);
    return out.toByteArray();
  }

  /** Reads the regression-file form. */
  static FuzzInput decode(byte[] file) {
    Map<String, String> headers = new LinkedHashMap<>();
    int at = 0;
    while (true) {
      int end = indexOf(file, (byte) '\n', at);
      if (end < 0) {
        throw new IllegalArgumentException("a regression file needs an empty line before the body");
      }
      if (end == at) {
        return new FuzzInput(headers, Arrays.copyOfRange(file, end + 1, file.length));
      }
      String line = new String(file, at, end - at, StandardCharsets.UTF_8);
      int colon = line.indexOf(": ");
      headers.put(line.substring(0, colon), percentDecode(line.substring(colon + 2)));
      at = end + 1;
    }
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      if (b > 0x20 && b < 0x7f && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String percentDecode(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FuzzInput input
        && headers.equals(input.headers)
        && Arrays.equals(body, input.body);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    String text = new String(body, StandardCharsets.UTF_8);
    return "FuzzInput[headers="
        + headers
        + ", body="
        + (text.length() > 300 ? text.substring(0, 300) + "… (" + body.length + " bytes)" : text)
        + "]";
  }
}
