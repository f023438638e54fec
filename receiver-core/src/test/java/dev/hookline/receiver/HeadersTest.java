package dev.hookline.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.WebhookRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void namesAreCaseInsensitiveAndValuesKeepTheirOrder() {
    Headers headers =
        Headers.builder().add("X-Values", "a").add("x-values", "b").add("Other", "c").build();

    assertThat(headers.all("X-VALUES")).containsExactly("a", "b");
    assertThat(headers.first("x-Values")).contains("a");
    assertThat(headers.contains("OTHER")).isTrue();
    assertThat(headers.first("missing")).isEmpty();
    assertThat(headers.all("missing")).isEmpty();
    assertThat(headers.names()).containsExactly("x-values", "other");
  }

  @Test
  void mapCopyMergesNamesDifferingOnlyInCase() {
    java.util.Map<String, List<String>> raw = new java.util.LinkedHashMap<>();
    raw.put("Webhook-Id", List.of("1"));
    raw.put("webhook-id", List.of("2"));

    assertThat(Headers.of(raw).all("WEBHOOK-ID")).containsExactly("1", "2");
  }

  @Test
  void toStringShowsNamesButNoValues() {
    Headers headers = Headers.builder().add("Lucca-Signature", "c2VjcmV0").build();

    assertThat(headers.toString()).isEqualTo("Headers[lucca-signature]").doesNotContain("c2VjcmV0");
  }

  @Test
  void requestCopiesItsInputs() {
    byte[] body = {1, 2, 3};
    WebhookRequest request =
        WebhookRequest.builder().body(body).queryParameter("echo", "x").build();
    body[0] = 9;

    assertThat(request.body()).containsExactly(1, 2, 3);
    assertThat(request.queryParameter("echo")).contains("x");
    assertThat(request.toString()).isEqualTo("POST / (3 bytes)");
  }

  @Test
  void requestToStringEscapesThePathTheSenderWrote() {
    WebhookRequest request =
        WebhookRequest.builder().method("GET").path("/webhooks/lucca\r\n\u2028").build();

    assertThat(request).hasToString("GET /webhooks/lucca\\r\\n\\u2028 (0 bytes)");
  }
}
