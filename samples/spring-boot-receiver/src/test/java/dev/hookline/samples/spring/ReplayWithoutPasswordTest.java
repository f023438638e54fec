package dev.hookline.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.spring.replay.HooklineReplays;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Lucca API variables set but no replay password: the clients exist, the replay endpoint is not
 * exposed, and startup says so once. The API is never called, so its host need not answer.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "LUCCA_API_HOST=http://localhost:9",
      "LUCCA_CLIENT_ID=hookline-sample",
      "LUCCA_CLIENT_SECRET=" + ReplayWithoutPasswordTest.CLIENT_SECRET,
      "ARTA_API_KEY=" + ReplayWithoutPasswordTest.API_KEY,
      "hookline.providers.arta.api.host=http://localhost:9",
      "HOOKLINE_REPLAY_PASSWORD="
    })
@ExtendWith(OutputCaptureExtension.class)
class ReplayWithoutPasswordTest {

  static final String CLIENT_SECRET = "lucca-client-secret-TEST";
  static final String API_KEY = "arta-api-key-TEST";

  private final HttpClient http = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired HooklineReplays replays;

  @Test
  void replayIsNotExposedAndStartupSaysSoOnce(CapturedOutput output) throws Exception {
    HttpResponse<String> replay =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/hooklinereplay/lucca"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"lookback\":\"1h\"}"))
                .header("Content-Type", "application/json")
                .header("Authorization", ReplayActuatorTest.basic("replay", ""))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> links =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(replays.providers()).containsOnly("lucca", "arta");
    assertThat(replay.statusCode()).isEqualTo(404);
    assertThat(links.statusCode()).isEqualTo(200);
    assertThat(links.body()).contains("/actuator/hookline").doesNotContain("hooklinereplay");
    assertThat(output.getOut().split("HOOKLINE_REPLAY_PASSWORD is not set", -1)).hasSize(2);
    assertThat(output.getOut())
        .contains(
            "*** HOOKLINE_REPLAY_PASSWORD is not set: replay (POST"
                + " /actuator/hooklinereplay/lucca, POST /actuator/hooklinereplay/arta) is not"
                + " exposed.")
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain(API_KEY)
        .doesNotContain("generated security password");
  }
}
