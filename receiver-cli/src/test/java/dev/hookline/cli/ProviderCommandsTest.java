package dev.hookline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.fixtures.Fixtures;
import dev.hookline.receiver.fixtures.LuccaAttemptsPage;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.jdbc.Dialect;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.signature.HmacAlgorithm;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Drives {@code hookline lucca …} and {@code hookline replay …} against WireMock standing in for
 * the provider APIs, replaying into real receivers on a random port.
 */
class ProviderCommandsTest {

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENDPOINTS = "/lucca-api/webhook-endpoints";
  private static final String ATTEMPTS =
      "/lucca-api/webhook-delivery-attempts?include=embedded,links,totalCount";

  /** The secret of the create-endpoint fixture. */
  private static final String CREATED_SECRET = createdSecret();

  private static final String CLIENT_SECRET = "client-secret-value-123";
  private static final String ENDPOINT_SECRET = "endpoint-secret";

  private final Map<String, Integer> handled = new ConcurrentHashMap<>();

  /** The CLI's environment: HOOKLINE_SECRET is read from here, never from the process. */
  private final Map<String, String> environment = new HashMap<>();

  private TestReceiverServer server;

  record Run(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeEach
  void start() throws IOException {
    server =
        new TestReceiverServer()
            .mount(
                "/webhooks/lucca",
                Lucca.receiver(ENDPOINT_SECRET)
                    .on(
                        "employee.*",
                        event -> {
                          handled.merge(event.id(), 1, Integer::sum);
                          if (event.id().equals("e7")) {
                            throw new IllegalStateException("boom");
                          }
                        })
                    .build());
    wm.stubFor(
        post(urlEqualTo("/connect/token"))
            .willReturn(
                okJson("{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":1800}")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = HooklineCommand.commandLine(environment::get);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static List<String> api(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--api-host",
            wm.baseUrl(),
            "--token-url",
            wm.baseUrl() + "/connect/token",
            "--client-id",
            "hookline",
            "--client-secret",
            CLIENT_SECRET,
            "--timeout",
            "PT5S"));
    return args;
  }

  private Run run(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return run(all.toArray(String[]::new));
  }

  private static String createdSecret() {
    try {
      return JSON.readTree(Fixtures.published("lucca/webhook-endpoint.create.response.json"))
          .path("secret")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A published example with its links pointing at WireMock. */
  static String fixture(String path) {
    return Fixtures.published(path).replace(LuccaFixtures.SOURCE, wm.baseUrl());
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  // ---- lucca endpoint ----

  private Run create(String... more) {
    return run(
        api("lucca", "endpoint", "create"),
        concat(
            List.of(
                "--url",
                "https://i-am-aweso.me/lucca-webhooks/123",
                "--topic",
                "employee.created",
                "--topic",
                "employee.updated"),
            more));
  }

  private static String[] concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void endpointCreatePrintsTheEndpointAndTheSecretExactlyOnce() {
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(fixture("lucca/webhook-endpoint.create.response.json"))));

    Run run = create("--name", "HR sync", "--content-type", "cloudEvents");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("created endpoint 456789412")
        .contains("url:     https://i-am-aweso.me/lucca-webhooks/123")
        .contains("topics:  employee.created, employee.updated, employee.deleted")
        .contains("status:  active")
        .contains("secret (shown once, store it now): " + CREATED_SECRET + "\n");
    assertThat(occurrences(run.all(), CREATED_SECRET)).isEqualTo(1);
    assertThat(occurrences(run.all(), "secret (shown once, store it now): ")).isEqualTo(1);
    assertThat(run.all()).doesNotContain(CLIENT_SECRET);
    wm.verify(
        postRequestedFor(urlEqualTo(ENDPOINTS))
            .withHeader("Authorization", equalTo("Bearer t1"))
            .withRequestBody(
                equalToJson(
                    "{\"name\":\"HR sync\",\"apiVersion\":\"2024-11-01\","
                        + "\"webhookUrl\":\"https://i-am-aweso.me/lucca-webhooks/123\","
                        + "\"topics\":[\"employee.created\",\"employee.updated\"],"
                        + "\"status\":\"active\",\"contentType\":\"cloudEvents\"}")));
  }

  @Test
  void endpointCreateRefusedByLuccaExitsWith1WithoutSecrets() {
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"title\":\"Forbidden\"}")));

