package dev.hookline.receiver;

import static dev.hookline.receiver.TestRequests.employeeUpdated;
import static dev.hookline.receiver.TestRequests.lucca;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.idempotency.RecordingIdempotencyStore;
import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An endpoint with tenants, written like an attacker: each tenant's requests verify with its own
 * secrets only, a tenant that does not exist cannot be told from a bad signature, one tenant's
 * event ids never deduplicate another's, and a secret source that fails asks for a retry.
 */
class TenantReceiverTest {

  private static final Map<String, List<String>> SECRETS = tenants(20);

  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final List<String> observed = new CopyOnWriteArrayList<>();
  private final RecordingIdempotencyStore store = new RecordingIdempotencyStore();

  /** {@code tenant-01} to {@code tenant-NN}, each with a secret of its own. */
  private static Map<String, List<String>> tenants(int count) {
    Map<String, List<String>> tenants = new LinkedHashMap<>();
    for (int i = 1; i <= count; i++) {
      String tenant = String.format("tenant-%02d", i);
      tenants.put(tenant, List.of("secret-of-" + tenant));
    }
    return tenants;
  }

  private WebhookReceiver receiver(SecretSource source) {
    return receiver(Lucca.scheme(), source);
  }

  private WebhookReceiver receiver(SignatureScheme scheme, SecretSource source) {
    return receiver(scheme, source, store);
  }

  private WebhookReceiver receiver(
      SignatureScheme scheme, SecretSource source, IdempotencyStore idempotencyStore) {
    return WebhookReceiver.builder()
        .provider(Lucca.PROVIDER)
        .verifier(scheme, source)
        .idempotencyStore(idempotencyStore)
        .listener(
            new ReceiverListener() {
              @Override
              public void rejected(WebhookRequest request, int status, String reason) {
                observed.add("rejected " + status + " " + request.tenant().orElse("-"));
              }

              @Override
              public void handled(WebhookEvent event, Duration duration) {
                observed.add("handled " + event.tenant().orElse("-"));
              }
            })
        .onAny(event -> handled.add(event.tenant().orElseThrow() + ":" + event.id()))
        .build();
  }

  /** A Lucca delivery of the event signed now with the secret, on the tenant's path. */
  private static WebhookRequest signed(String id, String secret, String tenant) {
    return lucca(employeeUpdated(id), secret, Instant.now())
        .path("/webhooks/lucca/" + tenant)
        .tenant(tenant)
        .build();
  }

  private static String text(WebhookResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void eachOfTwentyTenantsIsVerifiedWithItsOwnSecret() {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));

    SECRETS.forEach(
        (tenant, secrets) ->
            assertThat(receiver.receive(signed("e-" + tenant, secrets.get(0), tenant)).status())
                .as(tenant)
                .isEqualTo(200));

