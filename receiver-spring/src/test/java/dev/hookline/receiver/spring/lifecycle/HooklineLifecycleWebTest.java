package dev.hookline.receiver.spring.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.fixtures.SignedRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code hooklinelifecycle} actuator endpoint over HTTP with tenant acme configured for both
 * Lucca and Arta: Arta's actions (provision, rotate, retire with keep, deprovision) against Arta on
 * WireMock, the tokens in the JDBC vault on H2 verifying deliveries to {@code /webhooks/arta/acme},
 * the body's optional provider and keep, and the 400 answers.
 */
@SpringBootTest(
    classes = HooklineLifecycleWebTest.LifecycleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.customers.path=/webhooks/lucca/{tenant}",
      "hookline.endpoints.customers.provider=lucca",
      "hookline.endpoints.shipments.path=/webhooks/arta/{tenant}",
      "hookline.endpoints.shipments.provider=arta",
      "hookline.endpoints.shipments.verifier.type=hmac",
      "hookline.endpoints.shipments.verifier.header=X-Arta-Signature",
      "hookline.vault.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "hookline.vault.current-key=k1",
      "hookline.vault.create-table=true",
      "hookline.vault.cache-max-age=1ms",
      "hookline.providers.lucca.lifecycle.topics[0]=employee.*",
      "hookline.providers.lucca.lifecycle.tenants.acme.host=https://acme.ilucca.example",
      "hookline.providers.lucca.lifecycle.tenants.acme.client-id=acme-client",
      "hookline.providers.lucca.lifecycle.tenants.acme.client-secret=acme-client-secret",
      "hookline.providers.lucca.lifecycle.tenants.acme.webhook-url="
          + "https://hooks.example.com/webhooks/lucca/acme",
      "hookline.providers.arta.lifecycle.tenants.acme.api-key=acme-key",
      "hookline.providers.arta.lifecycle.tenants.acme.webhook-url="
          + ArtaLifecycleAutoConfigurationTest.URL,
      "management.endpoints.web.exposure.include=hooklinelifecycle",
      "server.error.include-message=always",
      "spring.web.error.include-message=always"
    })
class HooklineLifecycleWebTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void artaApi(DynamicPropertyRegistry registry) {
    registry.add("hookline.providers.arta.lifecycle.host", wm::baseUrl);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class LifecycleApplication {

    @Bean
    DataSource dataSource() {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL("jdbc:h2:mem:lifecycle-web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      return dataSource;
    }

    /** The actuator's POST needs no CSRF token in this test; webhook paths never do. */
    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }
  }

  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private HttpResponse<String> action(String tenant, String json) throws Exception {
    return send(
        request("/actuator/hooklinelifecycle/" + tenant)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private void badRequest(HttpResponse<String> response, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains(message);
  }

  private int deliver(String token) throws Exception {
    Thread.sleep(5); // past the secret cache's 1 ms
    SignedRequests signed = ArtaLifecycleAutoConfigurationTest.signed(token);
    HttpRequest.Builder request =
        request(signed.path()).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(request::header);
    return send(request).statusCode();
  }

  @Test
  void artaActionsRunOverHttpWithTheProviderNamedWhenTheTenantIsConfiguredForBoth()
      throws Exception {
    ArtaLifecycleAutoConfigurationTest.stubArta(wm, false, "token-1");
    JsonNode listed = JSON.readTree(send(request("/actuator/hooklinelifecycle").GET()).body());
    assertThat(listed.path("providers").findValuesAsText("provider"))
        .containsExactly("lucca", "arta");
    assertThat(listed.path("providers").findValuesAsText("endpoint"))
        .containsExactly("customers", "shipments");

    badRequest(
        action("acme", "{\"action\": \"provision\"}"),
        "tenant \\\"acme\\\" is configured for lucca and arta: name one as \\\"provider\\\"");
    badRequest(
        action("acme", "{\"action\": \"provision\", \"provider\": \"stripe\"}"),
        "provider must be one of [lucca, arta], but was stripe");
    badRequest(
        action("acme", "{\"action\": \"pause\", \"provider\": \"arta\"}"),
        "action must be provision, reconcile, rotate, retire or deprovision, but was pause");
    badRequest(
        action("acme", "{\"action\": \"rotate\", \"provider\": \"lucca\"}"),
        "action must be provision, reconcile or deprovision, but was rotate");
    badRequest(
        action("globex", "{\"action\": \"provision\", \"provider\": \"arta\"}"),
        "unknown arta tenant \\\"globex\\\": configured are [acme]");

    JsonNode provisioned =
        ok(action("acme", "{\"action\": \"provision\", \"provider\": \"arta\"}"));
    assertThat(provisioned.path("outcome").asText()).isEqualTo("CREATED");
    assertThat(deliver("token-1")).isEqualTo(200);

    ArtaLifecycleAutoConfigurationTest.stubArta(wm, true, "token-2");
    HttpResponse<String> rotation =
        action("acme", "{\"action\": \"rotate\", \"provider\": \"arta\"}");
    JsonNode rotated = ok(rotation);
    assertThat(rotated.path("outcome").asText()).isEqualTo("ROTATED");
    assertThat(rotation.body()).doesNotContain("token-2");
    assertThat(deliver("token-1")).isEqualTo(200);
    assertThat(deliver("token-2")).isEqualTo(200);

    badRequest(
        action("acme", "{\"action\": \"retire\", \"provider\": \"arta\"}"),
        "retire needs \\\"keep\\\", the id of the secret to keep");
    String kept = rotated.path("secretId").asText();
    JsonNode retired =
        ok(
            action(
                "acme",
                "{\"action\": \"retire\", \"provider\": \"arta\", \"keep\": \"" + kept + "\"}"));
    assertThat(retired.path("retired").asInt()).isEqualTo(1);
    assertThat(deliver("token-1")).isEqualTo(401);
    assertThat(deliver("token-2")).isEqualTo(200);

    JsonNode deprovisioned =
        ok(action("acme", "{\"action\": \"deprovision\", \"provider\": \"arta\"}"));
    assertThat(deprovisioned.path("outcome").asText()).isEqualTo("DEPROVISIONED");
    wm.verify(1, deleteRequestedFor(urlEqualTo("/webhooks/7")));
    assertThat(deliver("token-2")).isEqualTo(401);
  }
}
