package dev.hookline.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.spring.lifecycle.HooklineLifecycles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A Lucca lifecycle tenant configured but no replay password: the lifecycle exists, its actuator
 * endpoint is not exposed, like the replay endpoint. Lucca is never called, so its host need not
 * answer.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "HOOKLINE_REPLAY_PASSWORD=",
      "hookline.endpoints.customers.path=/webhooks/customers/{tenant}",
      "hookline.endpoints.customers.provider=lucca",
      "hookline.vault.keys.k1=" + LifecycleActuatorTest.KEY,
      "hookline.vault.current-key=k1",
      "hookline.vault.create-table=true",
      "hookline.providers.lucca.lifecycle.endpoint=customers",
      "hookline.providers.lucca.lifecycle.topics[0]=employee.*",
      "hookline.providers.lucca.lifecycle.token-url=http://localhost:9/connect/token",
      "hookline.providers.lucca.lifecycle.tenants.acme.host=http://localhost:9",
      "hookline.providers.lucca.lifecycle.tenants.acme.client-id=acme-client",
      "hookline.providers.lucca.lifecycle.tenants.acme.client-secret=acme-client-secret-TEST",
      "hookline.providers.lucca.lifecycle.tenants.acme.webhook-url="
          + LifecycleActuatorTest.WEBHOOK_URL
    })
@Import(LifecycleActuatorTest.VaultDatabase.class)
class LifecycleWithoutPasswordTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired HooklineLifecycles lifecycles;

  @Test
  void theLifecycleEndpointIsNotExposed() throws Exception {
    HttpResponse<String> provision =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/hooklinelifecycle/acme"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"provision\"}"))
                .header("Content-Type", "application/json")
                .header("Authorization", ReplayActuatorTest.basic("replay", ""))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> links =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(lifecycles.tenants()).containsExactly("acme");
    assertThat(provision.statusCode()).isEqualTo(404);
    assertThat(links.statusCode()).isEqualTo(200);
    assertThat(links.body()).contains("/actuator/hookline").doesNotContain("hooklinelifecycle");
  }
}