    assertThat(handled).hasSize(20).contains("tenant-01:e-tenant-01", "tenant-20:e-tenant-20");
    assertThat(receiver.hasTenants()).isTrue();
  }

  @Test
  void aTenantsSignedRequestOnEveryOtherTenantsPathIsRejectedAsABadSignature() {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));
    String secretOfA = SECRETS.get("tenant-01").get(0);

    for (String other : SECRETS.keySet()) {
      if (other.equals("tenant-01")) {
        continue;
      }
      WebhookResponse response = receiver.receive(signed("cross", secretOfA, other));
      assertThat(response.status()).as(other).isEqualTo(401);
      assertThat(text(response))
          .isEqualTo(
              "signature rejected: NO_MATCHING_SIGNATURE: no signature in Lucca-Signature matches"
                  + " a configured key");
    }

    assertThat(handled).isEmpty();
    assertThat(store.claimed()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tenant-21", // valid, unknown
        "TENANT-01", // case changed
        "tenant-01 ",
        "",
        ".",
        "..",
        "-tenant",
        "tenant-01/tenant-02",
        "tenant-01%2Ftenant-02",
        "t\u00e9nant",
        "tenant\u0000",
        "tenant-01\r\nX-Injected: 1",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" // 65
      })
  void anUnknownOrInvalidTenantIsAnsweredExactlyLikeABadSignatureOfAKnownOne(String tenant) {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));
    String secretOfA = SECRETS.get("tenant-01").get(0);

    WebhookResponse unknown = receiver.receive(signed("x", secretOfA, tenant));
    WebhookResponse badSignature = receiver.receive(signed("x", "not-the-secret", "tenant-02"));

    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.headers()).isEqualTo(badSignature.headers());
    assertThat(unknown.body()).isEqualTo(badSignature.body());
    assertThat(handled).isEmpty();
  }

  @Test
  void everyRejectionReadsTheSameForAnUnknownTenantAsForAKnownOne() {
    Instant now = Instant.parse("2025-06-01T12:00:00Z");
    WebhookReceiver receiver =
        receiver(
            Lucca.scheme().withClock(Clock.fixed(now, ZoneOffset.UTC)), SecretSource.of(SECRETS));
    String secret = SECRETS.get("tenant-01").get(0);
    List<java.util.function.Function<String, WebhookRequest>> probes =
        List.of(
            tenant -> lucca(employeeUpdated(), "wrong", now).tenant(tenant).build(),
            tenant ->
                lucca(employeeUpdated(), secret, now)
                    .tenant(tenant)
                    .header("Lucca-Signature", "!")
                    .build(),
            tenant ->
                lucca(employeeUpdated(), secret, now.minus(Duration.ofHours(1)))
                    .tenant(tenant)
                    .build(),
            tenant ->
                WebhookRequest.builder()
                    .header("Content-Type", "application/json")
                    .body(employeeUpdated())
                    .tenant(tenant)
                    .build());

    for (var probe : probes) {
      WebhookResponse known = receiver.receive(probe.apply("tenant-02"));
      WebhookResponse unknown = receiver.receive(probe.apply("no-such-tenant"));
      assertThat(known.status()).isEqualTo(401);
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(text(unknown)).isEqualTo(text(known));
    }
  }

  @Test
  void aRequestNamingNoTenantIsAnsweredLikeABadSignature() {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));

    WebhookResponse response =
        receiver.receive(lucca(employeeUpdated(), "secret-of-tenant-01", Instant.now()).build());

    assertThat(response.status()).isEqualTo(401);
    assertThat(text(response)).startsWith("signature rejected: NO_MATCHING_SIGNATURE");
  }

  @Test
  void theSameEventIdUnderTwoTenantsRunsOnceForEachAndEachRetryIsADuplicate() {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));
    WebhookRequest forA = signed("same-id", "secret-of-tenant-01", "tenant-01");
    WebhookRequest forB = signed("same-id", "secret-of-tenant-02", "tenant-02");

    List<Integer> statuses = new ArrayList<>();
    for (WebhookRequest request : List.of(forA, forB, forA, forB)) {
      statuses.add(receiver.receive(request).status());
    }

    assertThat(statuses).containsExactly(200, 200, 200, 200);
    assertThat(handled).containsExactly("tenant-01:same-id", "tenant-02:same-id");
    assertThat(store.claimed())
        .containsExactly(
            "lucca/tenant-01|https://example.ilucca.net|same-id",
            "lucca/tenant-02|https://example.ilucca.net|same-id",
            "lucca/tenant-01|https://example.ilucca.net|same-id",
            "lucca/tenant-02|https://example.ilucca.net|same-id");
  }

  @Test
  void aTenantFillingABoundedStoreEvictsItsOwnKeysNeverAnotherTenants() {
    InMemoryIdempotencyStore bounded = InMemoryIdempotencyStore.builder().maxEntries(100).build();
    WebhookReceiver receiver = receiver(Lucca.scheme(), SecretSource.of(SECRETS), bounded);
    List<WebhookRequest> captured = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      captured.add(signed("acme-" + i, "secret-of-tenant-01", "tenant-01"));
    }
    captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(200));

    // Tenant 02 holds only its own secret and sends twenty times the store's bound of new events.
    for (int i = 0; i < 2_000; i++) {
      assertThat(
              receiver.receive(signed("flood-" + i, "secret-of-tenant-02", "tenant-02")).status())
          .isEqualTo(200);
    }
    captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(200));

    assertThat(handled).filteredOn(run -> run.startsWith("tenant-01:")).hasSize(20);
    assertThat(handled).hasSize(2_020);
    assertThat(bounded.size()).isEqualTo(100);
  }

  @Test
  void listenersAndLogLinesCarryTheTenant() {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));

    receiver.receive(signed("seen", "secret-of-tenant-03", "tenant-03"));
    receiver.receive(signed("seen", "secret-of-tenant-03", "tenant-04"));

    assertThat(observed).containsExactly("handled tenant-03", "rejected 401 tenant-04");
    assertThat(signed("seen", "x", "tenant-03").toString()).contains("for tenant tenant-03");
    assertThat(signed("seen", "x", "evil\nline").toString()).contains("for tenant evil\\nline");
  }

  @Test
  void aSourceThatThrowsIsAnswered503WithRetryAfterNever401() {
    WebhookReceiver receiver =
        receiver(
            (endpoint, tenant) -> {
              throw new IllegalStateException("vault unreachable");
            });

    WebhookResponse response = receiver.receive(signed("x", "secret-of-tenant-01", "tenant-01"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(text(response)).isEqualTo("the signature cannot be checked now; retry later");
    assertThat(observed).containsExactly("rejected 503 tenant-01");
    assertThat(handled).isEmpty();
  }

  @Test
  void whileTheSourceFailsARequestNoSecretCouldVerifyIsStill401() {
    WebhookReceiver receiver =
        receiver(
            (endpoint, tenant) -> {
              throw new IllegalStateException("vault unreachable");
            });
    WebhookRequest signed = signed("x", "secret-of-tenant-01", "tenant-01");
    WebhookRequest unsigned =
        WebhookRequest.builder()
            .method("POST")
            .header("Content-Type", "application/json")
            .tenant("tenant-01")
            .body(signed.body())
            .build();

    WebhookResponse missing = receiver.receive(unsigned);
    WebhookResponse wellFormed = receiver.receive(signed);

    assertThat(missing.status()).isEqualTo(401);
    assertThat(text(missing)).contains("MISSING_HEADER");
    assertThat(wellFormed.status()).isEqualTo(503);
    assertThat(handled).isEmpty();
  }

  @Test
  void aSourceIsAskedUnderTheEndpointsNameAndOnlyForValidTenantIds() {
    List<String> asked = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .provider(Lucca.PROVIDER)
            .endpoint("lucca-eu")
            .verifier(
                Lucca.scheme(),
                (endpoint, tenant) -> {
                  asked.add(endpoint + " " + tenant);
                  return List.of();
                })
            .onAny(event -> {})
            .build();

    receiver.receive(signed("x", "s", "acme"));
    receiver.receive(signed("x", "s", "../acme"));

    assertThat(asked).containsExactly("lucca-eu acme");
  }

  @Test
  void aRotationVerifiesBothSecretsWhileBothAreListedAndTheOldOneUntilTheCacheExpires() {
    Map<String, List<String>> vault = new ConcurrentHashMap<>();
    vault.put("acme", List.of("old-secret"));
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    WebhookReceiver receiver =
        receiver(
            SecretSource.cached(
                (endpoint, tenant) -> vault.getOrDefault(tenant, List.of()),
                Duration.ofMinutes(1),
                clock));
    AtomicInteger n = new AtomicInteger();
    java.util.function.Function<String, Integer> send =
        secret -> receiver.receive(signed("r" + n.incrementAndGet(), secret, "acme")).status();

    assertThat(send.apply("old-secret")).isEqualTo(200);
    vault.put("acme", List.of("old-secret", "new-secret"));
    assertThat(send.apply("new-secret")).as("not yet seen: the old answer is kept").isEqualTo(401);
    clock.advance(Duration.ofMinutes(1));
    assertThat(send.apply("new-secret")).as("both during the rotation").isEqualTo(200);
    assertThat(send.apply("old-secret")).isEqualTo(200);
    vault.put("acme", List.of("new-secret"));
    assertThat(send.apply("old-secret")).as("until the cache expires").isEqualTo(200);
    clock.advance(Duration.ofSeconds(61));
    assertThat(send.apply("old-secret")).as("retired").isEqualTo(401);
    assertThat(send.apply("new-secret")).isEqualTo(200);
  }

  @Test
  void aReceiverWithoutTenantsRefusesARequestNamingOne() {
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Lucca.receiver(TestRequests.LUCCA_SECRET).onAny(event -> runs.add(event.id())).build();

    WebhookResponse named = receiver.receive(lucca(employeeUpdated()).tenant("acme").build());
    WebhookResponse plain = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(named.status()).isEqualTo(401);
    assertThat(text(named))
        .isEqualTo(
            "signature rejected: NO_MATCHING_SIGNATURE: this endpoint has no tenants, but the"
                + " request names one");
    assertThat(plain.status()).isEqualTo(200);
    assertThat(runs).containsExactly("123");
    assertThat(receiver.hasTenants()).isFalse();
  }

  @Test
  void aSchemeWithKeysOfItsOwnCannotVerifyTenants() throws Exception {
    String publicKey =
        java.util.Base64.getEncoder()
            .encodeToString(
                java.security.KeyPairGenerator.getInstance("Ed25519")
                    .generateKeyPair()
                    .getPublic()
                    .getEncoded());
    WebhookReceiver.Builder builder =
        WebhookReceiver.builder()
            .provider(StandardWebhooks.PROVIDER)
            .verifier(
                StandardWebhooks.scheme().withPublicKeys(List.of(publicKey)),
                SecretSource.of(Map.of()))
            .onAny(event -> {});

    assertThatThrownBy(builder::build)
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("verifies with keys of its own (public keys)");
  }

  @Test
  void replayNamesTheTenantWhoseEventItIs() {
    WebhookReceiver receiver = receiver(SecretSource.of(SECRETS));
    WebhookRequest.Builder unsigned =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .body(employeeUpdated("replayed"));

    List<DeliveryOutcome> first = receiver.replay(unsigned.tenant("tenant-05").build());
    WebhookResponse live = receiver.receive(signed("replayed", "secret-of-tenant-05", "tenant-05"));

    assertThat(first).containsExactly(DeliveryOutcome.HANDLED);
    assertThat(live.status()).isEqualTo(200);
    assertThat(handled).containsExactly("tenant-05:replayed");
    assertThatThrownBy(
            () ->
                receiver.replay(
                    WebhookRequest.builder()
                        .header("Content-Type", "application/json")
                        .body(employeeUpdated())
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("endpoint lucca has tenants: a replayed request must name one");
  }

  @Test
  void anAsynchronousEndpointKeepsTheTenantUntilItsWorkerRunsTheHandler() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create();
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = asynchronous(inbox, runs);

    assertThat(receiver.receive(signed("a1", "secret-of-tenant-01", "tenant-01")).status())
        .isEqualTo(202);
    assertThat(receiver.receive(signed("a1", "secret-of-tenant-02", "tenant-02")).status())
        .isEqualTo(202);
    assertThat(receiver.receive(signed("a1", "secret-of-tenant-02", "tenant-02")).status())
        .isEqualTo(200);
    Drain.withWorker(receiver, inbox);

    assertThat(runs).containsExactlyInAnyOrder("tenant-01:a1", "tenant-02:a1");
  }

  @Test
  void aTenantFloodingABoundedInboxForgetsItsOwnKeysNeverAnotherTenants() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create(40, Duration.ofDays(1), Clock.systemUTC());
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = asynchronous(inbox, runs);
    List<WebhookRequest> captured = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      captured.add(signed("acme-" + i, "secret-of-tenant-01", "tenant-01"));
    }
    InboxWorker worker =
        InboxWorker.builder(receiver).pollInterval(Duration.ofMillis(2)).build().start();
    try {
      captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(202));
      Drain.drain(inbox);
      // Tenant 02 holds only its own secret and sends ten times the inbox's bound of new events.
      for (int batch = 0; batch < 40; batch++) {
        for (int i = 0; i < 10; i++) {
          WebhookRequest flood =
              signed("flood-" + batch + "-" + i, "secret-of-tenant-02", "tenant-02");
          assertThat(receiver.receive(flood).status()).isEqualTo(202);
        }
        Drain.drain(inbox);
      }

      captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(200));
    } finally {
      worker.close();
    }

    assertThat(runs).filteredOn(run -> run.startsWith("tenant-01:")).hasSize(10);
    assertThat(runs).hasSize(410);
  }

  @Test
  void aTenantFillingABoundedInboxWithDeadEventsNeverMakesAnotherTenantsHandledEventsNew()
      throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create(20, Duration.ofDays(1), Clock.systemUTC());
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = employees(inbox, runs);
    List<WebhookRequest> captured = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      captured.add(employee("acme-" + i, "acme"));
    }
    InboxWorker worker =
        InboxWorker.builder(receiver).pollInterval(Duration.ofMillis(2)).build().start();
    try {
      captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(202));
      Drain.drain(inbox);
      // Evil signs only for itself; its events' data does not bind, so each is dead at once.
      flood(receiver, inbox, 19);

      captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(200));
    } finally {
      worker.close();
    }

    assertThat(runs).hasSize(6).allMatch(run -> run.startsWith("acme:"));
    assertThat(inbox.deadCount()).isEqualTo(14);
  }

  @Test
  void aTenantFillingABoundedInboxWithDeadEventsNeverLocksAnotherTenantOut() throws Exception {
    InMemoryInbox inbox = InMemoryInbox.create(20, Duration.ofDays(1), Clock.systemUTC());
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver = employees(inbox, runs);
    InboxWorker worker =
        InboxWorker.builder(receiver).pollInterval(Duration.ofMillis(2)).build().start();
    try {
      flood(receiver, inbox, 20);
      assertThat(inbox.deadCount()).isEqualTo(20);

      for (int i = 0; i < 4; i++) {
        assertThat(receiver.receive(employee("acme-" + i, "acme")).status())
            .as("acme-%d", i)
            .isEqualTo(202);
      }
      Drain.drain(inbox);
    } finally {
      worker.close();
    }

    assertThat(runs).hasSize(4).allMatch(run -> run.startsWith("acme:"));
    assertThat(inbox.deadCount()).isEqualTo(16);
  }

  /**
   * Evil's new events whose data does not bind to the handler's type, each answered 202, in batches
   * of at most five that the worker runs (so to dead) before the next batch.
   */
  private static void flood(WebhookReceiver receiver, InMemoryInbox inbox, int events)
      throws InterruptedException {
    for (int i = 0; i < events; i++) {
      byte[] unbindable =
          new String(employeeUpdated("evil-" + i), StandardCharsets.UTF_8)
              .replace("\"givenName\": \"Edward\"", "\"givenName\": {\"not\": \"a name\"}")
              .getBytes(StandardCharsets.UTF_8);
      WebhookRequest request =
          lucca(unbindable, "secret-of-evil", Instant.now())
              .path("/webhooks/lucca/evil")
              .tenant("evil")
              .build();
      assertThat(receiver.receive(request).status()).as("evil-%d", i).isEqualTo(202);
      if (i % 5 == 4 || i == events - 1) {
        Drain.drain(inbox);
      }
    }
  }

  /** An employee.updated event of the tenant, signed with its secret. */
  private static WebhookRequest employee(String id, String tenant) {
    return signed(id, "secret-of-" + tenant, tenant);
  }

  /**
   * An asynchronous endpoint with tenants acme and evil whose handler binds each event's data to an
   * {@link Employee} and records tenant:id.
   */
  private static WebhookReceiver employees(InMemoryInbox inbox, List<String> runs) {
    return WebhookReceiver.builder()
        .provider(Lucca.PROVIDER)
        .verifier(
            Lucca.scheme(),
            SecretSource.of(
                Map.of("acme", List.of("secret-of-acme"), "evil", List.of("secret-of-evil"))))
        .async(inbox)
        .on(
            "employee.updated",
            Employee.class,
            (employee, event) -> runs.add(event.tenant().orElse("-") + ":" + event.id()))
        .build();
  }

  /** An asynchronous endpoint with the tenants' secrets whose handler records tenant:id. */
  private static WebhookReceiver asynchronous(InMemoryInbox inbox, List<String> runs) {
    return WebhookReceiver.builder()
        .provider(Lucca.PROVIDER)
        .verifier(Lucca.scheme(), SecretSource.of(SECRETS))
        .async(inbox)
        .onAny(event -> runs.add(event.tenant().orElse("-") + ":" + event.id()))
        .build();
  }
}
