package dev.hookline.receiver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.idempotency.RecordingIdempotencyStore;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  @Test
  void theBuiltInsByIdAndAlias() {
    ProviderRegistry registry = ProviderRegistry.builtIns();

    assertThat(registry.ids())
        .containsExactly(
            "lucca", "standard-webhooks", "github", "stripe", "arta", "shopify", "slack");
    assertThat(registry.get("lucca")).isSameAs(Lucca.PROVIDER);
    assertThat(registry.get("SVIX")).isSameAs(StandardWebhooks.PROVIDER);
    assertThat(registry.get("standardwebhooks")).isSameAs(StandardWebhooks.PROVIDER);
    assertThat(registry.get("arta").scheme()).isEmpty();
  }

  @Test
  void anUnknownIdNamesTheKnownOnes() {
    assertThatThrownBy(() -> ProviderRegistry.builtIns().get("acme"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "unknown provider \"acme\"; known: lucca, standard-webhooks, github, stripe, arta,"
                + " shopify, slack");
  }

  @Test
  void pluginsAreFoundOnlyWhenInstalled() {
    assertThat(ProviderRegistry.builtIns().find("acme")).isEmpty();

    ProviderRegistry registry = ProviderRegistry.builtIns().installPlugins();

    assertThat(registry.get("acme").id()).isEqualTo("acme");
    assertThat(registry.get("acme-corp").id()).isEqualTo("acme");
    assertThat(registry.ids()).endsWith("acme");
  }

  @Test
  void anIdOrAliasIsTakenOnce() {
    Provider otherLucca =
        Provider.builder("lucca").reader(JsonEventReader.of("x", "type", "id", "data")).build();
    Provider svixAgain =
        Provider.builder("svix-like")
            .alias("svix")
            .reader(JsonEventReader.of("x", "type", "id", "data"))
            .build();

    assertThatThrownBy(() -> ProviderRegistry.builtIns().with(otherLucca))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("provider id \"lucca\" is already taken by lucca");
    assertThatThrownBy(() -> ProviderRegistry.builtIns().with(svixAgain))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("provider id \"svix\" is already taken by standard-webhooks");
    assertThatThrownBy(() -> ProviderRegistry.builtIns().installPlugins().installPlugins())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("provider id \"acme\" is already taken by acme");
  }

  @Test
  void providerIdsAreChecked() {
    assertThatThrownBy(() -> Provider.builder("Acme Corp"))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("but was \"Acme Corp\"");
    assertThatThrownBy(() -> Provider.builder("acme").build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("provider acme needs a reader");
  }

  /** The test-only provider receives through the core like a built-in, keys under its id. */
  @Test
  void aProviderDefinedOnlyInATestReceivesEvents() {
    Provider acme = ProviderRegistry.builtIns().installPlugins().get("acme");
    SignatureScheme scheme = acme.scheme().orElseThrow();
    RecordingIdempotencyStore store = new RecordingIdempotencyStore();
    List<String> handled = new ArrayList<>();
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .provider(acme)
            .verifier(scheme.verifier("acme-secret"))
            .idempotencyStore(store)
            .on("thing.made", event -> handled.add(event.id()))
            .build();
    byte[] body =
        "{\"type\":\"thing.made\",\"id\":\"evt_1\",\"data\":{\"n\":1}}"
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = scheme.signer("acme-secret").sign("unused", body, Instant.now());

    WebhookResponse first = receiver.receive(request(headers, body));
    WebhookResponse again = receiver.receive(request(headers, body));
    WebhookResponse forged =
        receiver.receive(request(scheme.signer("other").sign("unused", body, Instant.now()), body));

    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(handled).containsExactly("evt_1");
    assertThat(store.claimed()).containsExactly("acme|acme|evt_1", "acme|acme|evt_1");
  }

  private static WebhookRequest request(Map<String, String> headers, byte[] body) {
    WebhookRequest.Builder builder =
        WebhookRequest.builder()
            .method("POST")
            .header("Content-Type", "application/json")
            .body(body);
    headers.forEach(builder::header);
    return builder.build();
  }
}
