package dev.hookline.receiver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.servlet.WebhookFilter;
import dev.hookline.receiver.test.TestSigners;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The store while its Redis server is killed and started again: a {@code redis-server} of the
 * test's own (on a free port, without persistence), behind a receiver in embedded Jetty reached
 * over real HTTP. Skipped when {@code redis-server} is not on the PATH.
 */
@Tag("services")
class RedisRestartTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void whileRedisIsDownOperationsFailWithinTheTimeoutAndRequestsAre503ThenItWorksAgain()
      throws Exception {
    assumeTrue(RedisServerProcess.available(), "redis-server is not on the PATH");
    try (RedisServerProcess server = RedisServerProcess.start()) {
      RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
      RedisIdempotencyStore store = RedisIdempotencyStore.builder(client).timeout(TIMEOUT).build();
      Server jetty = jetty(store);
      try {
        URI endpoint =
            URI.create(
                "http://127.0.0.1:"
                    + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
                    + "/webhooks/lucca");
        assertThat(post(endpoint, "evt-before").statusCode()).isEqualTo(200);
        Claim held = store.claim("held");
        assertThat(held.status()).isEqualTo(ClaimStatus.NEW);

        server.kill();

        // Each operation gives up after the timeout instead of waiting for the server.
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> {
              assertThatThrownBy(() -> store.claim("evt"))
                  .isInstanceOf(IdempotencyStoreException.class)
                  .hasMessageStartingWith(
                      "Redis idempotency store failed to claim (key prefix hookline:idempotency:, ")
                  .hasMessageNotContaining("evt");
              assertThatThrownBy(() -> store.complete(held))
                  .isInstanceOf(IdempotencyStoreException.class)
                  .hasMessageStartingWith("Redis idempotency store failed to complete");
              assertThatThrownBy(() -> store.release(held))
                  .isInstanceOf(IdempotencyStoreException.class)
                  .hasMessageStartingWith("Redis idempotency store failed to release");
              assertThatThrownBy(store::check)
                  .isInstanceOf(IdempotencyStoreException.class)
                  .hasMessageStartingWith("Redis idempotency store failed to check");
            });
        HttpResponse<String> whileDown = post(endpoint, "evt-during");
        assertThat(whileDown.statusCode()).isEqualTo(503);
        assertThat(whileDown.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(whileDown.body()).isEqualTo("deduplication store unavailable; retry later");
        assertThat(runs).doesNotContainKey("evt-during");

        server.restart();
        // The sender retries until the store's connection is back (Lettuce reconnects by itself).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        while ((status = post(endpoint, "evt-during").statusCode()) == 503) {
          assertThat(System.nanoTime()).as("served again within 60 s").isLessThan(deadline);
          Thread.sleep(100);
        }
        HttpResponse<String> retry = post(endpoint, "evt-during");

        assertThat(status).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(runs.get("evt-during")).hasValue(1);
        store.check();
        // The restarted server had no scripts cached: the completion ran by EVAL.
        try (StatefulRedisConnection<String, String> look = client.connect()) {
          assertThat(
                  look.sync()
                      .get("hookline:idempotency:lucca|" + LuccaFixtures.SOURCE + "|evt-during"))
              .isEqualTo("done");
        }
      } finally {
        jetty.stop();
        store.close();
        client.shutdown();
      }
    }
  }

  /** A receiver on the store at {@code /webhooks/lucca} in Jetty, on a random port. */
  private Server jetty(RedisIdempotencyStore store) throws Exception {
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .idempotencyStore(store)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event ->
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet())
            .build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(WebhookFilter.builder().endpoint("/webhooks/lucca", receiver).build()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Posts a signed {@code employee.updated} delivery of the event id. */
  private HttpResponse<String> post(URI endpoint, String eventId)
      throws IOException, InterruptedException {
    SignedRequests delivery =
        SignedRequests.lucca(TestSigners.LUCCA_SECRET)
            .event(LuccaFixtures.employeeUpdated().id(eventId));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
    delivery.headers().forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
