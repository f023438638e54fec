package dev.hookline.receiver.spring.replay;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static dev.hookline.receiver.spring.StartupFailures.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.spring.WebhookListener;
import dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration;
import dev.hookline.receiver.spring.replay.LuccaApiStub.Attempt;
import dev.hookline.receiver.test.TestSigners;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The clients, replays, catch-up and replay endpoint: conditions, properties and failures. */
class HooklineReplayAutoConfigurationTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String[] LUCCA = {
    "hookline.endpoints.lucca.path=/webhooks/lucca",
    "hookline.endpoints.lucca.provider=lucca",
    "hookline.endpoints.lucca.secrets[0]=" + TestSigners.LUCCA_SECRET
  };

  private static final String[] ARTA = {
    "hookline.endpoints.shipments.path=/webhooks/arta",
    "hookline.endpoints.shipments.provider=arta",
    "hookline.endpoints.shipments.verifier.type=unverified",
    "hookline.endpoints.shipments.verifier.reason=Arta documents no signature scheme"
  };

  private static final String[] LUCCA_API = {
    "hookline.providers.lucca.api.host=https://example.ilucca.net",
    "hookline.providers.lucca.api.client-id=hookline",
    "hookline.providers.lucca.api.client-secret=lucca-client-secret"
  };

  private static final String ARTA_API = "hookline.providers.arta.api.key=arta-api-key";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HooklineAutoConfiguration.class,
                  HooklineObservabilityAutoConfiguration.class,
                  HooklineReplayAutoConfiguration.class));

  @Test
  void withoutApiPropertiesThereAreNoClientsNorReplays() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(ARTA)
        .withPropertyValues("hookline.providers.lucca.replay.endpoint=lucca")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LuccaClient.class);
              assertThat(context).doesNotHaveBean(ArtaClient.class);
              assertThat(context).doesNotHaveBean(HooklineReplays.class);
              assertThat(context).doesNotHaveBean(HooklineCatchUp.class);
              assertThat(context).doesNotHaveBean(HooklineReplayEndpoint.class);
            });
  }

  @Test
  void apiPropertiesCreateClientsReplaysAndTheEndpointButNoCatchUp() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(ARTA)
        .withPropertyValues(LUCCA_API)
        .withPropertyValues(ARTA_API)
        .run(
            context -> {
              assertThat(context).hasSingleBean(LuccaClient.class);
              assertThat(context).hasSingleBean(ArtaClient.class);
              assertThat(context).hasSingleBean(HooklineReplayEndpoint.class);
              assertThat(context).doesNotHaveBean(HooklineCatchUp.class);
              assertThat(context.getBean(LuccaClient.class).toString())
                  .contains("https://example.ilucca.net")
                  .doesNotContain("lucca-client-secret");
              assertThat(context.getBean(ArtaClient.class).toString())
                  .doesNotContain("arta-api-key");
              HooklineReplays replays = context.getBean(HooklineReplays.class);
              assertThat(replays.providers()).containsExactly("lucca", "arta");
              assertThat(replays.endpoint("lucca")).contains("lucca");
              assertThat(replays.endpoint("arta")).contains("shipments");
              assertThat(replays.endpoint("github")).isEmpty();
              assertThat(context.getBean(HooklineReplayEndpoint.class).providers())
                  .isEqualTo(
                      Map.of(
                          "providers",
                          Map.of(
                              "lucca",
                              Map.of("endpoint", "lucca"),
                              "arta",
                              Map.of("endpoint", "shipments"))));
            });
  }

  @Test
  void luccaClientNeedsBothHostAndClientId() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.providers.lucca.api.host=https://example.ilucca.net")
        .run(context -> assertThat(context).doesNotHaveBean(LuccaClient.class));
  }

  @Test
  void blankApiPropertiesLeaveTheClientsOffAsIfUnset() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(ARTA)
        .withPropertyValues(
            "hookline.providers.lucca.api.host=",
            "hookline.providers.lucca.api.client-id= ",
            "hookline.providers.lucca.api.client-secret=",
            "hookline.providers.arta.api.key=")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LuccaClient.class);
              assertThat(context).doesNotHaveBean(ArtaClient.class);
              assertThat(context).doesNotHaveBean(HooklineReplays.class);
            });
  }

  @Test
  void clientWithoutAnEndpointOfItsProviderCannotReplay() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(ARTA_API)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ArtaClient.class);
              HooklineReplays replays = context.getBean(HooklineReplays.class);
              assertThat(replays.providers()).isEmpty();
              assertThatThrownBy(() -> replays.replaySince("arta", Instant.EPOCH))
                  .isInstanceOf(WebhookConfigurationException.class)
                  .hasMessage(
                      "arta deliveries cannot be replayed: replay needs hookline.providers.arta.api"
                          + " and an endpoint with provider arta in hookline.endpoints; replayable: []");
            });
  }

  @Test
  void replayEndpointNamingAnUnknownEndpointFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withPropertyValues("hookline.providers.lucca.replay.endpoint=hr")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.lucca.replay.endpoint names the endpoint \"hr\", but"
                            + " hookline.endpoints has [lucca]"));
  }

  @Test
  void replayEndpointOfAnotherProviderFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(ARTA)
        .withPropertyValues(ARTA_API)
        .withPropertyValues("hookline.providers.arta.replay.endpoint=lucca")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.arta.replay.endpoint names the endpoint \"lucca\","
                            + " whose provider is lucca, not arta"));
  }

  @Test
  void severalEndpointsOfTheProviderNeedTheReplayEndpoint() {
    ApplicationContextRunner twoLucca =
        runner
            .withPropertyValues(LUCCA)
            .withPropertyValues(LUCCA_API)
            .withPropertyValues(
                "hookline.endpoints.lucca2.path=/webhooks/lucca2",
                "hookline.endpoints.lucca2.provider=lucca",
                "hookline.endpoints.lucca2.secrets=other");
    twoLucca.run(
        context ->
            assertThat(configurationFailure(context))
                .hasMessage(
                    "hookline.providers.lucca.replay.endpoint must name one of the lucca endpoints"
                        + " [lucca, lucca2] to replay through"));
    twoLucca
        .withPropertyValues("hookline.providers.lucca.replay.endpoint=lucca2")
        .run(
            context ->
                assertThat(context.getBean(HooklineReplays.class).endpoint("lucca"))
                    .contains("lucca2"));
  }

  @Test
  void missingClientSecretFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.providers.lucca.api.host=https://example.ilucca.net",
            "hookline.providers.lucca.api.client-id=hookline")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage("hookline.providers.lucca.api.client-secret must be set"));
  }

  @Test
  void scheduleWithoutAClientFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues("hookline.providers.lucca.replay.schedule.enabled=true")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.lucca.replay.schedule.enabled needs"
                            + " hookline.providers.lucca.api.host and client-id and an endpoint"
                            + " with provider lucca in hookline.endpoints"));
  }

  @Test
  void scheduleIntervalMustBePositive() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withPropertyValues(
            "hookline.providers.lucca.replay.schedule.enabled=true",
            "hookline.providers.lucca.replay.schedule.interval=0s")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.lucca.replay.schedule.interval must be positive, but"
                            + " was PT0S"));
  }

  @Test
  void startupFailuresCarryThePropertyTheyNameAsTheirSetting() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(
            "hookline.providers.lucca.api.host=https://example.ilucca.net",
            "hookline.providers.lucca.api.client-id=hookline")
        .run(
            context ->
                assertThat(setting(context))
                    .contains("hookline.providers.lucca.api.client-secret"));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withPropertyValues("hookline.providers.lucca.api.host=example.ilucca.net")
        .run(
            context -> {
              assertThat(configurationFailure(context))
                  .hasMessageStartingWith("hookline.providers.lucca.api.*: ");
              assertThat(setting(context)).contains("hookline.providers.lucca.api");
            });
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withPropertyValues("hookline.providers.lucca.replay.endpoint=hr")
        .run(
            context ->
                assertThat(setting(context)).contains("hookline.providers.lucca.replay.endpoint"));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withPropertyValues(
            "hookline.providers.lucca.replay.schedule.enabled=true",
            "hookline.providers.lucca.replay.schedule.lookback=0s")
        .run(
            context ->
                assertThat(setting(context))
                    .contains("hookline.providers.lucca.replay.schedule.lookback"));
  }

  @Test
  void applicationsOwnClientIsUsedForReplay() {
    LuccaClient mine =
        LuccaClient.builder()
            .apiHost(URI.create("https://mine.ilucca.net"))
            .clientId("mine")
            .clientSecret("mine-secret")
            .build();
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withBean(LuccaClient.class, () -> mine)
        .run(
            context -> {
              assertThat(context.getBean(LuccaClient.class)).isSameAs(mine);
              assertThat(context.getBean(HooklineReplays.class).providers())
                  .containsExactly("lucca");
            });
  }

  @Test
  void apiPropertiesWithoutReceiverClientsOnTheClasspathFailStartupSayingWhy() {
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LUCCA_API)
        .withClassLoader(new FilteredClassLoader(LuccaClient.class))
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.providers.lucca.api.host needs dev.hookline:receiver-clients on"
                            + " the classpath"));
    runner
        .withPropertyValues(LUCCA)
        .withClassLoader(new FilteredClassLoader(LuccaClient.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(HooklineReplays.class);
              assertThat(context.getBean(HooklineReceivers.class).receiver("lucca")).isPresent();
            });
  }

  @Test
  void scheduledCatchUpReplaysFailedEventsOfTheLookback() {
    Instant now = Instant.now();
    LuccaApiStub.stub(
        wm,
        List.of(
            new Attempt("a1", "late-1", "employee.updated", false, now.minusSeconds(60).toString()),
            new Attempt(
                "a2",
                "old-2",
                "employee.updated",
                false,
                now.minus(Duration.ofDays(2)).toString())));
    runner
        .withPropertyValues(LUCCA)
        .withPropertyValues(LuccaApiStub.properties(wm.baseUrl()))
        .withPropertyValues(
            "hookline.providers.lucca.replay.schedule.enabled=true",
            "hookline.providers.lucca.replay.schedule.interval=100ms",
            "hookline.providers.lucca.replay.schedule.lookback=1h")
        .withBean(CountingListener.class)
        .run(
            context -> {
              assertThat(context.getBean(HooklineCatchUp.class).schedules())
                  .containsOnlyKeys("lucca");
              CountingListener listener = context.getBean(CountingListener.class);
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              while (listener.handled.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
              }
              // Later runs find the event already handled.
              Thread.sleep(300);
              assertThat(listener.handled).containsOnly(Map.entry("late-1", 1));
              ReplayReport report =
                  context
                      .getBean(HooklineReplays.class)
                      .replaySince("lucca", now.minus(Duration.ofHours(1)));
              assertThat(report.alreadyHandled()).isEqualTo(1);
            });
  }

  /** Counts the runs per event id. */
  static class CountingListener {
    final Map<String, Integer> handled = new ConcurrentHashMap<>();

    @WebhookListener(endpoint = "lucca", topic = "employee.*")
    public void on(WebhookEvent event) {
      handled.merge(event.id(), 1, Integer::sum);
    }
  }
}
