package dev.hookline.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.WebhookRequest;
import java.util.List;
import java.util.Locale;
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
  void everyNameIsFoldedAsLowerCaseInTheRootLocale() {
    // Lower-case ASCII names are kept as given; any other is folded by String.toLowerCase.
    List<String> names =
        List.of(
            "lucca-signature",
            "Lucca-Signature",
            "x-@[`{~0_9",
            "X-ÀÉÎ",
            "x-àéî",
            "X-ΣΑΣ",
            "x-İ",
            "x-\u212a",
            "");
    for (String name : names) {
      Headers headers = Headers.builder().add(name, "v").build();
      String folded = name.toLowerCase(Locale.ROOT);

      assertThat(headers.names()).as(name).containsExactly(folded);
      assertThat(headers.all(folded)).as(name).containsExactly("v");
      assertThat(headers.all(name)).as(name).containsExactly("v");
    }
    assertThat(Headers.builder().add("x-a", "v").build().first("X-A")).contains("v");
    assertThatThrownBy(() -> Headers.empty().all(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void builtHeadersStayAsBuiltWhileTheBuilderGoesOn() {
    Headers.Builder builder = Headers.builder().add("X-Values", "a").add("X-Values", "b");
    Headers first = builder.build();
    builder.add("X-Values", "c").add("Other", "d");
    Headers second = builder.build();
    builder.add("x-values", "e").set("Other", "f");

    assertThat(first.all("x-values")).containsExactly("a", "b");
    assertThat(first.contains("other")).isFalse();
    assertThat(second.all("x-values")).containsExactly("a", "b", "c");
    assertThat(second.all("other")).containsExactly("d");
    assertThat(builder.build().all("x-values")).containsExactly("a", "b", "c", "e");
    assertThat(builder.build().all("other")).containsExactly("f");
    assertThatThrownBy(() -> second.all("x-values").add("z"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void manyValuesOfOneNameAreAllKeptInOrder() {
    Headers.Builder builder = Headers.builder();
    for (int i = 0; i < 5_000; i++) {
      builder.add(i % 2 == 0 ? "X-Many" : "x-many", Integer.toString(i));
    }

    List<String> values = builder.build().all("X-MANY");

    assertThat(values).hasSize(5_000).startsWith("0", "1", "2").endsWith("4998", "4999");
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
