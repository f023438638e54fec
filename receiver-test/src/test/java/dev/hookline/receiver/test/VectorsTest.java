package dev.hookline.receiver.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signers reproduce every known-answer vector of {@code shared/vectors/README.md}. */
class VectorsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
  void sw1(String secret) {
    assertThat(
            Signers.standardWebhooks(secret)
                .sign(
                    "msg_p5jXN8AQM9LWM0D4loKWxJek",
                    "{\"test\": 2432232314}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Instant.ofEpochSecond(1614265330)))
        .containsEntry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
        .containsEntry("webhook-timestamp", "1614265330")
        .containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void sw2() {
    assertThat(
            Signers.standardWebhooks("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")
                .sign(
                    "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                    utf8("{\"email\":\"test@example.com\",\"username\":\"test_user\"}"),
                    Instant.ofEpochSecond(1649367553)))
        .containsEntry("webhook-signature", "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=");
  }

  @Test
  void gh1() {
    assertThat(
            Signers.gitHub("It's a Secret to Everybody").sign(utf8("Hello, World!"), Instant.EPOCH))
        .containsExactly(
            java.util.Map.entry(
                "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
  }

  @Test
  void lu1() throws IOException {
    byte[] body;
    try (InputStream in =
        getClass().getResourceAsStream("/vectors/lucca.employee.updated.body.json")) {
      body = in.readAllBytes();
    }
    assertThat(body).hasSize(1290);

    assertThat(
            Signers.lucca(TestSigners.LUCCA_SECRET)
                .sign(body, Instant.parse("2025-01-01T08:34:23Z")))
        .containsEntry("Lucca-Timestamp", "2025-01-01T08:34:23Z")
        .containsEntry("Lucca-Signature", "X+mYYTQeIMwAhLq0kDIJZDjJ8QdZf/rmzFdU8ATIC9s=");
  }

  @Test
  void st1() {
    assertThat(
            Signers.stripe("whsec_test_secret")
                .sign(
                    utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}"),
                    Instant.ofEpochSecond(1700000000)))
        .containsExactly(
            java.util.Map.entry(
                "Stripe-Signature",
                "t=1700000000,v1=7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698"));
  }

  @Test
  void luccaTimestampIsTruncatedToSeconds() {
    assertThat(Signers.lucca("s").sign(utf8("{}"), Instant.parse("2025-01-01T08:34:23.987654Z")))
        .containsEntry("Lucca-Timestamp", "2025-01-01T08:34:23Z");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
