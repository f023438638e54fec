package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.event.JsonEventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.GitHubFixtures;
import dev.hookline.receiver.fixtures.ShopifyFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.SlackFixtures;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.TimestampFormat;
import dev.hookline.receiver.test.LiveWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Providers named by id over real HTTP: {@code acme}, which only this test defines, as a {@code
 * Provider} bean, and the built-in Shopify and Slack presets, which no starter class mentions.
 */
@SpringBootTest(
    classes = ProvidersWebTest.ProvidersApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.acme.path=/webhooks/acme",
      "hookline.endpoints.acme.provider=acme",
      "hookline.endpoints.acme.secrets=" + ProvidersWebTest.ACME_SECRET,
      "hookline.endpoints.shopify.path=/webhooks/shopify",
      "hookline.endpoints.shopify.provider=shopify",
      "hookline.endpoints.shopify.secrets=" + ProvidersWebTest.SHOPIFY_SECRET,
      "hookline.endpoints.slack.path=/webhooks/slack",
      "hookline.endpoints.slack.provider=slack",
      "hookline.endpoints.slack.secrets=" + ProvidersWebTest.SLACK_SECRET,
      "hookline.endpoints.github.path=/webhooks/github",
      "hookline.endpoints.github.provider=github",
      "hookline.endpoints.github.secrets=" + ProvidersWebTest.GITHUB_SECRET,
      "management.endpoints.web.exposure.include=hookline"
    })
class ProvidersWebTest {

  static final String ACME_SECRET = "acme-test-secret";
  static final String SHOPIFY_SECRET = "shopify-test-secret";
  static final String SLACK_SECRET = "slack-test-secret";
  static final String GITHUB_SECRET = "github-test-secret";

  /** A sender Hookline does not know: its own header, timestamp and JSON fields. */
  static final Provider ACME =
      Provider.builder("acme")
          .scheme(
              HmacSignature.builder()
                  .signatureHeader("X-Acme-Signature")
                  .prefix("sha256=")
                  .timestampHeader(TimestampFormat.UNIX_SECONDS, "X-Acme-Timestamp")
                  .signedContent("{timestamp}.{body}")
                  .scheme())
          .reader(JsonEventReader.of("acme", "type", "id", "data"))
          .build();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ProviderListeners.class)
  static class ProvidersApplication {

    @Bean
    Provider acme() {
      return ACME;
    }

    /** The actuator is open in this test; webhook paths never need a login. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              requests ->
                  requests.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated())
          .build();
    }
  }

  /** Records the events of each endpoint. */
  static class ProviderListeners {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "acme", topic = "order.shipped")
    public void onAcme(WebhookEvent event, JsonNode data) {
      calls.add("acme " + event.id() + " " + data.get("order").textValue());
    }

    @WebhookListener(endpoint = "shopify", topic = "orders/create")
    public void onShopify(WebhookEvent event, JsonNode data) {
      calls.add("shopify " + event.id() + " " + data.get("name").textValue());
    }

    @WebhookListener(endpoint = "slack", topic = "*")
    public void onSlack(WebhookEvent event) {
      calls.add("slack " + event.topic());
    }

    @WebhookListener(endpoint = "github", topic = "*")
    public void onGitHub(WebhookEvent event, JsonNode data) {
      calls.add("github " + event.topic() + " " + event.id() + " " + data.get("zen").textValue());
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired ProviderListeners listeners;

  private HttpResponse<String> post(SignedRequests signed) {
    return LiveWebhooks.localhost(port).post(signed);
  }

  @Test
  void aProviderDefinedAsABeanIsNamedByIdAndRunsItsListener() throws Exception {
    SignedRequests signed =
        SignedRequests.with("acme", ACME.scheme().orElseThrow().signer(ACME_SECRET)::sign)
            .body("{\"type\":\"order.shipped\",\"id\":\"ship-1\",\"data\":{\"order\":\"A-1\"}}");

    HttpResponse<String> response = post(signed);
    HttpResponse<String> unsigned = post(signed.withoutSignature());
    HttpResponse<String> actuator =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/hookline/acme"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(listeners.calls).contains("acme ship-1 A-1");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(actuator.body()).contains("\"provider\":\"acme\"").contains("X-Acme-Signature");
  }

  @Test
  void aGitHubWebhookOfContentTypeFormIsReadBehindSpringSecurityAndItsJsonTwinIsADuplicate() {
    Fixture json =
        GitHubFixtures.ping().id("form-1").set("zen", "Sent as a form, read as JSON.").build();

    HttpResponse<String> form =
        post(SignedRequests.gitHub(GITHUB_SECRET).event(GitHubFixtures.form(json)));
    HttpResponse<String> twin = post(SignedRequests.gitHub(GITHUB_SECRET).event(json));

    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(twin.statusCode()).isEqualTo(200);
    assertThat(listeners.calls)
        .filteredOn(call -> call.startsWith("github"))
        .containsExactly("github ping form-1 Sent as a form, read as JSON.");
  }

  @Test
  void shopifyIsNamedByIdAndItsSignedOrderRunsTheListener() {
    HttpResponse<String> response =
        post(SignedRequests.shopify(SHOPIFY_SECRET).event(ShopifyFixtures.ordersCreate()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(listeners.calls).contains("shopify b54557e4-bdd9-4b37-8a5f-bf7d70bcd043 #1001");
  }

  @Test
  void slackIsNamedByIdAndItsSignedHandshakeIsAnsweredWithTheChallenge() {
    SignedRequests handshake =
        SignedRequests.slack(SLACK_SECRET).event(SlackFixtures.urlVerification());

    HttpResponse<String> answered = post(handshake);
    HttpResponse<String> unsigned = post(handshake.withoutSignature());

    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo(SlackFixtures.CHALLENGE);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(listeners.calls).noneMatch(call -> call.startsWith("slack"));
  }
}
