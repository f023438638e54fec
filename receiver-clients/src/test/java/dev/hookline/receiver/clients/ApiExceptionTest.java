package dev.hookline.receiver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.clients.internal.ClientJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

  @Test
  void excerptIsBoundedMasksSecretsAndControlCharacters() {
    String body = "token=s3cr3t\n" + "x".repeat(1000);
    String excerpt = ApiException.excerpt(body, List.of("s3cr3t"));
    assertThat(excerpt)
        .doesNotContain("s3cr3t")
        .doesNotContain("\n")
        .startsWith("token=*** ")
        .hasSize(ApiException.MAX_EXCERPT_LENGTH + 1)
        .endsWith("…");
  }

  @Test
  void emptyBodyGivesEmptyExcerpt() {
    assertThat(ApiException.excerpt(null, List.of())).isEmpty();
    assertThat(ApiException.excerpt("", List.of())).isEmpty();
  }

  @Test
  void timestampsWithoutZoneAreUtc() {
    assertThat(ClientJson.instant("2021-10-27T16:48:38.657228"))
        .isEqualTo(Instant.parse("2021-10-27T16:48:38.657228Z"));
    assertThat(ClientJson.instant("2024-04-15T23:12:54.0001Z"))
        .isEqualTo(Instant.parse("2024-04-15T23:12:54.000100Z"));
    assertThat(ClientJson.instant("2024-04-15T23:12:54+02:00"))
        .isEqualTo(Instant.parse("2024-04-15T21:12:54Z"));
    assertThatThrownBy(() -> ClientJson.instant("yesterday"))
        .isInstanceOf(java.time.DateTimeException.class);
  }
}
