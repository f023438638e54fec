package dev.hookline.receiver.spring.autoconfigure;

import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static dev.hookline.receiver.spring.StartupFailures.setting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.Signers;
import dev.hookline.receiver.fixtures.StandardWebhooksFixtures;
import dev.hookline.receiver.fixtures.StripeFixtures;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.redis.RedisIdempotencyStore;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.TimestampFormat;
import dev.hookline.receiver.signature.WebhookSigner;
import dev.hookline.receiver.spring.Deliveries;
import dev.hookline.receiver.spring.RecordingListeners;
import dev.hookline.receiver.spring.WebhookListener;
import dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration;
import dev.hookline.receiver.test.TestSigners;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Every condition and property of the auto-configuration, on the Boot line under test. */
class HooklineAutoConfigurationTest {

  private static final String[] LUCCA = {
    "hookline.endpoints.lucca.path=/webhooks/lucca",
    "hookline.endpoints.lucca.provider=lucca",
    "hookline.endpoints.lucca.secrets[0]=" + TestSigners.LUCCA_SECRET
  };

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class, HooklineObservabilityAutoConfiguration.class));

  private final WebApplicationContextRunner webRunner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class, HooklineObservabilityAutoConfiguration.class));

  @Test
  void withoutEndpointsTheReceiversAreEmptyAndTheFilterIsDisabled() {
    webRunner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(HooklineReceivers.class).receivers()).isEmpty();
          assertThat(context.getBean("hooklineFilter", FilterRegistrationBean.class).isEnabled())
              .isFalse();
        });
  }

  @Test
  void servletApplicationGetsTheFilterOnTheEndpointPaths() {
    webRunner
        .withPropertyValues(LUCCA)
        .run(
            context -> {
              FilterRegistrationBean<?> registration =
                  context.getBean("hooklineFilter", FilterRegistrationBean.class);
              assertThat(registration.isEnabled()).isTrue();
              assertThat(registration.getUrlPatterns())
                  .containsExactly("/webhooks/lucca", "/webhooks/lucca/");
              assertThat(registration.getOrder()).isLessThan(-100);
            });
  }

  @Test
  void nonWebApplicationGetsReceiversButNoFilter() {
    runner
        .withPropertyValues(LUCCA)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("hooklineFilter");
              assertThat(context.getBean(HooklineReceivers.class).receiver("lucca")).isPresent();
            });
  }

  @Test
  void everyProviderBuildsWithItsDefaults() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.standard.path=/webhooks/standard",
            "hookline.endpoints.standard.provider=standard-webhooks",
            "hookline.endpoints.standard.secrets=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "hookline.endpoints.github.path=/webhooks/github",
            "hookline.endpoints.github.provider=github",
            "hookline.endpoints.github.secrets=gh",
            "hookline.endpoints.stripe.path=/webhooks/stripe",
            "hookline.endpoints.stripe.provider=stripe",
            "hookline.endpoints.stripe.secrets=whsec_test_secret",
            "hookline.endpoints.stripe.tolerance=30s",
            "hookline.endpoints.arta.path=/webhooks/arta",
            "hookline.endpoints.arta.provider=arta",
            "hookline.endpoints.arta.verifier.type=unverified",
            "hookline.endpoints.arta.verifier.reason=Arta documents no signature scheme",
            "hookline.endpoints.shopify.path=/webhooks/shopify",
            "hookline.endpoints.shopify.provider=custom",
            "hookline.endpoints.shopify.secrets=shpss",
            "hookline.endpoints.shopify.verifier.type=hmac",
            "hookline.endpoints.shopify.verifier.header=X-Shopify-Hmac-Sha256",
            "hookline.endpoints.shopify.verifier.encoding=base64",
            "hookline.endpoints.shopify.max-body-size=64KB")
        .run(
            context -> {
              HooklineReceivers receivers = context.getBean(HooklineReceivers.class);
              assertThat(receivers.receivers())
                  .containsOnlyKeys("lucca", "standard", "github", "stripe", "arta", "shopify");
              assertThat(receivers.receiver("lucca").orElseThrow().challengeEnabled()).isTrue();
              assertThat(receivers.receiver("github").orElseThrow().challengeEnabled()).isFalse();
              assertThat(receivers.receiver("shopify").orElseThrow().maxBodySize())
                  .isEqualTo(64 * 1024);
              assertThat(receivers.receiver("shopify").orElseThrow().toString())
                  .contains("X-Shopify-Hmac-Sha256")
                  .doesNotContain("shpss");
              assertThat(receivers.receiver("arta").orElseThrow().toString())
                  .contains("unverified");
            });
  }

  @Test
  void toleranceComesFromTheProperty() {
    SignedRequests late30s =
        Deliveries.lucca("late", "employee.updated")
            .at(java.time.Instant.now().minusSeconds(30))
            .path("/");
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.endpoints.lucca.tolerance=1s")
        .run(
            context -> {
              WebhookResponse late =
                  context
                      .getBean(HooklineReceivers.class)
                      .receiver("lucca")
                      .orElseThrow()
                      .receive(late30s.build());
              assertThat(late.status()).isEqualTo(401);
              assertThat(late.bodyText())
                  .contains("TIMESTAMP_OUT_OF_WINDOW")
                  .contains("tolerance is 1s");
            });
    runner
        .withPropertyValues(LUCCA)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(HooklineReceivers.class)
                            .receiver("lucca")
                            .orElseThrow()
                            .receive(late30s.build())
                            .status())
                    .isEqualTo(200));
  }

  @Test
  void challengeCanBeTurnedOff() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.endpoints.lucca.challenge=false")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(HooklineReceivers.class)
                            .receiver("lucca")
                            .orElseThrow()
                            .challengeEnabled())
                    .isFalse());
  }

  @Test
  void missingSecretFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(
            "hookline.endpoints.lucca.path=/webhooks/lucca",
            "hookline.endpoints.lucca.provider=lucca")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage("hookline.endpoints.lucca.secrets must list at least one secret"));
  }

  @Test
  void emptySecretFailsStartupNamingTheEndpoint() {
    runner
        .withPropertyValues(
            "hookline.endpoints.lucca.path=/webhooks/lucca",
            "hookline.endpoints.lucca.provider=lucca",
            "hookline.endpoints.lucca.secrets[0]=")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage("hookline.endpoints.lucca: secret #1 is empty"));
  }

  @Test
  void startupFailuresCarryThePropertyTheyNameAsTheirSetting() {
    runner
        .withPropertyValues(
            "hookline.endpoints.lucca.path=/webhooks/lucca",
            "hookline.endpoints.lucca.provider=lucca")
        .run(context -> assertThat(setting(context)).contains("hookline.endpoints.lucca.secrets"));
    runner
        .withPropertyValues(
            "hookline.endpoints.lucca.path=/webhooks/lucca",
            "hookline.endpoints.lucca.provider=lucca",
            "hookline.endpoints.lucca.secrets[0]=")
        .run(context -> assertThat(setting(context)).contains("hookline.endpoints.lucca"));
    runner
        .withPropertyValues("hookline.idempotency.store=jdbc")
        .run(context -> assertThat(setting(context)).contains("hookline.idempotency.store"));
    runner
        .withPropertyValues(LUCCA)
        .withBean(UnknownEndpointListener.class)
        .run(context -> assertThat(setting(context)).isEmpty());
  }

  @Test
  void anEndpointsOrderingKeyIsNoneOrJsonPointers() {
    for (String valid : List.of("none", "/employee/id", "/type,/id")) {
      runner
          .withPropertyValues(LUCCA)
          .withPropertyValues("hookline.endpoints.lucca.ordering-key=" + valid)
          .run(context -> assertThat(context).hasNotFailed());
    }
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.endpoints.lucca.ordering-key=employee.id")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.endpoints.lucca.ordering-key must be none or JSON pointers into"
                            + " the data, each starting with /, but was [employee.id]"));
  }

  @Test
  void twoEndpointsOnOnePathFailStartup() {
    assertOtherEndpointOnPathFailsStartup(
        "/webhooks/lucca",
        "hookline.endpoints.lucca.path and hookline.endpoints.other.path are both"
            + " \"/webhooks/lucca\"; each endpoint needs its own path");
  }

  @Test
  void pathsDifferingOnlyInATrailingSlashFailStartupAsOnePath() {
    assertOtherEndpointOnPathFailsStartup(
        "/webhooks/lucca/",
        "hookline.endpoints.lucca.path and hookline.endpoints.other.path are"
            + " \"/webhooks/lucca\" and \"/webhooks/lucca/\", which the filter"
            + " answers alike; each endpoint needs its own path");
  }

  @Test
  void twoEndpointsOfOneProviderSharingASecretFailStartupWithoutPrintingIt() {
    String shared = TestSigners.LUCCA_SECRET;
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.other.path=/webhooks/other",
            "hookline.endpoints.other.provider=lucca",
            "hookline.endpoints.other.secrets[0]=fresh",
            "hookline.endpoints.other.secrets[1]=" + shared)
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.endpoints.other.secrets share a secret with"
                            + " hookline.endpoints.lucca, of the same provider (lucca): no provider"
                            + " signs the URL, so a delivery signed for one endpoint would verify"
                            + " at the other and run its handlers there too; give each endpoint"
                            + " its own secrets")
                    .message()
                    .doesNotContain(shared));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.tenants.path=/webhooks/lucca/{tenant}",
            "hookline.endpoints.tenants.provider=lucca",
            "hookline.endpoints.tenants.tenants.acme.secrets[0]=" + shared)
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith(
                        "hookline.endpoints.tenants.tenants share a secret with"
                            + " hookline.endpoints.lucca, of the same provider (lucca)"));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.other.path=/webhooks/other",
            "hookline.endpoints.other.provider=github",
            "hookline.endpoints.other.secrets=" + shared)
        .run(context -> assertThat(context).hasNotFailed());
  }

  /** A GitHub endpoint named other on the path, beside the Lucca one, fails with the message. */
  private void assertOtherEndpointOnPathFailsStartup(String path, String message) {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.other.path=" + path,
            "hookline.endpoints.other.provider=github",
            "hookline.endpoints.other.secrets=x")
        .run(context -> assertThat(configurationFailure(context)).hasMessage(message));
  }

  @Test
  void missingProviderAndPathFailStartup() {
    runner
        .withPropertyValues("hookline.endpoints.x.path=/x")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith("hookline.endpoints.x.provider must be set"));
    runner
        .withPropertyValues("hookline.endpoints.x.provider=github")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith("hookline.endpoints.x.path must be set"));
  }

  @Test
  void artaNeedsAnExplicitVerifier() {
    runner
        .withPropertyValues(
            "hookline.endpoints.arta.path=/webhooks/arta", "hookline.endpoints.arta.provider=arta")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith(
                        "hookline.endpoints.arta.verifier.type must be set to hmac or unverified"));
    runner
        .withPropertyValues(
            "hookline.endpoints.arta.path=/webhooks/arta",
            "hookline.endpoints.arta.provider=arta",
            "hookline.endpoints.arta.verifier.type=unverified")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith(
                        "hookline.endpoints.arta.verifier.reason must say why"));
  }

  @Test
  void listenerNamingAnUnknownEndpointFailsStartupNamingTheMethod() {
    runner
        .withPropertyValues(LUCCA)
        .withBean(UnknownEndpointListener.class)
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "@WebhookListener "
                            + UnknownEndpointListener.class.getName()
                            + ".on() names the endpoint \"hr\", but hookline.endpoints has [lucca]"));
  }

  @Test
  void listenerWithAnUnresolvableParameterFailsStartupNamingTheMethod() {
    runner
        .withPropertyValues(LUCCA)
        .withBean(UnresolvableListener.class)
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith(
                        "@WebhookListener "
                            + UnresolvableListener.class.getName()
                            + ".on(): cannot resolve parameter #2 (int)"));
  }

  @Test
  void listenerMethodsGetEveryParameterKindAndAThrowingOneAnswers500() {
    runner
        .withPropertyValues(LUCCA)
        .withBean(RecordingListeners.class)
        .run(
            context -> {
              WebhookReceiver lucca =
                  context.getBean(HooklineReceivers.class).receiver("lucca").orElseThrow();
              RecordingListeners listeners = context.getBean(RecordingListeners.class);

              WebhookResponse updated =
                  lucca.receive(
                      Deliveries.lucca(UUID.randomUUID().toString(), "employee.updated")
                          .path("/webhooks/lucca")
                          .build());
              WebhookResponse deleted =
                  lucca.receive(
                      Deliveries.lucca("gone", "employee.deleted").path("/webhooks/lucca").build());

              assertThat(updated.status()).isEqualTo(200);
              assertThat(deleted.status()).isEqualTo(503);
              assertThat(listeners.calls)
                  .containsExactly(
                      "typed Ed->Edward changed=[givenName]",
                      "raw employee.updated ts=true absent=null body=true data=Atkinson",
                      "failing gone",
                      "raw employee.deleted ts=true absent=null body=true data=Atkinson");
            });
  }

  @Test
  void userBeansReplaceTheStoreAndSeeEveryDelivery() {
    IdempotencyStore custom = InMemoryIdempotencyStore.builder().maxEntries(10).build();
    List<String> seen = new CopyOnWriteArrayList<>();
    ReceiverListener recorder =
        new ReceiverListener() {
          @Override
          public void handled(WebhookEvent event, Duration duration) {
            seen.add(event.id());
          }
        };
    runner
        .withPropertyValues(LUCCA)
        .withBean(IdempotencyStore.class, () -> custom)
        .withBean(ReceiverListener.class, () -> recorder)
        .withBean(RecordingListeners.class)
        .run(
            context -> {
              assertThat(context.getBean(IdempotencyStore.class)).isSameAs(custom);
              context
                  .getBean(HooklineReceivers.class)
                  .receiver("lucca")
                  .orElseThrow()
                  .receive(Deliveries.lucca("42", "employee.updated").path("/").build());
              assertThat(seen).containsExactly("42");
              assertThat(((InMemoryIdempotencyStore) custom).size()).isEqualTo(1);
            });
  }

  @Test
  void jdbcStoreIsBuiltOnTheApplicationsDataSource() {
    javax.sql.DataSource dataSource = h2("spring");
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.idempotency.store=jdbc",
            "hookline.idempotency.table=webhook_keys",
            "hookline.idempotency.create-table=true")
        .withBean(javax.sql.DataSource.class, () -> dataSource)
        .withBean(RecordingListeners.class)
        .run(
            context -> {
              assertThat(context.getBean(IdempotencyStore.class))
                  .isInstanceOf(dev.hookline.receiver.jdbc.JdbcIdempotencyStore.class);
              WebhookReceiver lucca =
                  context.getBean(HooklineReceivers.class).receiver("lucca").orElseThrow();
              SignedRequests signed = Deliveries.lucca("jdbc-1", "employee.created");

              assertThat(lucca.receive(signed.path("/").build()).status()).isEqualTo(200);
              assertThat(lucca.receive(signed.path("/").build()).status()).isEqualTo(200);
              assertThat(context.getBean(RecordingListeners.class).calls).hasSize(1);
              assertThat(rowCount(dataSource, "webhook_keys")).isEqualTo(1);
            });
  }

  @Test
  void jdbcStoreWaitsForTheFlushOfCompletionsOnlyWhenAsked() {
    javax.sql.DataSource dataSource = h2("flush");
    ApplicationContextRunner jdbc =
        runner
            .withPropertyValues(LUCCA)
            .withPropertyValues(
                "hookline.idempotency.store=jdbc", "hookline.idempotency.create-table=true")
            .withBean(javax.sql.DataSource.class, () -> dataSource);

    jdbc.run(
        context ->
            assertThat(context.getBean(IdempotencyStore.class).toString())
                .doesNotContain("flushCompletions"));
    jdbc.withPropertyValues("hookline.idempotency.flush-completions=true")
        .run(
            context ->
                assertThat(context.getBean(IdempotencyStore.class).toString())
                    .endsWith(", flushCompletions=true]"));
  }

  @Test
  void asyncEndpointWithAJdbcInboxStoresEventsInItsOwnTable() {
    javax.sql.DataSource dataSource = h2("inbox");
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.lucca.mode=async",
            "hookline.inbox.store=jdbc",
            "hookline.inbox.create-table=true")
        .withBean(javax.sql.DataSource.class, () -> dataSource)
        .withBean(RecordingListeners.class)
        .run(
            context -> {
              WebhookReceiver lucca =
                  context.getBean(HooklineReceivers.class).receiver("lucca").orElseThrow();
              SignedRequests signed = Deliveries.lucca("inbox-1", "employee.created");

              assertThat(lucca.inbox().orElseThrow())
                  .isInstanceOf(dev.hookline.receiver.jdbc.JdbcInbox.class);
              assertThat(lucca.receive(signed.path("/").build()).status()).isEqualTo(202);
              assertThat(lucca.receive(signed.path("/").build()).status()).isEqualTo(200);
              assertThat(rowCount(dataSource, "hookline_inbox_lucca")).isEqualTo(1);
            });
  }

  @Test
  void jdbcStoreWithoutADataSourceFailsStartupSayingWhy() {
    runner
        .withPropertyValues("hookline.idempotency.store=jdbc")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.idempotency.store=jdbc needs dev.hookline:receiver-jdbc on the"
                            + " classpath and a DataSource bean"));
  }

  @Test
  void redisStoreIsBuiltOnTheLettuceClientOfTheApplicationsConnectionFactory() {
    runner
        .withPropertyValues(
            "hookline.idempotency.store=redis",
            "hookline.idempotency.key-prefix=app:webhooks:",
            "hookline.idempotency.timeout=500ms",
            "hookline.idempotency.lease=10s")
        .withBean(LettuceConnectionFactory.class, HooklineAutoConfigurationTest::standalone)
        .run(
            context ->
                assertThat(context.getBean(IdempotencyStore.class))
                    .isInstanceOf(RedisIdempotencyStore.class)
                    .hasToString(
                        "RedisIdempotencyStore[keyPrefix=app:webhooks:, lease=PT10S,"
                            + " retention=PT168H, timeout=PT0.5S]"));
  }

  @Test
  void redisStoreOnAClusterFailsStartupSayingWhy() {
    runner
        .withPropertyValues("hookline.idempotency.store=redis")
        .withBean(
            LettuceConnectionFactory.class,
            () ->
                new LettuceConnectionFactory(new RedisClusterConfiguration(List.of("127.0.0.1:1"))))
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.idempotency.store=redis needs a standalone or Sentinel Redis"
                            + " connection; Redis Cluster is not supported"));
  }

  @Test
  void redisStoreWithoutAConnectionFactoryOrReceiverRedisFailsStartupSayingWhy() {
    String message =
        "hookline.idempotency.store=redis needs dev.hookline:receiver-redis on the classpath and a"
            + " LettuceConnectionFactory bean (spring-boot-starter-data-redis)";
    runner
        .withPropertyValues("hookline.idempotency.store=redis")
        .run(context -> assertThat(configurationFailure(context)).hasMessage(message));
    runner
        .withPropertyValues("hookline.idempotency.store=redis")
        .withClassLoader(new FilteredClassLoader(RedisIdempotencyStore.class))
        .withBean(LettuceConnectionFactory.class, HooklineAutoConfigurationTest::standalone)
        .run(context -> assertThat(configurationFailure(context)).hasMessage(message));
  }

  @Test
  void withoutRedisOnTheClasspathTheDefaultStoreIsUnaffected() {
    runner
        .withClassLoader(
            new FilteredClassLoader(RedisIdempotencyStore.class, LettuceConnectionFactory.class))
        .run(
            context ->
                assertThat(context.getBean(IdempotencyStore.class))
                    .isInstanceOf(InMemoryIdempotencyStore.class));
  }

  @Test
  void redisIsNoInboxAndFailsStartupSayingWhy() {
    runner
        .withPropertyValues("hookline.inbox.store=redis")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.inbox.store=redis is not an inbox: the inbox stores are memory,"
                            + " jdbc and kafka"));
  }

  @Test
  void kafkaIsNoIdempotencyStoreAndAKafkaInboxNeedsItsCluster() {
    runner
        .withPropertyValues("hookline.idempotency.store=kafka")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.idempotency.store=kafka is not an idempotency store: Kafka is an"
                            + " inbox (hookline.inbox.store=kafka), guarded by the memory, jdbc or"
                            + " redis store"));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.inbox.store=kafka")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.inbox.store=kafka needs hookline.inbox.kafka.bootstrap-servers or"
                            + " spring.kafka.bootstrap-servers"));
  }

  /** A connection factory on 127.0.0.1:6379; it connects at its first command, which none sends. */
  private static LettuceConnectionFactory standalone() {
    return new LettuceConnectionFactory(new RedisStandaloneConfiguration());
  }

  @Test
  void storeSettingsComeFromProperties() {
    runner
        .withPropertyValues("hookline.idempotency.max-entries=5", "hookline.idempotency.lease=10s")
        .run(
            context ->
                assertThat(context.getBean(IdempotencyStore.class).toString())
                    .isEqualTo(
                        "InMemoryIdempotencyStore[maxEntries=5, lease=PT10S, retention=PT168H]"));
  }

  @Test
  void objectMapperCustomizersShapeBinding() {
    runner
        .withPropertyValues(LUCCA)
        .withBean(
            HooklineObjectMapperCustomizer.class,
            () ->
                mapper ->
                    mapper.setPropertyNamingStrategy(
                        com.fasterxml.jackson.databind.PropertyNamingStrategies.UPPER_CAMEL_CASE))
        .withBean(PascalListener.class)
        .run(
            context -> {
              context
                  .getBean(HooklineReceivers.class)
                  .receiver("lucca")
                  .orElseThrow()
                  .receive(
                      SignedRequests.lucca(TestSigners.LUCCA_SECRET)
                          .body(
                              "{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\","
                                  + "\"data\":{\"GivenName\":\"Ed\"}}")
                          .path("/")
                          .build());
              assertThat(context.getBean(PascalListener.class).names).containsExactly("Ed");
            });
  }

  @Test
  void customEndpointReadsConfiguredFieldsAndVerifiesWithTheConfiguredScheme() {
    String secret = "slack-signing-secret";
    runner
        .withPropertyValues(
            "hookline.endpoints.slack.path=/webhooks/slack",
            "hookline.endpoints.slack.provider=custom",
            "hookline.endpoints.slack.secrets=" + secret,
            "hookline.endpoints.slack.verifier.type=hmac",
            "hookline.endpoints.slack.verifier.header=X-Slack-Signature",
            "hookline.endpoints.slack.verifier.prefix=v0=",
            "hookline.endpoints.slack.verifier.encoding=hex",
            "hookline.endpoints.slack.verifier.timestamp-header=X-Slack-Request-Timestamp",
            "hookline.endpoints.slack.verifier.timestamp-format=unix-seconds",
            "hookline.endpoints.slack.verifier.signed-content=v0:{timestamp}:{body}",
            "hookline.endpoints.slack.reader.topic-field=event_type",
            "hookline.endpoints.slack.reader.id-field=event_id",
            "hookline.endpoints.slack.reader.data-field=event")
        .withBean(SlackListener.class)
        .run(
            context -> {
              WebhookSigner slack =
                  Signers.hmac()
                      .signatureHeader("X-Slack-Signature")
                      .prefix("v0=")
                      .encoding(SignatureEncoding.HEX)
                      .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Slack-Request-Timestamp")
                      .signedContent("v0:{timestamp}:{body}")
                      .scheme()
                      .signer(secret);
              WebhookResponse response =
                  context
                      .getBean(HooklineReceivers.class)
                      .receiver("slack")
                      .orElseThrow()
                      .receive(
                          SignedRequests.with("slack", slack)
                              .body(
                                  "{\"event_type\":\"app_mention\",\"event_id\":\"Ev1\","
                                      + "\"event\":{\"text\":\"hi\"}}")
                              .build());

              assertThat(response.status()).isEqualTo(200);
              assertThat(context.getBean(SlackListener.class).texts)
                  .containsExactly("app_mention Ev1 hi");
            });
  }

  @Test
  void binaryCloudEventsNeedSignedOrTrustedHeadersAndFramingsComeFromProperties() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.endpoints.lucca.framings=provider,cloudevents-binary")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith(
                        "hookline.endpoints.lucca: CloudEvents binary mode takes event identity"
                            + " from the headers [ce-id, ce-source, ce-type]"));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.endpoints.lucca.framings=provider,cloudevents-binary",
            "hookline.endpoints.lucca.trust-unsigned-headers=a gateway signs them")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(HooklineReceivers.class)
                            .receiver("lucca")
                            .orElseThrow()
                            .toString())
                    .startsWith("WebhookReceiver[endpoint=lucca, ")
                    .contains("framings=[PROVIDER, CLOUDEVENTS_BINARY]"));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.endpoints.lucca.framings=provider")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(HooklineReceivers.class)
                            .receiver("lucca")
                            .orElseThrow()
                            .toString())
                    .contains("framings=[PROVIDER]"));
  }

  @Test
  void endpointsSharingTheStoreKeepEqualEventIdsApart() {
    String key = "spring-shared-store-key";
    String svixSecret =
        "whsec_"
            + java.util.Base64.getEncoder()
                .encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    runner
        .withPropertyValues(
            "hookline.endpoints.stripe.path=/webhooks/stripe",
            "hookline.endpoints.stripe.provider=stripe",
            "hookline.endpoints.stripe.secrets[0]=" + key,
            "hookline.endpoints.svix.path=/webhooks/svix",
            "hookline.endpoints.svix.provider=standard-webhooks",
            "hookline.endpoints.svix.secrets[0]=" + svixSecret)
        .withBean(TwoEndpointListener.class)
        .run(
            context -> {
              HooklineReceivers receivers = context.getBean(HooklineReceivers.class);
              dev.hookline.receiver.core.WebhookRequest svix =
                  SignedRequests.standardWebhooks(svixSecret)
                      .event(StandardWebhooksFixtures.invoicePaid().id("evt_X"))
                      .build();
              dev.hookline.receiver.core.WebhookRequest stripe =
                  SignedRequests.stripe(key)
                      .event(StripeFixtures.customerCreated().id("evt_X"))
                      .build();

              assertThat(receivers.receiver("svix").orElseThrow().receive(svix).status())
                  .isEqualTo(200);
              assertThat(receivers.receiver("stripe").orElseThrow().receive(stripe).status())
                  .isEqualTo(200);
              assertThat(receivers.receiver("stripe").orElseThrow().receive(stripe).status())
                  .isEqualTo(200);
              assertThat(context.getBean(TwoEndpointListener.class).runs)
                  .containsExactly("svix evt_X", "stripe evt_X");
            });
  }

  static class TwoEndpointListener {
    final List<String> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "svix", topic = "*")
    public void onSvix(WebhookEvent event) {
      runs.add("svix " + event.id());
    }

    @WebhookListener(endpoint = "stripe", topic = "*")
    public void onStripe(WebhookEvent event) {
      runs.add("stripe " + event.id());
    }
  }

  @Test
  void aSecretWithACommaStaysWholeWhenGivenAsAList() {
    runner
        .withPropertyValues(
            "hookline.endpoints.split.path=/webhooks/split",
            "hookline.endpoints.split.provider=github",
            "hookline.endpoints.split.secrets=part-one,part-two",
            "hookline.endpoints.whole.path=/webhooks/whole",
            "hookline.endpoints.whole.provider=github",
            "hookline.endpoints.whole.secrets[0]=part-one,part-two")
        .run(
            context -> {
              HooklineReceivers receivers = context.getBean(HooklineReceivers.class);
              assertThat(receivers.receiver("split").orElseThrow().toString())
                  .contains("secrets=2");
              assertThat(receivers.receiver("whole").orElseThrow().toString())
                  .contains("secrets=1");
            });
  }

  @Test
  void standardWebhooksAcceptsPublicKeysAndGitHubTheLegacyHeaderWhenAsked() {
    runner
        .withPropertyValues(
            "hookline.endpoints.svix.path=/webhooks/svix",
            "hookline.endpoints.svix.provider=standard-webhooks",
            "hookline.endpoints.svix.public-keys=MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
            "hookline.endpoints.github.path=/webhooks/github",
            "hookline.endpoints.github.provider=github",
            "hookline.endpoints.github.secrets=s",
            "hookline.endpoints.github.legacy-sha1=true")
        .run(
            context -> {
              HooklineReceivers receivers = context.getBean(HooklineReceivers.class);
              assertThat(receivers.receiver("svix").orElseThrow().toString())
                  .contains("publicKeys=1")
                  .contains("secrets=0");
              WebhookResponse legacy =
                  receivers
                      .receiver("github")
                      .orElseThrow()
                      .receive(
                          dev.hookline.receiver.core.WebhookRequest.builder()
                              .header("Content-Type", "application/json")
                              .header("X-Hub-Signature", "sha1=" + "0".repeat(40))
                              .body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                              .build());
              assertThat(legacy.bodyText())
                  .contains("NO_MATCHING_SIGNATURE")
                  .contains("X-Hub-Signature");
            });
  }

  static class SlackListener {
    final List<String> texts = new CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "slack", topic = "app_mention")
    public void on(WebhookEvent event, com.fasterxml.jackson.databind.JsonNode data) {
      texts.add(event.topic() + " " + event.id() + " " + data.get("text").textValue());
    }
  }

  static class UnknownEndpointListener {
    @WebhookListener(endpoint = "hr")
    public void on(WebhookEvent event) {}
  }

  static class UnresolvableListener {
    @WebhookListener(endpoint = "lucca")
    public void on(WebhookEvent event, int count) {}
  }

  static class PascalListener {
    final List<String> names = new CopyOnWriteArrayList<>();

    record Person(String givenName) {}

    @WebhookListener(endpoint = "lucca", topic = "t")
    public void on(Person person) {
      names.add(person.givenName());
    }
  }

  /** A fresh in-memory H2 database, kept until the JVM ends. */
  private static javax.sql.DataSource h2(String name) {
    org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  private static int rowCount(javax.sql.DataSource dataSource, String table)
      throws java.sql.SQLException {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.ResultSet rows =
            connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
