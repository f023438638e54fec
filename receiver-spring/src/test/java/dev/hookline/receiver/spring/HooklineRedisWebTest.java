package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.redis.RedisIdempotencyStore;
import dev.hookline.receiver.test.TestSigners;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Redis store over real HTTP, on the application's Redis connection ({@code
 * spring.data.redis.*}, here the machine's server at 127.0.0.1:6379): runs with {@code -Pservices}.
 * Its keys go under a prefix of this run's own, deleted afterwards.
 */
@Tag("services")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=" + TestSigners.LUCCA_SECRET,
      "hookline.idempotency.store=redis",
      "spring.data.redis.host=127.0.0.1",
      "spring.data.redis.port=6379",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always"
    })
class HooklineRedisWebTest {

  /** This run's own key prefix. */
  private static final String PREFIX = "hookline-test:spring-" + UUID.randomUUID() + ":";

  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired RecordingListeners listeners;

  @Autowired IdempotencyStore store;

  @Autowired StringRedisTemplate redis;

  @DynamicPropertySource
  static void keyPrefix(DynamicPropertyRegistry registry) {
    registry.add("hookline.idempotency.key-prefix", () -> PREFIX);
  }

  @AfterAll
  void deleteKeys() {
    Set<String> keys = redis.keys(PREFIX + "*");
    if (keys != null && !keys.isEmpty()) {
      redis.delete(keys);
    }
  }

  @Test
  void deliveryReceivedTwiceRunsItsListenersOnceAndIsRememberedInRedis() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests delivery = Deliveries.lucca(id, "employee.updated");

    HttpResponse<String> first = post(delivery);
    HttpResponse<String> second = post(delivery);

    assertThat(store).isInstanceOf(RedisIdempotencyStore.class);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(listeners.calls)
        .as("the typed and the raw listener of employee.updated, once each")
        .hasSize(2)
        .anyMatch(call -> call.startsWith("typed "))
        .anyMatch(call -> call.startsWith("raw employee.updated "));
    Set<String> keys = redis.keys(PREFIX + "*");
    assertThat(keys).hasSize(1).allMatch(key -> key.endsWith("|" + id));
    assertThat(redis.opsForValue().get(keys.iterator().next())).isEqualTo("done");
  }

  @Test
  void healthChecksTheRedisStore() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health/hookline"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"status\":\"UP\"")
        .contains("\"store\":\"RedisIdempotencyStore\"");
  }

  private HttpResponse<String> post(SignedRequests signed) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/lucca"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
