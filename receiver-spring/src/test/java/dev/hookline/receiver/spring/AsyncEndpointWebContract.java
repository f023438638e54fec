package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.SignedRequests;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What an asynchronous endpoint does over HTTP whatever its inbox: 202, the workers, a duplicate
 * answered 200, the backlog and dead gauges, a dead message listed and requeued through the
 * actuator. A subclass starts the application (importing {@link AsyncListeners} and {@link
 * OpenSecurity}) with its inbox's properties.
 */
abstract class AsyncEndpointWebContract {

  /** The actuator's POST needs no CSRF token in these tests; webhook paths never do. */
  @Configuration(proxyBeanMethods = false)
  static class OpenSecurity {
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }
  }

  /** Records handled ids; fails on topic employee.deleted until told otherwise. */
  static class AsyncListeners {
    final List<String> handled = new CopyOnWriteArrayList<>();
    final AtomicBoolean broken = new AtomicBoolean(true);

    @WebhookListener(endpoint = "lucca", topic = "employee.*")
    public void on(WebhookEvent event) {
      if (event.topic().equals("employee.deleted") && broken.get()) {
        throw new IllegalStateException("downstream rejects deletions");
      }
      handled.add(event.id());
    }
  }

  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired AsyncListeners listeners;

  @Autowired MeterRegistry registry;

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private HttpResponse<String> deliver(SignedRequests signed) throws Exception {
    HttpRequest.Builder request =
        at("/webhooks/lucca").POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(request::header);
    return send(request);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void acceptedEventIsAnswered202AndHandledByTheWorkers() throws Exception {
    SignedRequests signed = Deliveries.lucca("async-1", "employee.updated");

    HttpResponse<String> accepted = deliver(signed);
    await(() -> listeners.handled.contains("async-1"));
    HttpResponse<String> duplicate = deliver(signed);

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(duplicate.statusCode()).isEqualTo(200);
    assertThat(listeners.handled).containsOnlyOnce("async-1");
    assertThat(registry.get("hookline.inbox.backlog").tag("endpoint", "lucca").gauge().value())
        .isZero();
  }

  @Test
  void deadMessageIsListedByTheActuatorAndRequeued() throws Exception {
    assertThat(deliver(Deliveries.lucca("gone-1", "employee.deleted")).statusCode()).isEqualTo(202);
    await(
        () -> registry.get("hookline.inbox.dead").tag("endpoint", "lucca").gauge().value() == 1.0);

    HttpResponse<String> listing = send(at("/actuator/hookline/lucca").GET());
    HttpResponse<String> health = send(at("/actuator/health/hookline").GET());
    listeners.broken.set(false);
    HttpResponse<String> requeue =
        send(
            at("/actuator/hookline/lucca")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"key\":\"lucca|https://example.ilucca.net|gone-1\"}")));
    await(() -> listeners.handled.contains("gone-1"));

    assertThat(listing.body())
        .contains("\"mode\":\"async\"")
        .contains("\"key\":\"lucca|https://example.ilucca.net|gone-1\"")
        .contains("\"attempts\":2")
        .contains("downstream rejects deletions");
    assertThat(health.body()).contains("\"dead\":1");
    assertThat(requeue.body()).contains("\"requeued\":true");
  }
}
