package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * A parsed signed-content template: literals and the {@code {id}}, {@code {timestamp}}, {@code
 * {header:name}} and {@code {body}} slots. Immutable.
 */
final class SignedContent {

  private static final String HEADER = "header:";

  /** The characters RFC 9110 allows in a header name (a token), besides letters and digits. */
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  enum Kind {
    LITERAL,
    ID,
    TIMESTAMP,
    HEADER,
    BODY
  }

  /**
   * One slot or literal.
   *
   * @param literal the bytes of a {@link Kind#LITERAL}, else null
   * @param header for a {@link Kind#HEADER}, its index in {@link #headers()}, else -1
   */
  record Part(Kind kind, byte @Nullable [] literal, int header) {}

  private final List<Part> parts;
  private final List<String> headers;
  private final boolean signsId;

  private SignedContent(List<Part> parts, List<String> headers, boolean signsId) {
    this.parts = List.copyOf(parts);
    this.headers = List.copyOf(headers);
    this.signsId = signsId;
  }

  /**
   * Parses a template. The body must appear exactly once, a timestamp that is checked must be
   * signed, {@code {id}} needs an id header, and {@code {header:name}} needs a valid header name.
   */
  static SignedContent parse(String template, boolean hasTimestamp, boolean hasId) {
    List<Part> parts = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int bodies = 0;
    boolean signsTimestamp = false;
    boolean signsId = false;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int end = template.indexOf('}', i);
        if (end < 0) {
          throw invalid(template, "an unclosed '{'");
        }
        String placeholder = template.substring(i + 1, end);
        Kind kind =
            switch (placeholder) {
              case "id" -> Kind.ID;
              case "timestamp" -> Kind.TIMESTAMP;
              case "body" -> Kind.BODY;
              default -> {
                if (placeholder.startsWith(HEADER)) {
                  yield Kind.HEADER;
                }
                throw invalid(
                    template, "the unknown placeholder " + template.substring(i, end + 1));
              }
            };
        if (kind == Kind.ID && !hasId) {
          throw invalid(template, "{id} but no idHeader is set");
        }
        if (kind == Kind.TIMESTAMP && !hasTimestamp) {
          throw invalid(template, "{timestamp} but no timestamp source is set");
        }
        bodies += kind == Kind.BODY ? 1 : 0;
        signsTimestamp |= kind == Kind.TIMESTAMP;
        signsId |= kind == Kind.ID;
        flush(literal, parts);
        parts.add(
            new Part(
                kind,
                null,
                kind == Kind.HEADER ? headerIndex(template, placeholder, headers) : -1));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    flush(literal, parts);
    if (bodies != 1) {
      throw invalid(template, bodies + " {body} placeholders; exactly one is required");
    }
    if (hasTimestamp && !signsTimestamp) {
      throw invalid(template, "no {timestamp}, so a checked timestamp would not be signed");
    }
    return new SignedContent(parts, headers, signsId);
  }

  /** The lower-case names of the headers {@code {header:name}} slots sign, each once, in order. */
  List<String> headers() {
    return headers;
  }

  /** Whether the template has an {@code {id}} slot. */
  boolean signsId() {
    return signsId;
  }

  /**
   * Feeds the signed content to the MAC.
   *
   * @param headerValues the values of {@link #headers()}, in the same order
   */
  void update(
      Mac mac,
      @Nullable String id,
      @Nullable String timestamp,
      String[] headerValues,
      byte[] body) {
    write(mac::update, id, timestamp, headerValues, body);
  }

  /** The signed content as one array, for signature APIs that take the whole message. */
  byte[] bytes(
      @Nullable String id, @Nullable String timestamp, String[] headerValues, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    write(out::writeBytes, id, timestamp, headerValues, body);
    return out.toByteArray();
  }

  @SuppressWarnings("NullAway") // a template names {id} and {timestamp} only when they are given
  private void write(
      Consumer<byte[]> sink,
      @Nullable String id,
      @Nullable String timestamp,
      String[] headerValues,
      byte[] body) {
    for (Part part : parts) {
      sink.accept(
          switch (part.kind()) {
            case LITERAL -> part.literal();
            case ID -> id.getBytes(StandardCharsets.UTF_8);
            case TIMESTAMP -> timestamp.getBytes(StandardCharsets.UTF_8);
            case HEADER -> headerValues[part.header()].getBytes(StandardCharsets.UTF_8);
            case BODY -> body;
          });
    }
  }

  private static int headerIndex(String template, String placeholder, List<String> headers) {
    String name = placeholder.substring(HEADER.length()).toLowerCase(Locale.ROOT);
    if (!isToken(name)) {
      throw invalid(template, "{" + placeholder + "}, whose header name is not an HTTP token");
    }
    int index = headers.indexOf(name);
    if (index < 0) {
      headers.add(name);
      index = headers.size() - 1;
    }
    return index;
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Part(Kind.LITERAL, literal.toString().getBytes(StandardCharsets.UTF_8), -1));
      literal.setLength(0);
    }
  }

  private static WebhookConfigurationException invalid(String template, String problem) {
    return new WebhookConfigurationException(
        "signedContent template \"" + template + "\" has " + problem);
  }
}
