package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.lucca.Employee;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Lucca endpoint with twenty tenants, {@code /webhooks/lucca/{tenant}}, each tenant's secret in
 * {@code tenants.<id>.secrets}, beside the single Lucca endpoint {@code /webhooks/lucca}, over real
 * HTTP behind Spring Security, attacked as in the servlet tests; listeners receive the tenant.
 */
@SpringBootTest(
    classes = {WebTestApplication.class, TenantsWebTest.TenantListeners.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=the-single-endpoint-secret",
      "hookline.endpoints.customers.path=/webhooks/lucca/{tenant}",
      "hookline.endpoints.customers.provider=lucca",
      "hookline.metrics.tenant-tag=true"
    })
class TenantsWebTest {

  private static final String BAD_SIGNATURE =
      "signature rejected: NO_MATCHING_SIGNATURE: no signature in Lucca-Signature matches a"
          + " configured key";

  @DynamicPropertySource
  static void twentyTenants(DynamicPropertyRegistry registry) {
    for (int i = 1; i <= 20; i++) {
      String tenant = tenant(i);
      registry.add(
          "hookline.endpoints.customers.tenants." + tenant + ".secrets[0]", () -> secret(tenant));
    }
  }

  private static String tenant(int i) {
    return String.format("tenant-%02d", i);
  }

  private static String secret(String tenant) {
    return "secret-of-" + tenant;
  }

  /** Records each run of the tenants' listener as {@code tenant:id}. */
  static class TenantListeners {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @WebhookListener(endpoint = "customers", topic = "employee.*")
    public void onEmployee(@WebhookTenant String tenant, Employee employee, WebhookEvent event) {
      if (!Objects.equals(event.tenant().orElse(null), tenant)) {
        throw new IllegalStateException("the parameter and the event disagree on the tenant");
      }
      runs.computeIfAbsent(tenant + ":" + event.id(), k -> new AtomicInteger()).incrementAndGet();
    }

    int runsOf(String run) {
      AtomicInteger count = runs.get(run);
      return count == null ? 0 : count.get();
    }

    int anyRunsOf(String id) {
      return runs.entrySet().stream()
          .filter(entry -> entry.getKey().endsWith(":" + id))
          .mapToInt(entry -> entry.getValue().get())
          .sum();
    }
  }

  private final HttpClient client = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired TenantListeners listeners;

  @Autowired RecordingListeners singleEndpointListeners;

  @Autowired MeterRegistry registry;

  private static SignedRequests signed(String tenant, String id) {
    return SignedRequests.lucca(secret(tenant))
        .event(LuccaFixtures.employeeUpdated().id(id).topic("employee.updated"));
  }

  private HttpResponse<String> post(String path, SignedRequests signed) throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(builder::header);
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eachOfTwentyTenantsIsVerifiedOnItsOwnPathAndItsListenerGetsTheTenant() throws Exception {
    String id = UUID.randomUUID().toString();

    for (int i = 1; i <= 20; i++) {
      String tenant = tenant(i);
      assertThat(post("/webhooks/lucca/" + tenant, signed(tenant, id)).statusCode())
          .as(tenant)
          .isEqualTo(200);
    }

    for (int i = 1; i <= 20; i++) {
      assertThat(listeners.runsOf(tenant(i) + ":" + id)).as(tenant(i)).isEqualTo(1);
    }
  }

  @Test
  void aTenantsSignedRequestOnAnotherTenantsPathIs401AndNoListenerRuns() throws Exception {
    String id = UUID.randomUUID().toString();

    for (int i = 2; i <= 20; i++) {
      HttpResponse<String> response = post("/webhooks/lucca/" + tenant(i), signed("tenant-01", id));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo(BAD_SIGNATURE);
    }

    assertThat(listeners.anyRunsOf(id)).isZero();
  }

  @Test
  void anUnknownTenantIsAnsweredExactlyLikeABadSignature() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<String> unknown = post("/webhooks/lucca/tenant-21", signed("tenant-01", id));
    HttpResponse<String> badSignature =
        post(
            "/webhooks/lucca/tenant-02",
            SignedRequests.lucca("guessed")
                .event(LuccaFixtures.employeeUpdated().id(id).topic("employee.updated")));

    assertThat(unknown.statusCode()).isEqualTo(401).isEqualTo(badSignature.statusCode());
    assertThat(unknown.body()).isEqualTo(badSignature.body()).isEqualTo(BAD_SIGNATURE);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .isEqualTo(badSignature.headers().firstValue("Content-Type"));
    assertThat(listeners.anyRunsOf(id)).isZero();
  }

  @Test
  void theSameEventIdUnderTwoTenantsRunsOnceForEachAndRetriesAreDuplicates() throws Exception {
    String id = UUID.randomUUID().toString();

    for (int round = 0; round < 2; round++) {
      assertThat(post("/webhooks/lucca/tenant-05", signed("tenant-05", id)).statusCode())
          .isEqualTo(200);
      assertThat(post("/webhooks/lucca/tenant-06", signed("tenant-06", id)).statusCode())
          .isEqualTo(200);
    }

    assertThat(listeners.runsOf("tenant-05:" + id)).isEqualTo(1);
    assertThat(listeners.runsOf("tenant-06:" + id)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/webhooks/lucca/tenant-01%2Ftenant-02",
        "/webhooks/lucca/tenant-01/../tenant-02",
        "/webhooks/lucca//tenant-02",
        "/webhooks/lucca/TENANT-01",
        "/webhooks/lucca/tenant-01/extra",
        "/webhooks/lucca/",
        "/webhooks/lucca/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/webhooks/lucca/t%C3%A9nant-01"
      })
  void aMutatedPathRunsNoListenerAndIsNeither404Nor410Nor5xx(String path) throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<String> response = post(path, signed("tenant-01", id));

    assertThat(response.statusCode()).isIn(400, 401);
    assertThat(listeners.anyRunsOf(id)).isZero();
    assertThat(singleEndpointListeners.calls).noneMatch(call -> call.contains(id));
  }

  @Test
  void deliveriesAreCountedPerTenantWhenTheTagIsOnButRejectionsNever() throws Exception {
    String id = UUID.randomUUID().toString();
    double before = handled("tenant-07");

    post("/webhooks/lucca/tenant-07", signed("tenant-07", id));
    post("/webhooks/lucca/made-up-tenant", signed("tenant-07", id));

    assertThat(handled("tenant-07")).isEqualTo(before + 1);
    assertThat(registry.find("hookline.deliveries").tags("tenant", "made-up-tenant").counters())
        .isEmpty();
    assertThat(
            registry
                .get("hookline.deliveries")
                .tags("endpoint", "customers", "tenant", "none", "outcome", "rejected-401")
                .counter()
                .count())
        .isPositive();
  }

  private double handled(String tenant) {
    return registry
        .find("hookline.deliveries")
        .tags("endpoint", "customers", "tenant", tenant, "outcome", "handled")
        .counters()
        .stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }
}
