package dev.hookline.receiver.spring.autoconfigure;

import static dev.hookline.receiver.spring.StartupFailures.configurationFailure;
import static dev.hookline.receiver.spring.StartupFailures.setting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.registry.ProviderRegistry;
import dev.hookline.receiver.test.TestSigners;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code hookline.endpoints.<name>.provider} as an id in the {@link ProviderRegistry} bean: the
 * built-ins, the application's {@link Provider} beans, plugins on request, and the application's
 * own registry.
 */
class ProviderRegistryAutoConfigurationTest {

  private static final String BUILT_INS =
      "lucca, standard-webhooks, github, stripe, arta, shopify, slack";

  /** A provider without a signature scheme, as Arta is. */
  private static final Provider UNSIGNED =
      Provider.builder("unsigned-co")
          .reader(JsonEventReader.of("unsigned-co", "type", "id", "data"))
          .build();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(HooklineAutoConfiguration.class));

  @Test
  void registryHoldsTheBuiltInsThenTheApplicationsProviderBeans() {
    runner
        .withBean("unsignedCo", Provider.class, () -> UNSIGNED)
        .run(
            context ->
                assertThat(context.getBean(ProviderRegistry.class).ids())
                    .containsExactly(
                        "lucca",
                        "standard-webhooks",
                        "github",
                        "stripe",
                        "arta",
                        "shopify",
                        "slack",
                        "unsigned-co"));
  }

  @Test
  void unknownProviderFailsStartupListingTheKnownIds() {
    runner
        .withPropertyValues(
            "hookline.endpoints.orders.path=/webhooks/orders",
            "hookline.endpoints.orders.provider=acme",
            "hookline.endpoints.orders.secrets=s")
        .run(
            context -> {
              assertThat(configurationFailure(context))
                  .hasMessage(
                      "hookline.endpoints.orders.provider names an unknown provider \"acme\";"
                          + " known: "
                          + BUILT_INS
                          + ", custom");
              assertThat(setting(context)).contains("hookline.endpoints.orders.provider");
            });
  }

  @Test
  void unsetProviderFailsStartupListingTheRegistrysIds() {
    runner
        .withBean("unsignedCo", Provider.class, () -> UNSIGNED)
        .withPropertyValues("hookline.endpoints.orders.path=/webhooks/orders")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.endpoints.orders.provider must be set ("
                            + BUILT_INS
                            + ", unsigned-co or custom)"));
  }

  @Test
  void theFormsTheFormerEnumAcceptedNameTheSameProviders() {
    String secret = TestSigners.STANDARD_WEBHOOKS_SECRET;
    runner
        .withPropertyValues(
            "hookline.endpoints.a.path=/a",
            "hookline.endpoints.a.provider=STANDARD_WEBHOOKS",
            "hookline.endpoints.a.secrets=" + secret,
            "hookline.endpoints.b.path=/b",
            "hookline.endpoints.b.provider=standard_webhooks",
            // Each its own: endpoints of one provider may not share a secret.
            "hookline.endpoints.b.secrets=whsec_ZW5kcG9pbnQtYi1zZWNyZXQtb2YtMzItYnl0ZXMhISE=",
            "hookline.endpoints.c.path=/c",
            "hookline.endpoints.c.provider=svix",
            "hookline.endpoints.c.secrets=whsec_ZW5kcG9pbnQtYy1zZWNyZXQtb2YtMzItYnl0ZXMhISE=",
            "hookline.endpoints.d.path=/d",
            "hookline.endpoints.d.provider=Lucca",
            "hookline.endpoints.d.secrets=s",
            "hookline.endpoints.e.path=/e",
            "hookline.endpoints.e.provider=CUSTOM",
            "hookline.endpoints.e.verifier.type=unverified",
            "hookline.endpoints.e.verifier.reason=a test")
        .run(
            context -> {
              HooklineReceivers receivers = context.getBean(HooklineReceivers.class);
              assertThat(receivers.provider("a")).contains("standard-webhooks");
              assertThat(receivers.provider("b")).contains("standard-webhooks");
              assertThat(receivers.provider("c")).contains("standard-webhooks");
              assertThat(receivers.provider("d")).contains("lucca");
              assertThat(receivers.provider("e")).contains("custom");
              assertThat(receivers.provider("none")).isEmpty();
              assertThat(receivers.receiver("a").orElseThrow().toString())
                  .startsWith("WebhookReceiver[endpoint=a, ");
              assertThat(receivers.receiver("d").orElseThrow().challengeEnabled()).isTrue();
            });
  }

  @Test
  void applicationsOwnRegistryReplacesTheDefaultOne() {
    runner
        .withBean(ProviderRegistry.class, () -> ProviderRegistry.of(Lucca.PROVIDER))
        .withBean("unsignedCo", Provider.class, () -> UNSIGNED)
        .withPropertyValues(
            "hookline.endpoints.gh.path=/webhooks/gh",
            "hookline.endpoints.gh.provider=github",
            "hookline.endpoints.gh.secrets=s")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.endpoints.gh.provider names an unknown provider \"github\";"
                            + " known: lucca, custom"));
  }

  @Test
  void aProviderWithoutASchemeTakesTheEndpointsChosenVerifier() {
    runner
        .withBean("unsignedCo", Provider.class, () -> UNSIGNED)
        .withPropertyValues(
            "hookline.endpoints.co.path=/webhooks/co", "hookline.endpoints.co.provider=unsigned-co")
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessage(
                        "hookline.endpoints.co.verifier.type must be set to hmac or unverified:"
                            + " unsigned-co endpoints have no default signature scheme"));
    runner
        .withBean("unsignedCo", Provider.class, () -> UNSIGNED)
        .withPropertyValues(
            "hookline.endpoints.co.path=/webhooks/co",
            "hookline.endpoints.co.provider=unsigned-co",
            "hookline.endpoints.co.verifier.type=unverified",
            "hookline.endpoints.co.verifier.reason=behind the ingress")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(HooklineReceivers.class)
                            .receiver("co")
                            .orElseThrow()
                            .toString())
                    .contains("unverified"));
  }

  @Test
  void publicKeysOnAProviderWithoutPublicKeySignaturesFailStartupNamingTheProperty() {
    runner
        .withPropertyValues(
            "hookline.endpoints.hr.path=/webhooks/hr",
            "hookline.endpoints.hr.provider=lucca",
            "hookline.endpoints.hr.secrets=s",
            "hookline.endpoints.hr.public-keys=MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=")
        .run(
            context -> {
              assertThat(configurationFailure(context))
                  .hasMessage(
                      "hookline.endpoints.hr.public-keys must not be set: lucca has no public-key"
                          + " signatures");
              assertThat(setting(context)).contains("hookline.endpoints.hr.public-keys");
            });
  }

  @Test
  void legacySha1OnAnotherProviderFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(
            "hookline.endpoints.pay.path=/webhooks/pay",
            "hookline.endpoints.pay.provider=stripe",
            "hookline.endpoints.pay.secrets=whsec_s",
            "hookline.endpoints.pay.legacy-sha1=true")
        .run(
            context -> {
              assertThat(configurationFailure(context))
                  .hasMessage(
                      "hookline.endpoints.pay.legacy-sha1 applies to github endpoints only, not"
                          + " stripe");
              assertThat(setting(context)).contains("hookline.endpoints.pay.legacy-sha1");
            });
  }

  @Test
  void pluginsJoinTheRegistryOnlyWhenInstallPluginsIsSet() {
    String secret = "plugged-secret";
    String[] plugged = {
      "hookline.endpoints.plugged.path=/webhooks/plugged",
      "hookline.endpoints.plugged.provider=plugged",
      "hookline.endpoints.plugged.secrets=" + secret
    };
    runner.run(
        context -> assertThat(context.getBean(ProviderRegistry.class).find("plugged")).isEmpty());
    runner
        .withPropertyValues(plugged)
        .run(
            context ->
                assertThat(configurationFailure(context))
                    .hasMessageStartingWith(
                        "hookline.endpoints.plugged.provider names an unknown provider"
                            + " \"plugged\""));
    runner
        .withPropertyValues(plugged)
        .withPropertyValues("hookline.install-plugins=true")
        .run(
            context -> {
              assertThat(context.getBean(ProviderRegistry.class).find("plugged"))
                  .contains(TestProviderPlugin.PLUGGED);
              byte[] body =
                  "{\"type\":\"thing.done\",\"id\":\"t1\",\"data\":{}}"
                      .getBytes(StandardCharsets.UTF_8);
              WebhookRequest.Builder request =
                  WebhookRequest.builder().header("Content-Type", "application/json");
              TestProviderPlugin.PLUGGED
                  .scheme()
                  .orElseThrow()
                  .signer(secret)
                  .sign(body, Instant.now())
                  .forEach(request::header);
              assertThat(
                      context
                          .getBean(HooklineReceivers.class)
                          .receiver("plugged")
                          .orElseThrow()
                          .receive(request.body(body).build())
                          .status())
                  .isEqualTo(200);
            });
  }
}
