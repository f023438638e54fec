package dev.hookline.receiver.spring.autoconfigure;

import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static dev.hookline.receiver.spring.StartupFailures.setting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.jdbc.JdbcInbox;
import dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration;
import dev.hookline.receiver.test.TestSigners;
import java.io.InputStream;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code hookline.inbox.type} chooses the inbox; {@code hookline.inbox.store}, its former name,
 * still does, is deprecated in the configuration metadata, and must not disagree with it.
 */
class InboxTypePropertyTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class, HooklineObservabilityAutoConfiguration.class))
          .withPropertyValues(
              "hookline.endpoints.lucca.path=/webhooks/lucca",
              "hookline.endpoints.lucca.provider=lucca",
              "hookline.endpoints.lucca.secrets[0]=" + TestSigners.LUCCA_SECRET,
              "hookline.endpoints.lucca.mode=async",
              "hookline.inbox.create-table=true");

  @ParameterizedTest
  @ValueSource(strings = {"hookline.inbox.type", "hookline.inbox.store"})
  void eitherNameChoosesTheJdbcInbox(String property) {
    runner
        .withPropertyValues(property + "=jdbc")
        .withBean(DataSource.class, InboxTypePropertyTest::h2)
        .run(context -> assertThat(inboxOf(context)).isInstanceOf(JdbcInbox.class));
  }

  @Test
  void bothNamesAgreeingChooseTheirInbox() {
    runner
        .withPropertyValues("hookline.inbox.type=jdbc", "hookline.inbox.store=jdbc")
        .withBean(DataSource.class, InboxTypePropertyTest::h2)
        .run(context -> assertThat(inboxOf(context)).isInstanceOf(JdbcInbox.class));
  }

  @Test
  void neitherNameChoosesTheMemoryInbox() {
    runner
        .withBean(DataSource.class, InboxTypePropertyTest::h2)
        .run(context -> assertThat(inboxOf(context)).isInstanceOf(InMemoryInbox.class));
  }

  @Test
  void bothNamesChoosingDifferentInboxesFailStartup() {
    runner
        .withPropertyValues("hookline.inbox.type=kafka", "hookline.inbox.store=jdbc")
        .withBean(DataSource.class, InboxTypePropertyTest::h2)
        .run(
            context -> {
              assertThat(configurationFailure(context))
                  .hasMessage(
                      "hookline.inbox.type=kafka and its deprecated name hookline.inbox.store=jdbc"
                          + " choose different inboxes; set hookline.inbox.type alone");
              assertThat(setting(context)).contains("hookline.inbox.type");
            });
  }

  @Test
  void theKafkaInboxIsChosenByTheDocumentedNameAndItsMessagesNameIt() {
    runner
        .withPropertyValues("hookline.inbox.type=kafka")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.inbox.type=kafka needs hookline.inbox.kafka.bootstrap-servers or"
                            + " spring.kafka.bootstrap-servers"));
    runner
        .withPropertyValues("hookline.inbox.type=redis")
        .run(
            context -> {
              assertThat(configurationFailure(context))
                  .hasMessage(
                      "hookline.inbox.type=redis is not an inbox: the inbox stores are memory,"
                          + " jdbc and kafka");
              assertThat(setting(context)).contains("hookline.inbox.type");
            });
  }

  @Test
  void theMetadataDocumentsTheTypeAndDeprecatesTheStore() throws Exception {
    JsonNode properties;
    try (InputStream metadata =
        Objects.requireNonNull(
            getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json"))) {
      properties = new ObjectMapper().readTree(metadata).get("properties");
    }
    JsonNode type = property(properties, "hookline.inbox.type");
    JsonNode store = property(properties, "hookline.inbox.store");

    assertThat(type.path("description").asText()).startsWith("memory (default; not durable)");
    assertThat(type.path("defaultValue").asText()).isEqualTo("memory");
    assertThat(type.has("deprecated")).isFalse();
    assertThat(store.path("deprecated").asBoolean()).isTrue();
    assertThat(store.path("deprecation").path("replacement").asText())
        .isEqualTo("hookline.inbox.type");
  }

  private static JsonNode property(JsonNode properties, String name) {
    return StreamSupport.stream(properties.spliterator(), false)
        .filter(property -> property.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metadata for " + name));
  }

  private static Object inboxOf(
      org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    WebhookReceiver lucca =
        context.getBean(HooklineReceivers.class).receiver("lucca").orElseThrow();
    return lucca.inbox().orElseThrow();
  }

  private static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:inbox-type-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }
}
