package dev.hookline.receiver.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormPayloadTest {

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String decoded(String form) {
    return new String(FormPayload.decode(ascii(form)), StandardCharsets.UTF_8);
  }

  @Test
  void theFieldsValueIsDecodedPlusAsSpaceAndPercentAsAByteInEitherCase() {
    assertThat(decoded("payload=%7B%22a%22%3A+%22b%2bc%22%7d")).isEqualTo("{\"a\": \"b+c\"}");
    assertThat(decoded("payload=")).isEmpty();
    assertThat(decoded("payload={\"raw\":1}")).isEqualTo("{\"raw\":1}");
    assertThat(decoded("payload=%C3%89lodie")).isEqualTo("Élodie");
  }

  @Test
  void whatAJavaFormEncoderWritesDecodesToTheSameText() {
    Random random = new Random(5);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        int kind = random.nextInt(4);
        text.appendCodePoint(
            kind == 0
                ? 0x20 + random.nextInt(0x5f)
                : kind == 1 ? 0xa0 + random.nextInt(0x700) : kind == 2 ? '&' : 0x1f600);
      }
      String form = "payload=" + URLEncoder.encode(text.toString(), StandardCharsets.UTF_8);

      assertThat(decoded(form)).isEqualTo(text.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "payload",
        "Payload=%7B%7D",
        "payload%3D%7B%7D",
        "event=push&payload=%7B%7D",
        " payload=%7B%7D",
        "{\"payload\":1}"
      })
  void aBodyThatIsNotThePayloadFieldIsMalformed(String body) {
    assertThatThrownBy(() -> FormPayload.decode(ascii(body)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("a form body must be one field, payload=<the event's JSON, form-encoded>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"payload=%7B%7D&", "payload=%7B%7D&payload=%7B%7D", "payload=a&b=c"})
  void aSecondFieldIsMalformed(String body) {
    assertThatThrownBy(() -> FormPayload.decode(ascii(body)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("a form body must be one field, payload, but had another after it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"payload=%", "payload=%7", "payload=%7G", "payload=%G7", "payload=%%41"})
  void aPercentWithoutTwoHexDigitsIsMalformed(String body) {
    assertThatThrownBy(() -> FormPayload.decode(ascii(body)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("the form's payload has a '%' not followed by two hex digits");
  }

  @Test
  void theUnwrappedRequestCarriesTheJsonUnderItsOwnContentTypeAndKeepsTheRest() {
    WebhookRequest form =
        WebhookRequest.builder()
            .path("/webhooks/github/acme")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-GitHub-Event", "push")
            .header("Content-Length", "14")
            .queryParameter("q", "1")
            .remoteAddress("203.0.113.7")
            .tenant("acme")
            .body(ascii("payload=%7B%7D"))
            .build();

    WebhookRequest json = FormPayload.unwrap(form);

    assertThat(json.body()).isEqualTo(ascii("{}"));
    assertThat(json.headers().all("Content-Type")).isEqualTo(List.of("application/json"));
    assertThat(json.headers().first("x-github-event")).contains("push");
    assertThat(json.headers().contains("content-length")).isFalse();
    assertThat(json.path()).isEqualTo("/webhooks/github/acme");
    assertThat(json.query()).isEqualTo(form.query());
    assertThat(json.remoteAddress()).contains("203.0.113.7");
    assertThat(json.tenant()).contains("acme");
  }
}
