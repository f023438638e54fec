package dev.hookline.receiver.signature;

import dev.hookline.receiver.WebhookConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;

/**
 * A parsed signed-content template: literals and the {@code {id}}, {@code {timestamp}}, {@code
 * {body}} slots.
 */
final class SignedContent {

  enum Kind {
    LITERAL,
    ID,
    TIMESTAMP,
    BODY
  }

  record Part(Kind kind, byte[] literal) {}

  private SignedContent() {}

  /**
   * Parses a template. The body must appear exactly once, a timestamp that is checked must be
   * signed, and {@code {id}} needs an id header.
   */
  static List<Part> parse(String template, boolean hasTimestamp, boolean hasId) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int bodies = 0;
    boolean signsTimestamp = false;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int end = template.indexOf('}', i);
        if (end < 0) {
          throw invalid(template, "an unclosed '{'");
        }
        Kind kind =
            switch (template.substring(i + 1, end)) {
              case "id" -> Kind.ID;
              case "timestamp" -> Kind.TIMESTAMP;
              case "body" -> Kind.BODY;
              default ->
                  throw invalid(
                      template, "the unknown placeholder " + template.substring(i, end + 1));
            };
        if (kind == Kind.ID && !hasId) {
          throw invalid(template, "{id} but no idHeader is set");
        }
        if (kind == Kind.TIMESTAMP && !hasTimestamp) {
          throw invalid(template, "{timestamp} but no timestamp source is set");
        }
        bodies += kind == Kind.BODY ? 1 : 0;
        signsTimestamp |= kind == Kind.TIMESTAMP;
        flush(literal, parts);
        parts.add(new Part(kind, null));
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
    return List.copyOf(parts);
  }

  static void update(Mac mac, List<Part> parts, String id, String timestamp, byte[] body) {
    for (Part part : parts) {
      switch (part.kind()) {
        case LITERAL -> mac.update(part.literal());
        case ID -> mac.update(id.getBytes(StandardCharsets.UTF_8));
        case TIMESTAMP -> mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
        case BODY -> mac.update(body);
      }
    }
  }

  static byte[] bytes(List<Part> parts, String id, String timestamp, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    for (Part part : parts) {
      byte[] bytes =
          switch (part.kind()) {
            case LITERAL -> part.literal();
            case ID -> id.getBytes(StandardCharsets.UTF_8);
            case TIMESTAMP -> timestamp.getBytes(StandardCharsets.UTF_8);
            case BODY -> body;
          };
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Part(Kind.LITERAL, literal.toString().getBytes(StandardCharsets.UTF_8)));
      literal.setLength(0);
    }
  }

  private static WebhookConfigurationException invalid(String template, String problem) {
    return new WebhookConfigurationException(
        "signedContent template \"" + template + "\" has " + problem);
  }
}
