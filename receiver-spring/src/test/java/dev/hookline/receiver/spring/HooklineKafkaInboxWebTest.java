package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.test.TestSigners;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An asynchronous endpoint on the Kafka inbox ({@code hookline.inbox.store=kafka}) and a KRaft
 * cluster in the test JVM: 202, the workers as the receivers' lifecycle, a duplicate answered 200,
 * the backlog and dead gauges, dead messages listed and requeued through the actuator.
 */
@SpringBootTest(
    classes = HooklineKafkaInboxWebTest.KafkaApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.mode=async",
      "hookline.endpoints.lucca.secrets=" + TestSigners.LUCCA_SECRET,
      "hookline.inbox.store=kafka",
      "hookline.inbox.workers=1",
      "hookline.inbox.max-attempts=2",
      "hookline.inbox.initial-backoff=10ms",
      "hookline.inbox.max-backoff=20ms",
      "management.endpoints.web.exposure.include=health,hookline",
      "management.endpoint.health.show-details=always"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HooklineKafkaInboxWebTest {

  /**
   * A one-node KRaft cluster in the test JVM, with the endpoint's topics; left to the JVM's exit.
   */
  private static KafkaClusterTestKit cluster;

  @DynamicPropertySource
  static synchronized void kafka(DynamicPropertyRegistry registry) throws Exception {
    if (cluster == null) {
      cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("hookline.lucca", 2, (short) 1),
                    new NewTopic("hookline.lucca.dead", 1, (short) 1)
                        .configs(
                            Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT))))
            .all()
            .get();
      }
    }
    // The application's own Kafka setting, which the inbox falls back to.
    registry.add("spring.kafka.bootstrap-servers", cluster::bootstrapServers);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(KafkaListeners.class)
  static class KafkaApplication {

    /**
     * Created before the starter's beans, so destroyed after them: the cluster outlives the inbox.
     */
    @Bean
    DisposableBean kafkaCluster() {
      return () -> {
        synchronized (HooklineKafkaInboxWebTest.class) {
          if (cluster != null) {
            cluster.close();
            cluster = null;
          }
        }
      };
    }

    /** The actuator's POST needs no CSRF token in this test; webhook paths never do. */
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }
  }

  /** Records handled ids; fails on topic employee.deleted until told otherwise. */
  static class KafkaListeners {
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

  @Autowired KafkaListeners listeners;

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
    assertThat(health.body()).contains("\"inbox.lucca\":{\"backlog\":0,\"dead\":1}");
    assertThat(requeue.body()).contains("\"requeued\":true");
  }
}
