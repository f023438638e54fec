package dev.hookline.receiver.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.SecretSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Lucca endpoint with twenty tenants, {@code /webhooks/lucca/{tenant}}, over real HTTP in a real
 * container, attacked: another tenant's signed request, unknown tenants, mutated paths, repeated
 * event ids across tenants, and a secret source that is down. Each container runs this suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantFilterContract {

  private static final String BAD_SIGNATURE =
      "signature rejected: NO_MATCHING_SIGNATURE: no signature in Lucca-Signature matches a"
          + " configured key";

  private static final String SINGLE_SECRET = "secret-of-the-endpoint-without-tenants";

  private final Map<String, List<String>> secrets = new LinkedHashMap<>();

  /** Handler runs by tenant and event id, e.g. {@code tenant-01:e1}. */
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ServletContainer container;
  private URI base;

  abstract ServletContainer container();

  @BeforeAll
  void start() throws Exception {
    for (int i = 1; i <= 20; i++) {
      String tenant = String.format("tenant-%02d", i);
      secrets.put(tenant, List.of("secret-of-" + tenant));
    }
    WebhookReceiver tenants =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), SecretSource.of(secrets))
            .onAny(event -> count(event.tenant().orElse("none") + ":" + event.id()))
            .build();
    WebhookReceiver vaultDown =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .endpoint("vault-down")
            .verifier(
                Lucca.scheme(),
                (endpoint, tenant) -> {
                  throw new IllegalStateException("vault unreachable");
                })
            .onAny(event -> count("vault-down:" + event.id()))
            .build();
    WebhookReceiver storeDown =
        Lucca.receiver("secret-of-tenant-01")
            .endpoint("store-down")
            .idempotencyStore(new UnreachableStore())
            .onAny(event -> count("store-down:" + event.id()))
            .build();
    WebhookReceiver single =
        Lucca.receiver(SINGLE_SECRET)
            .endpoint("single")
            .onAny(event -> count("single:" + event.id()))
            .build();
    WebhookFilter filter =
        WebhookFilter.builder()
            .endpoint("/webhooks/lucca/{tenant}", tenants)
            .endpoint("/webhooks/lucca", single)
            .endpoint("/webhooks/vault-down/{tenant}", vaultDown)
            .endpoint("/webhooks/store-down", storeDown)
            .build();
    container = container();
    base = container.start(List.of(filter), new NextServlet());
  }

  @AfterAll
  void stop() throws Exception {
    container.stop();
  }

  private void count(String run) {
    runs.computeIfAbsent(run, k -> new AtomicInteger()).incrementAndGet();
  }

  private int runsOf(String run) {
    AtomicInteger count = runs.get(run);
    return count == null ? 0 : count.get();
  }

  /** Runs of an event id under any tenant or endpoint. */
  private int anyRunsOf(String id) {
    return runs.entrySet().stream()
        .filter(entry -> entry.getKey().endsWith(":" + id))
        .mapToInt(entry -> entry.getValue().get())
        .sum();
  }

  @Test
  void eachOfTwentyTenantsIsVerifiedOnItsOwnPath() throws Exception {
    String id = UUID.randomUUID().toString();

    for (String tenant : secrets.keySet()) {
      HttpResponse<byte[]> response = post("/webhooks/lucca/" + tenant, signed(tenant, id));
      assertThat(response.statusCode()).as(tenant).isEqualTo(200);
      assertThat(response.body()).isEmpty();
    }

    for (String tenant : secrets.keySet()) {
      assertThat(runsOf(tenant + ":" + id)).as(tenant).isEqualTo(1);
    }
  }

  @Test
  void aTenantsSignedRequestResentToEveryOtherTenantsPathIsRejectedAndRunsNothing()
      throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests ofTenantA = signed("tenant-01", id);

    for (String other : secrets.keySet()) {
      if (other.equals("tenant-01")) {
        continue;
      }
      HttpResponse<byte[]> response = post("/webhooks/lucca/" + other, ofTenantA);
      assertThat(response.statusCode()).as(other).isEqualTo(401);
      assertThat(text(response)).isEqualTo(BAD_SIGNATURE);
    }

    assertThat(anyRunsOf(id)).isZero();
    assertThat(post("/webhooks/lucca/tenant-01", ofTenantA).statusCode()).isEqualTo(200);
    assertThat(runsOf("tenant-01:" + id)).isEqualTo(1);
  }

  @Test
  void anUnknownTenantIsAnsweredExactlyLikeABadSignature() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> unknown = post("/webhooks/lucca/tenant-99", signed("tenant-01", id));
    HttpResponse<byte[]> badSignature =
        post("/webhooks/lucca/tenant-02", SignedRequests.lucca("guessed").event(event(id)));
    HttpResponse<byte[]> unsignedUnknown =
        post("/webhooks/lucca/tenant-99", signed("tenant-01", id).withoutSignature());
    HttpResponse<byte[]> unsignedKnown =
        post("/webhooks/lucca/tenant-02", signed("tenant-01", id).withoutSignature());

    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(badSignature.body());
    assertThat(withoutDate(unknown.headers().map()))
        .isEqualTo(withoutDate(badSignature.headers().map()));
    assertThat(unsignedUnknown.statusCode()).isEqualTo(401);
    assertThat(unsignedUnknown.body()).isEqualTo(unsignedKnown.body());
    assertThat(anyRunsOf(id)).isZero();
  }

  @Test
  void theSameEventIdUnderTwoTenantsRunsOnceForEachAndEachRetryIsADuplicate() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests forA = signed("tenant-03", id);
    SignedRequests forB = signed("tenant-04", id);

    assertThat(post("/webhooks/lucca/tenant-03", forA).statusCode()).isEqualTo(200);
    assertThat(post("/webhooks/lucca/tenant-04", forB).statusCode()).isEqualTo(200);
    assertThat(post("/webhooks/lucca/tenant-03", forA).statusCode()).isEqualTo(200);
    assertThat(post("/webhooks/lucca/tenant-04/", forB).statusCode()).isEqualTo(200);

    assertThat(runsOf("tenant-03:" + id)).isEqualTo(1);
    assertThat(runsOf("tenant-04:" + id)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/webhooks/lucca/tenant-01%2Ftenant-02", // encoded slash
        "/webhooks/lucca/tenant-02%2F..%2Ftenant-01",
        "/webhooks/lucca/tenant-01/../tenant-02", // dot segments, resolved to tenant-02
        "/webhooks/lucca/tenant-01/..",
        "/webhooks/lucca/tenant-01/%2E%2E/tenant-02",
        "/webhooks/lucca//tenant-02", // double slash
        "/webhooks/lucca/tenant-02//",
        "/webhooks/lucca/TENANT-01", // case changes
        "/webhooks/lucca/Tenant-01",
        "/webhooks/lucca/tenant-01/extra", // trailing segment
        "/webhooks/lucca/tenant-01/tenant-01",
        "/webhooks/lucca/", // empty tenant
        "/webhooks/lucca/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 65
        "/webhooks/lucca/t%C3%A9nant-01", // non-ASCII
        "/webhooks/lucca/tenant-01%C2%A0",
        "/webhooks/lucca/tenant-01%20",
        "/webhooks/lucca/tenant-01%00",
        "/webhooks/lucca/tenant-01%0D%0AX-Injected:%201",
        "/webhooks/lucca/%2E",
        "/webhooks/lucca/.tenant-01",
        "/webhooks/lucca/tenant-01%3B",
      })
  void aMutatedPathNeverRunsAHandlerNorAnswers404Or410Or5xx(String path) throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> response = postRefusable(path, signed("tenant-01", id));

    assertThat(anyRunsOf(id)).isZero();
    // The receiver answers 401 as for a bad signature, or the container refuses the URI (400).
    assertThat(response.statusCode()).isIn(400, 401);
    if (response.statusCode() == 401) {
      assertThat(text(response)).isEqualTo(BAD_SIGNATURE);
    }
  }

  @Test
  void thePrefixAloneGoesToTheEndpointWithoutTenantsConfiguredThereAndOtherwiseIs401()
      throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> single =
        post("/webhooks/lucca", SignedRequests.lucca(SINGLE_SECRET).event(event(id)));
    HttpResponse<byte[]> vaultPrefix = post("/webhooks/vault-down", signed("tenant-01", id));

    assertThat(single.statusCode()).isEqualTo(200);
    assertThat(runsOf("single:" + id)).isEqualTo(1);
    assertThat(runsOf("tenant-01:" + id)).isZero();
    assertThat(vaultPrefix.statusCode()).isEqualTo(401);
  }

  @Test
  void aSourceThatIsDownIsAnsweredLikeAStoreThatIsDown() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> vaultDown =
        post("/webhooks/vault-down/tenant-01", signed("tenant-01", id));
    HttpResponse<byte[]> storeDown = post("/webhooks/store-down", signed("tenant-01", id));

    assertThat(vaultDown.statusCode()).isEqualTo(503).isEqualTo(storeDown.statusCode());
    assertThat(vaultDown.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(storeDown.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(text(vaultDown)).isEqualTo("the signature cannot be checked now; retry later");
    assertThat(anyRunsOf(id)).isZero();
  }

  @Test
  void tenantPathMistakesFailAtBuild() {
    WebhookReceiver withTenants =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .verifier(Lucca.scheme(), SecretSource.of(secrets))
            .build();
    WebhookReceiver without = Lucca.receiver("s").build();

    assertThatThrownBy(() -> WebhookFilter.builder().endpoint("/a/{tenant}", without))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "endpoint path \"/a/{tenant}\" names the tenant, but its receiver has no tenant"
                + " secrets (give it verifier(scheme, secretSource))");
    assertThatThrownBy(() -> WebhookFilter.builder().endpoint("/a", withTenants))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "the receiver of endpoint path \"/a\" verifies with tenant secrets, but the path does"
                + " not name the tenant (end it with /{tenant})");
    for (String path : List.of("/{tenant}", "/a/{tenant}/b", "/a/x{tenant}", "/{tenant}/a")) {
      assertThatThrownBy(() -> WebhookFilter.builder().endpoint(path, withTenants))
          .as(path)
          .isInstanceOf(WebhookConfigurationException.class)
          .hasMessageContaining("may hold only {tenant}, and only as its last segment");
    }
    assertThatThrownBy(
            () ->
                WebhookFilter.builder()
                    .endpoint("/a/{tenant}", withTenants)
                    .endpoint("/a/b", without))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "endpoint path \"/a/b\" lies under \"/a/\", whose every path goes to the endpoint"
                + " \"/a/{tenant}\"");
    assertThatThrownBy(
            () ->
                WebhookFilter.builder()
                    .endpoint("/a/b/{tenant}", withTenants)
                    .endpoint("/a/{tenant}", withTenants))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "endpoint path \"/a/b/{tenant}\" lies under \"/a/\", whose every path goes to the"
                + " endpoint \"/a/{tenant}\"");
    assertThatThrownBy(
            () ->
                WebhookFilter.builder()
                    .endpoint("/a/{tenant}", withTenants)
                    .endpoint("/a/{tenant}/", withTenants))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("two endpoints on the path \"/a/{tenant}/\"");
    assertThat(
            WebhookFilter.builder()
                .endpoint("/a/{tenant}", withTenants)
                .endpoint("/a", without)
                .endpoint("/ab", without)
                .build()
                .endpoints())
        .containsOnlyKeys("/a/{tenant}", "/a", "/ab");
  }

  @Test
  void urlPatternsOfATenantPathCoverEverythingUnderItsPrefix() {
    assertThat(WebhookFilter.urlPatterns("/webhooks/lucca/{tenant}"))
        .containsExactly("/webhooks/lucca/*");
    assertThat(WebhookFilter.urlPatterns("/webhooks/lucca/{tenant}/"))
        .containsExactly("/webhooks/lucca/*");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static dev.hookline.receiver.fixtures.LuccaEvent event(String id) {
    return LuccaFixtures.employeeUpdated().id(id);
  }

  /** The event signed now with the tenant's secret. */
  private SignedRequests signed(String tenant, String id) {
    return SignedRequests.lucca(secrets.get(tenant).get(0)).event(event(id));
  }

  /**
   * Posts to a path the container may refuse. Jetty refuses some URIs with a 400 and closes the
   * connection without reading the body; the body already on the wire then resets the connection,
   * sometimes before the client has read the 400. Such an exchange is sent again, on a new
   * connection, up to five times in all. ("Expect: 100-continue" would avoid the race, but the JDK
   * 17 client can wait forever for a 100 that a refusal never sends.)
   */
  private HttpResponse<byte[]> postRefusable(String path, SignedRequests signed)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return post(path, signed);
      } catch (IOException reset) {
        if (attempt == 5) {
          throw reset;
        }
      }
    }
  }

  private HttpResponse<byte[]> post(String path, SignedRequests signed)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(builder::header);
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    copy.remove("date");
    return copy;
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The application behind the filter; a request that reaches it ran no webhook handler. */
  private static final class NextServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(404);
    }
  }

  private static final class UnreachableStore implements IdempotencyStore {
    @Override
    public Claim claim(String key) {
      throw new IdempotencyStoreException("connection refused");
    }

    @Override
    public void complete(Claim claim) {}

    @Override
    public void release(Claim claim) {}
  }
}
