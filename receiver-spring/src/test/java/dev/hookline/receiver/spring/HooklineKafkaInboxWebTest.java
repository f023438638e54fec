package dev.hookline.receiver.spring;

import dev.hookline.receiver.test.TestSigners;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An asynchronous endpoint on the Kafka inbox ({@code hookline.inbox.type=kafka}) and a KRaft
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
      "hookline.inbox.type=kafka",
      "hookline.inbox.workers=1",
      "hookline.inbox.max-attempts=2",
      "hookline.inbox.initial-backoff=10ms",
      "hookline.inbox.max-backoff=20ms",
      "management.endpoints.web.exposure.include=health,hookline",
      "management.endpoint.health.show-details=always"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HooklineKafkaInboxWebTest extends AsyncEndpointWebContract {

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
  @Import({AsyncListeners.class, OpenSecurity.class})
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
  }
}
