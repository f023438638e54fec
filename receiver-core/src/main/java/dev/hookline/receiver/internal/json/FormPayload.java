package dev.hookline.receiver.internal.json;

import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.MediaTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unwraps the JSON a form carries in its one field, {@code payload} ({@code
 * application/x-www-form-urlencoded}, as GitHub sends it): the body must be exactly {@code
 * payload=} followed by the value, {@code +} standing for a space and {@code %XX} for a byte. Read
 * strictly: another field, a second {@code payload}, an {@code &}, or a {@code %} without two hex
 * digits is a malformed event, not a guess.
 */
public final class FormPayload {

  private static final byte[] FIELD = {'p', 'a', 'y', 'l', 'o', 'a', 'd', '='};

  private FormPayload() {}

  /**
   * The request with the field's decoded value as its body and {@code application/json} as its
   * content type, without the form's {@code Content-Length}; everything else as it came.
   *
   * @throws MalformedEventException if the body is not that one field
   */
  public static WebhookRequest unwrap(WebhookRequest request) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(request.headers().asMap());
    headers.put("Content-Type", List.of(MediaTypes.JSON));
    headers.remove("Content-Length"); // the form's, not the JSON's
    WebhookRequest.Builder json =
        WebhookRequest.builder()
            .method(request.method())
            .path(request.path())
            .headers(headers)
            .body(decode(request.body()));
    request.query().forEach((name, values) -> values.forEach(v -> json.queryParameter(name, v)));
    request.remoteAddress().ifPresent(json::remoteAddress);
    request.tenant().ifPresent(json::tenant);
    return json.build();
  }

  /** The decoded value of the body's one {@code payload} field. */
  static byte[] decode(byte[] body) {
    if (body.length < FIELD.length
        || !Arrays.equals(body, 0, FIELD.length, FIELD, 0, FIELD.length)) {
      throw new MalformedEventException(
          "a form body must be one field, payload=<the event's JSON, form-encoded>");
    }
    byte[] value = new byte[body.length - FIELD.length];
    int length = 0;
    for (int i = FIELD.length; i < body.length; i++) {
      byte b = body[i];
      if (b == '&') {
        throw new MalformedEventException(
            "a form body must be one field, payload, but had another after it at byte " + i);
      }
      if (b == '+') {
        b = ' ';
      } else if (b == '%') {
        int high = i + 2 < body.length ? Character.digit(body[i + 1], 16) : -1;
        int low = high < 0 ? -1 : Character.digit(body[i + 2], 16);
        if (low < 0) {
          throw new MalformedEventException(
              "the form's payload has a '%' not followed by two hex digits at byte " + i);
        }
        b = (byte) (high << 4 | low);
        i += 2;
      }
      value[length++] = b;
    }
    return Arrays.copyOf(value, length);
  }
}