    Run run = create();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("hookline: lucca.endpoints.create").contains("403");
    assertThat(run.all()).doesNotContain("secret (shown once").doesNotContain(CLIENT_SECRET);
  }

  @Test
  void endpointCreateUsageErrorsExitWith2() {
    Run plainHttp =
        run(
            api("lucca", "endpoint", "create"),
            "--url",
            "http://insecure.example/x",
            "--topic",
            "employee.created");
    assertThat(plainHttp.exitCode()).isEqualTo(2);
    assertThat(plainHttp.err()).contains("must be an absolute https URL");

    assertThat(create("--content-type", "xml").exitCode()).isEqualTo(2);
    assertThat(
            run(
                    "lucca",
                    "endpoint",
                    "create",
                    "--api-host",
                    wm.baseUrl(),
                    "--client-id",
                    "c",
                    "--url",
                    "https://h.example/x",
                    "--topic",
                    "a")
                .err())
        .contains("Missing --client-secret");
    assertThat(run(api("lucca", "endpoint", "create"), "--url", "https://h.example/x").exitCode())
        .isEqualTo(2);
    assertThat(run("lucca").exitCode()).isEqualTo(2);
    assertThat(run("lucca", "endpoint").exitCode()).isEqualTo(2);
  }

  // ---- lucca endpoint create --vault-url ----

  private static final String VAULT_KEY = randomKey();
  private static final String VAULT_PASSWORD = "vault-password-" + randomKey();

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** A fresh in-memory H2 database holding the vault's table, alive until the JVM ends. */
  private static JdbcDataSource vaultDatabase() throws SQLException {
    JdbcDataSource database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:vault-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    database.setUser("sa");
    database.setPassword(VAULT_PASSWORD);
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : Dialect.H2.secretsDdl(JdbcSecretVault.DEFAULT_TABLE_NAME)) {
        statement.execute(ddl);
      }
    }
    return database;
  }

  private static JdbcSecretVault vault(JdbcDataSource database) {
    return JdbcSecretVault.builder(database).key("k1", VAULT_KEY).currentKey("k1").build();
  }

  private Run createIntoVault(JdbcDataSource database, String... more) {
    return createIntoVaultFor(database, "acme", more);
  }

  private Run createIntoVaultFor(JdbcDataSource database, String tenant, String... more) {
    environment.putIfAbsent(VaultOptions.KEY_VARIABLE, VAULT_KEY);
    environment.putIfAbsent(VaultOptions.PASSWORD_VARIABLE, VAULT_PASSWORD);
    return create(
        concat(
            List.of(
                "--vault-url",
                database.getURL(),
                "--vault-user",
                "sa",
                "--vault-key-id",
                "k1",
                "--vault-endpoint",
                "lucca",
                "--vault-tenant",
                tenant),
            more));
  }

  private static void stubCreated() {
    wm.stubFor(
        post(urlEqualTo(ENDPOINTS))
            .willReturn(okJson(fixture("lucca/webhook-endpoint.create.response.json"))));
  }

  @Test
  void endpointCreateWithAVaultStoresTheSecretAndPrintsOnlyTheIds() throws SQLException {
    JdbcDataSource database = vaultDatabase();
    stubCreated();

    Run run = createIntoVault(database);

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("created endpoint 456789412")
        .containsPattern(
            "stored secret [0-9a-f]{32} for tenant acme of endpoint lucca in the vault\n");
    assertThat(run.all())
        .doesNotContain(CREATED_SECRET)
        .doesNotContain("shown once")
        .doesNotContain(VAULT_KEY)
        .doesNotContain(VAULT_PASSWORD)
        .doesNotContain(CLIENT_SECRET);
    assertThat(vault(database).secrets("lucca", "acme")).containsExactly(CREATED_SECRET);
    wm.verify(0, deleteRequestedFor(urlPathMatching(ENDPOINTS + "/.*")));
  }

  @Test
  void endpointCreateTakesTheVaultKeyAndPasswordFromFiles(@TempDir Path directory)
      throws Exception {
    JdbcDataSource database = vaultDatabase();
    stubCreated();
    Path keyFile = Files.writeString(directory.resolve("vault.key"), VAULT_KEY + "\n");
    Path passwordFile = Files.writeString(directory.resolve("password"), VAULT_PASSWORD + "\n");

    Run run =
        create(
            "--vault-url",
            database.getURL(),
            "--vault-user",
            "sa",
            "--vault-password-file",
            passwordFile.toString(),
            "--vault-key-id",
            "k1",
            "--vault-key-file",
            keyFile.toString(),
            "--vault-endpoint",
            "customers",
            "--vault-tenant",
            "globex");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(vault(database).secrets("customers", "globex")).containsExactly(CREATED_SECRET);
  }

  @Test
  void endpointCreateDeletesTheEndpointWhenTheVaultRefusesTheSecret() throws SQLException {
    JdbcDataSource database = vaultDatabase();
    // Another tenant of the endpoint holds the secret Lucca answers: the vault refuses it.
    vault(database).add("lucca", "globex", CREATED_SECRET);
    stubCreated();
    wm.stubFor(
        delete(urlEqualTo(ENDPOINTS + "/456789412")).willReturn(aResponse().withStatus(204)));

    Run run = createIntoVault(database);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "hookline: storing the secret failed: secret of tenant acme of endpoint lucca is"
                + " refused")
        .contains("hookline: endpoint 456789412 was deleted; run the command again");
    assertThat(run.all()).doesNotContain(CREATED_SECRET).doesNotContain(VAULT_KEY);
    wm.verify(1, deleteRequestedFor(urlEqualTo(ENDPOINTS + "/456789412")));
    assertThat(vault(database).tenants("lucca")).containsExactly("globex");
  }

  @Test
  void endpointCreatePrintsTheSecretWhenNeitherStoringNorDeletingWorks() throws SQLException {
    JdbcDataSource database = vaultDatabase();
    vault(database).add("lucca", "globex", CREATED_SECRET);
    stubCreated();
    wm.stubFor(
        delete(urlEqualTo(ENDPOINTS + "/456789412")).willReturn(aResponse().withStatus(500)));

    Run run = createIntoVault(database);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("hookline: storing the secret failed: ")
        .contains("hookline: deleting endpoint 456789412 failed too: ")
        .contains("hookline: endpoint 456789412 is left; store its secret by hand");
    assertThat(run.out()).contains("secret (shown once, store it now): " + CREATED_SECRET + "\n");
    assertThat(occurrences(run.all(), CREATED_SECRET)).isEqualTo(1);
  }

  @Test
  void endpointCreateChecksTheVaultBeforeCreatingTheEndpoint() throws SQLException {
    JdbcDataSource database = vaultDatabase();
    stubCreated();

    Run noKey =
        create(
            "--vault-url",
            database.getURL(),
            "--vault-key-id",
            "k1",
            "--vault-endpoint",
            "lucca",
            "--vault-tenant",
            "acme");
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err())
        .contains("--vault-url needs the key in --vault-key-file or $HOOKLINE_VAULT_KEY");

    Run keyOnTheCommandLine = createIntoVault(database, "--vault-key", VAULT_KEY);
    assertThat(keyOnTheCommandLine.exitCode()).isEqualTo(2);
    assertThat(keyOnTheCommandLine.err()).contains("Unknown options: '--vault-key'");

    Run missingTenant =
        create("--vault-url", database.getURL(), "--vault-key-id", "k1", "--vault-endpoint", "l");
    assertThat(missingTenant.exitCode()).isEqualTo(2);
    assertThat(missingTenant.err()).contains("--vault-tenant");

    Run badTenant = createIntoVaultFor(database, "../acme");
    assertThat(badTenant.exitCode()).isEqualTo(2);
    assertThat(badTenant.err()).contains("--vault-tenant must be 1 to 64 ASCII letters");

    environment.put(VaultOptions.KEY_VARIABLE, "not-a-key");
    Run badKey = createIntoVault(database);
    assertThat(badKey.exitCode()).isEqualTo(2);
    assertThat(badKey.err()).contains("key k1 must be base64").doesNotContain("not-a-key");
    environment.put(VaultOptions.KEY_VARIABLE, VAULT_KEY);

    Run noDriver =
        create(
            "--vault-url",
            "jdbc:nosuchdb://db.example/vault?password=hunter2",
            "--vault-key-id",
            "k1",
            "--vault-endpoint",
            "lucca",
            "--vault-tenant",
            "acme");
    assertThat(noDriver.exitCode()).isEqualTo(2);
    assertThat(noDriver.err())
        .contains("No JDBC driver on the class path accepts --vault-url jdbc:nosuchdb:…")
        .doesNotContain("hunter2");

    Run noTable = createIntoVault(database, "--vault-table", "no_such_table");
    assertThat(noTable.exitCode()).isEqualTo(1);
    assertThat(noTable.err()).contains("hookline: JDBC secret vault failed to list tenants");

    wm.verify(0, postRequestedFor(urlEqualTo(ENDPOINTS)));
    assertThat(vault(database).tenants("lucca")).isEmpty();
  }

  @Test
  void endpointListPrintsOneLinePerEndpoint() {
    String endpoint = fixture("lucca/webhook-endpoint.create.response.json");
    wm.stubFor(
        get(urlEqualTo(ENDPOINTS))
            .willReturn(
                okJson(
                    "{\"items\":["
                        + endpoint
                        + ","
                        + endpoint.replace("456789412", "2").replace("\"active\"", "\"suspended\"")
                        + "],\"links\":{\"next\":null}}")));

    Run run = run(api("lucca", "endpoint", "list"));

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains(
            "456789412  active  https://i-am-aweso.me/lucca-webhooks/123  "
                + "employee.created,employee.updated,employee.deleted")
        .contains("2  suspended  ")
        .contains("2 endpoints")
        .doesNotContain(CREATED_SECRET);
  }

  // ---- replay lucca ----

  record Attempt(String id, String delivery, boolean successful, Instant createdAt) {}

  record Delivery(String id, String status, String eventId, String topic) {}

  /** An attempts page with every delivery's event embedded, and no next page. */
  static String attemptsPage(List<Attempt> attempts, List<Delivery> deliveries) {
    LuccaAttemptsPage page = LuccaAttemptsPage.create();
    attempts.forEach(a -> page.attempt(a.id(), a.delivery(), a.successful(), a.createdAt()));
    for (Delivery delivery : deliveries) {
      page.delivery(delivery.id(), delivery.status(), delivery.eventId())
          .event(LuccaFixtures.employeeUpdated().id(delivery.eventId()).topic(delivery.topic()));
    }
    return page.json(wm.baseUrl());
  }

  private Run replayLucca(String since, String secret) {
    environment.put(ReplaySigning.SECRET_VARIABLE, secret);
    return run(api("replay", "lucca"), "--since", since, "--url", server.url("/webhooks/lucca"));
  }

  @Test
  void replayLuccaPostsFailedEventsSignedAndASecondRunIsHandledOnce() throws IOException {
    Instant recent = Instant.now().minus(1, ChronoUnit.HOURS);
    Instant old = Instant.now().minus(3, ChronoUnit.DAYS);
    wm.stubFor(
        get(urlEqualTo(ATTEMPTS))
            .willReturn(
                okJson(
                    attemptsPage(
                        List.of(
                            new Attempt("a1", "d1", false, recent),
                            new Attempt("a2", "d1", false, recent),
                            new Attempt("a3", "d2", false, recent),
                            new Attempt("a4", "d3", true, recent),
                            new Attempt("a5", "d4", false, old)),
                        List.of(
                            new Delivery("d1", "undelivered", "e1", "employee.updated"),
                            new Delivery("d2", "failed", "e2", "employee.created"),
                            new Delivery("d3", "delivered", "e3", "employee.updated"),
                            new Delivery("d4", "failed", "e4", "employee.updated"))))));

    Run first = replayLucca("6h", ENDPOINT_SECRET);

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(first.out())
        .contains("replayed  e1 (employee.updated): HTTP 200")
        .contains("replayed  e2 (employee.created): HTTP 200")
        .contains("deliveries: 2 not delivered (replayed), 1 delivered (skipped), 0 of unknown")
        .contains("2 replayed, 0 failed")
        .doesNotContain("e3")
        .doesNotContain("e4");
    assertThat(handled).containsOnly(Map.entry("e1", 1), Map.entry("e2", 1));

    Run second = replayLucca("6h", ENDPOINT_SECRET);

    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(second.out())
        .contains("replayed  e1 (employee.updated): HTTP 200")
        .contains("2 replayed, 0 failed");
    assertThat(handled).containsOnly(Map.entry("e1", 1), Map.entry("e2", 1));

    Run longer = replayLucca(Instant.now().minus(7, ChronoUnit.DAYS).toString(), ENDPOINT_SECRET);
    assertThat(longer.out()).contains("replayed  e4 (employee.updated)").contains("3 replayed");
    assertThat(handled).containsEntry("e4", 1);
  }

  @Test
  void replayLuccaReportsRejectedEventsAndExitsWith1() throws IOException {
    Instant recent = Instant.now().minus(1, ChronoUnit.HOURS);
    wm.stubFor(
        get(urlEqualTo(ATTEMPTS))
            .willReturn(
                okJson(
                    attemptsPage(
                        List.of(
                            new Attempt("a1", "d1", false, recent),
                            new Attempt("a7", "d7", false, recent)),
                        List.of(
                            new Delivery("d1", "failed", "e1", "employee.updated"),
                            new Delivery("d7", "failed", "e7", "employee.updated"))))));

    Run run = replayLucca("2d", ENDPOINT_SECRET);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("replayed  e1 (employee.updated): HTTP 200")
        .contains("failed    e7 (employee.updated): HTTP 503: a handler failed; retry later")
        .contains("1 replayed, 1 failed");

    Run wrongSecret = replayLucca("2d", "another-secret");
    assertThat(wrongSecret.exitCode()).isEqualTo(1);
    assertThat(wrongSecret.out()).contains("HTTP 401").contains("0 replayed, 2 failed");
  }

  @Test
  void replayLuccaListingFailureExitsWith1() {
    wm.stubFor(
        get(urlEqualTo(ATTEMPTS))
            .willReturn(aResponse().withStatus(403).withBody("{\"title\":\"Forbidden\"}")));

    Run run = replayLucca("6h", ENDPOINT_SECRET);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("stopped   listing the deliveries failed: lucca.attempts.list")
        .contains(
            "0 replayed, 0 failed; the listing is incomplete: lucca.attempts.list failed with"
                + " HTTP 403")
        .doesNotContain("run again");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2099-01-01T00:00:00Z", "6x", ""})
  void replayRejectsABadSinceWith2(String since) {
    Run run = replayLucca(since, ENDPOINT_SECRET);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--since");
  }

  @Test
  void sinceAcceptsInstantsDatesAndDurations() {
    CommandLine cmd = HooklineCommand.commandLine();
    Instant now = Instant.parse("2026-11-22T12:00:00Z");

    assertThat(Inputs.since(cmd, "6h", now)).isEqualTo("2026-11-22T06:00:00Z");
    assertThat(Inputs.since(cmd, "30m", now)).isEqualTo("2026-11-22T11:30:00Z");
    assertThat(Inputs.since(cmd, "2d", now)).isEqualTo("2026-11-20T12:00:00Z");
    assertThat(Inputs.since(cmd, "PT6H", now)).isEqualTo("2026-11-22T06:00:00Z");
    assertThat(Inputs.since(cmd, "2025-01-01", now)).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(Inputs.since(cmd, "2025-01-01T08:00:00Z", now)).isEqualTo("2025-01-01T08:00:00Z");
  }

  // ---- replay arta ----

  static String artaBody(String id) {
    return "{\"data\": {\"id\": \""
        + id
        + "\"}, \"object\": \"request\", \"type\": \"request.created\"}";
  }

  /** Lists d1 (failed), d2 (delivered) and d3 (failed), with the bodies of r1, r2 and r3. */
  private static void stubArtaDeliveries() throws IOException {
    stubArtaDeliveries(
        new String[] {"d1", "failed", "r1"},
        new String[] {"d2", "delivered", "r2"},
        new String[] {"d3", "failed", "r3"});
  }

  /** Lists deliveries given as {id, status, request id}, each with its request body. */
  private static void stubArtaDeliveries(String[]... rows) throws IOException {
    String recent = Instant.now().minus(1, ChronoUnit.HOURS).toString().replace("Z", "");
    ObjectNode page = (ObjectNode) JSON.readTree(fixture("arta/webhook-deliveries.page.json"));
    ObjectNode template = (ObjectNode) page.path("items").get(0);
    ArrayNode items = JSON.createArrayNode();
    for (String[] row : rows) {
      ObjectNode item =
          template.deepCopy().put("id", row[0]).put("status", row[1]).put("created_at", recent);
      items.add(item);
      wm.stubFor(
          get(urlEqualTo("/webhook_deliveries/" + row[0]))
              .willReturn(
                  okJson(
                      JSON.writeValueAsString(
                          item.deepCopy()
                              .put("request_body", artaBody(row[2]))
                              .put("response_body", "")))));
    }
    page.set("items", items);
    ((ObjectNode) page.path("metadata")).put("total_count", rows.length);
    wm.stubFor(
        get(urlPathEqualTo("/webhook_deliveries"))
            .willReturn(okJson(JSON.writeValueAsString(page))));
  }

  /** An Arta endpoint at /webhooks/arta counting the requests it handles by their data id. */
  private void mountArta(SignatureVerifier verifier) {
    server.mount(
        "/webhooks/arta",
        Arta.receiver(verifier)
            .on(
                "request.*",
                event -> handled.merge(event.data().path("id").asText(), 1, Integer::sum))
            .build());
  }

  private Run replayArta(String... more) {
    return run(
        List.of(
            "replay",
            "arta",
            "--since",
            "1d",
            "--api-key",
            "key",
            "--api-host",
            wm.baseUrl(),
            "--url",
            server.url("/webhooks/arta")),
        more);
  }

  @Test
  void replayArtaPostsFailedRequestBodiesByteForByte() throws IOException {
    stubArtaDeliveries();
    mountArta(SignatureVerifier.unverified("test"));

    Run run = replayArta("-H", "X-Replay: hookline");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("replayed  d1 (request.created): HTTP 200")
        .contains("replayed  d3 (request.created): HTTP 200")
        .contains("2 replayed, 0 failed")
        .doesNotContain("d2");
    assertThat(handled).containsOnly(Map.entry("r1", 1), Map.entry("r3", 1));
  }

  @Test
  void replayArtaSkipsDeliveredAndReportsAnUnknownStatusWithoutReplayingIt() throws IOException {
    stubArtaDeliveries(
        new String[] {"d1", "failed", "r1"},
        new String[] {"d2", "delivered", "r2"},
        new String[] {"d4", "pending", "r4"});
    mountArta(SignatureVerifier.unverified("test"));

    Run run = replayArta();

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .contains("replayed  d1 (request.created): HTTP 200")
        .contains("d4 (request.created): the delivery's status \"pending\" is not a known one")
        .contains("deliveries: 1 not delivered (replayed), 1 delivered (skipped), 1 of unknown")
        .doesNotContain("d2");
    assertThat(handled).containsOnly(Map.entry("r1", 1));
    wm.verify(0, getRequestedFor(urlEqualTo("/webhook_deliveries/d4")));
  }

  /** The Spring sample's Arta verifier: X-Arta-Signature, a hex HMAC-SHA256 of the raw body. */
  private static final String ARTA_SECRET = "hookline-arta-secret";

  private static final SignatureVerifier SAMPLE_ARTA_VERIFIER =
      HmacSignature.builder()
          .signatureHeader("X-Arta-Signature")
          .encoding(SignatureEncoding.HEX)
          .algorithm(HmacAlgorithm.SHA256)
          .signedContent("{body}")
          .secrets(ARTA_SECRET)
          .build();

  @Test
  void replayArtaToAnHmacVerifyingEndpointIsRejectedUnsignedAndHandledOnceSigned()
      throws IOException {
    stubArtaDeliveries();
    mountArta(SAMPLE_ARTA_VERIFIER);
    environment.put(ReplaySigning.SECRET_VARIABLE, ARTA_SECRET);

    Run unsigned = replayArta();

    assertThat(unsigned.exitCode()).isEqualTo(1);
    assertThat(unsigned.out())
        .contains("failed    d1 (request.created): HTTP 401")
        .contains("failed    d3 (request.created): HTTP 401")
        .contains("0 replayed, 2 failed");
    assertThat(handled).isEmpty();

    Run signed = replayArta("--sign-scheme", "hmac", "--sign-header", "X-Arta-Signature");

    assertThat(signed.exitCode()).as(signed.all()).isZero();
    assertThat(signed.out())
        .contains("replayed  d1 (request.created): HTTP 200")
        .contains("replayed  d3 (request.created): HTTP 200")
        .contains("2 replayed, 0 failed");
    assertThat(handled).containsOnly(Map.entry("r1", 1), Map.entry("r3", 1));
    assertThat(unsigned.all() + signed.all()).doesNotContain(ARTA_SECRET);
  }

  static Stream<Arguments> providerSchemes() {
    String whsec = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    return Stream.of(
        Arguments.of("lucca", "lucca-secret", Lucca.scheme().verifier("lucca-secret")),
        Arguments.of("standard-webhooks", whsec, StandardWebhooks.scheme().verifier(whsec)),
        Arguments.of("svix", whsec, StandardWebhooks.scheme().verifier(whsec)),
        Arguments.of("github", "github-secret", GitHub.scheme().verifier("github-secret")),
        Arguments.of("stripe", "whsec_stripe", Stripe.scheme().verifier("whsec_stripe")));
  }

  @ParameterizedTest
  @MethodSource("providerSchemes")
  void replayArtaSignsWithEveryProviderSchemeSendKnows(
      String scheme, String secret, SignatureVerifier verifier) throws IOException {
    stubArtaDeliveries();
    mountArta(verifier);
    environment.put(ReplaySigning.SECRET_VARIABLE, secret);

    Run run = replayArta("--sign-scheme", scheme);

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("2 replayed, 0 failed");
    assertThat(handled).containsOnly(Map.entry("r1", 1), Map.entry("r3", 1));
    assertThat(run.all()).doesNotContain(secret);
  }

  @Test
  void replaySigningUsageErrorsExitWith2BeforeAnyApiCall() {
    mountArta(SAMPLE_ARTA_VERIFIER);

    Run noSecret = replayArta("--sign-scheme", "hmac", "--sign-header", "X-Arta-Signature");
    assertThat(noSecret.exitCode()).isEqualTo(2);
    assertThat(noSecret.err())
        .contains(
            "--sign-scheme hmac signs with the HOOKLINE_SECRET environment variable, which is"
                + " not set");

    environment.put(ReplaySigning.SECRET_VARIABLE, ARTA_SECRET);
    Run unknown = replayArta("--sign-scheme", "arta");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "Unknown --sign-scheme 'arta'; expected one of"
                + " [lucca, standard-webhooks, github, stripe, shopify, slack, acme, hmac]");
    Run noHeader = replayArta("--sign-scheme", "hmac");
    assertThat(noHeader.exitCode()).isEqualTo(2);
    assertThat(noHeader.err()).contains("--sign-scheme hmac needs --sign-header NAME");
    Run headerWithoutHmac = replayArta("--sign-scheme", "github", "--sign-header", "X-Sig");
    assertThat(headerWithoutHmac.exitCode()).isEqualTo(2);
    assertThat(headerWithoutHmac.err())
        .contains("--sign-header applies to --sign-scheme hmac only");
    Run headerAlone = replayArta("--sign-header", "X-Sig");
    assertThat(headerAlone.exitCode()).isEqualTo(2);
    assertThat(headerAlone.err()).contains("--sign-header needs --sign-scheme hmac");
    Run badHeader = replayArta("--sign-scheme", "hmac", "--sign-header", "X Sig");
    assertThat(badHeader.exitCode()).isEqualTo(2);
    assertThat(badHeader.err()).contains("Invalid --sign-header 'X Sig'");

    for (Run run :
        List.of(noSecret, unknown, noHeader, headerWithoutHmac, headerAlone, badHeader)) {
      assertThat(run.all()).doesNotContain(ARTA_SECRET);
    }
    wm.verify(0, getRequestedFor(urlPathMatching("/webhook_deliveries.*")));
  }

  @Test
  void replayLuccaTakesItsSecretFromTheEnvironmentOnly() {
    Run missing = run(api("replay", "lucca"), "--since", "6h", "--url", server.url("/x"));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains(
            "--sign-scheme lucca signs with the HOOKLINE_SECRET environment variable, which is"
                + " not set");

    Run onTheCommandLine =
        run(
            api("replay", "lucca"),
            "--since",
            "6h",
            "--url",
            server.url("/x"),
            "--secret",
            ENDPOINT_SECRET);
    assertThat(onTheCommandLine.exitCode()).isEqualTo(2);
    assertThat(onTheCommandLine.err()).contains("Unknown options: '--secret'");
    wm.verify(0, getRequestedFor(urlPathMatching("/lucca-api/.*")));
  }

  // ---- help ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lucca",
        "lucca endpoint",
        "lucca endpoint create",
        "lucca endpoint list",
        "replay",
        "replay lucca",
        "replay arta"
      })
  void everyNewCommandHasHelp(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    Run run = run(args.toArray(String[]::new));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: hookline " + command);
  }
}
