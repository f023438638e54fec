package dev.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.registry.ProviderRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Drives the CLI against real receivers on a random port, for built-in providers and for one that
 * only these tests' {@link AcmeProviderPlugin} defines.
 */
class HooklineCommandTest {

  private static final String SECRET = "cli-secret";

  /** A provider no main class names: {@link AcmeProviderPlugin}, found through ServiceLoader. */
  private static final Provider ACME = ProviderRegistry.builtIns().installPlugins().get("acme");

  private final List<WebhookEvent> handled = new CopyOnWriteArrayList<>();
  private final List<String> renamed = new CopyOnWriteArrayList<>();
  private TestReceiverServer server;

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server =
        new TestReceiverServer()
            .mount(
                "/webhooks/lucca",
                Lucca.receiver(SECRET)
                    .framings(EnumSet.allOf(Framing.class))
                    .trustUnsignedHeaders("the CLI sends binary-mode CloudEvents in these tests")
                    .on(
                        "employee.updated",
                        Employee.class,
                        (employee, event) -> renamed.add(employee.givenName()))
                    .onAny(handled::add)
                    .build())
            .mount("/webhooks/github", GitHub.receiver(SECRET).onAny(handled::add).build())
            .mount(
                "/webhooks/acme",
                WebhookReceiver.builder()
                    .provider(ACME)
                    .verifier(ACME.scheme().orElseThrow().verifier(SECRET))
                    .onAny(handled::add)
                    .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = HooklineCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code send} to the GitHub endpoint with these arguments. */
  private Run sendGitHub(String... more) {
    return sendTo("github", more);
  }

  /** {@code send} to the Lucca endpoint with these arguments. */
  private Run send(String... more) {
    return sendTo("lucca", more);
  }

  private Run sendTo(String provider, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "send",
                "--provider",
                provider,
                "--secret",
                SECRET,
                "--url",
                server.url("/webhooks/" + provider)));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void sendPostsASignedFixtureAndPrintsTheStatus() {
    Run run = send("--fixture", "employee.updated");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("HTTP 200");
    assertThat(renamed).containsExactly("Edward");
  }

  @Test
  void sendTwiceIsARedeliveryHandledOnce() {
    Run run = send("--fixture", "employee.created", "--times", "2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("#1 HTTP 200", "#2 HTTP 200");
    assertThat(handled).extracting(WebhookEvent::topic).containsExactly("employee.created");
  }

  @ParameterizedTest
  @ValueSource(strings = {"structured", "binary", "batch"})
  void sendFramesLuccaEventsAsCloudEvents(String framing) {
    Run run = send("--fixture", "employee.updated", "--cloudevents", framing);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(renamed).containsExactly("Edward");
  }

  @Test
  void tamperedDeliveryIsRejectedWithExitCode1() {
    Run run = send("--fixture", "employee.updated", "--tamper");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("HTTP 401").contains("NO_MATCHING_SIGNATURE");
    assertThat(handled).isEmpty();
  }

  @Test
  void oldTimestampIsRejected() {
    Run run = send("--fixture", "employee.updated", "--timestamp", "2020-01-01T00:00:00Z");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("HTTP 401").contains("TIMESTAMP_OUT_OF_WINDOW");
  }

  @Test
  void sendPostsAFileByteForByte() throws IOException {
    Path body = dir.resolve("body.json");
    Files.writeString(
        body,
        "{\"id\":\"f-1\",\"topic\":\"employee.deleted\",\"source\":\"https://t.example\","
            + "\"occurredAt\":\"2025-01-01T00:00:00Z\",\"data\":{\"id\":\"1\"}}");

    Run run = send("--file", body.toString());

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(handled).extracting(WebhookEvent::id).containsExactly("f-1");
  }

  @Test
  void sendWorksForGitHub() {
    Run run = sendGitHub("--fixture", "push");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(handled).extracting(WebhookEvent::topic).containsExactly("push");
  }

  @Test
  void sendWithFormPostsGitHubsFormAndAnotherProviderIsAUsageError() {
    Run form = sendGitHub("--fixture", "push", "--form", "--verbose");
    Run lucca = send("--fixture", "employee.updated", "--form");

    assertThat(form.exitCode()).as(form.out()).isZero();
    assertThat(form.out()).contains("> Content-Type: application/x-www-form-urlencoded");
    assertThat(handled).extracting(WebhookEvent::topic).containsExactly("push");
    assertThat(handled.get(0).data().path("ref").asText()).isEqualTo("refs/heads/main");
    assertThat(lucca.exitCode()).isEqualTo(2);
    assertThat(lucca.err()).contains("--form applies to github only");
  }

  @Test
  void unreachableReceiverExitsWith1() {
    Run run =
        run(
            "send",
            "--provider",
            "lucca",
            "--secret",
            SECRET,
            "--url",
            "http://127.0.0.1:1/x",
            "--fixture",
            "employee.updated");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot POST");
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(run("send", "--provider", "lucca", "--fixture", "employee.updated").exitCode())
        .isEqualTo(2);
    assertThat(send("--fixture", "employee.updated", "--file", "x.json").exitCode()).isEqualTo(2);
    assertThat(send("--fixture", "no.such.topic").exitCode()).isEqualTo(2);
    assertThat(
            run(
                    "send",
                    "--provider",
                    "acme",
                    "--secret",
                    "s",
                    "--url",
                    "http://x",
                    "--fixture",
                    "a")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            run("verify", "--provider", "lucca", "--secret", "s", "--file", "missing.json")
                .exitCode())
        .isEqualTo(2);
    assertThat(run().exitCode()).isEqualTo(2);
    assertThat(run("frobnicate").exitCode()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"send", "sign", "verify", "fixtures", "generate-completion"})
  void everyCommandHasHelp(String command) {
    Run run = run(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: hookline " + command);
  }

  @Test
  void completionScriptIsGenerated() {
    Run run = run("generate-completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete").contains("hookline");
  }

  @Test
  void signedHeadersVerify() throws IOException {
    Path body = dir.resolve("body.json");
    Files.writeString(body, "{\"type\":\"invoice.paid\",\"data\":{}}");
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    Run sign =
        run(
            "sign",
            "--provider",
            "standard-webhooks",
            "--secret",
            secret,
            "--file",
            body.toString());
    assertThat(sign.exitCode()).isZero();
    Path headers = dir.resolve("headers.txt");
    Files.writeString(headers, sign.out());

    Run verify =
        run(
            "verify",
            "--provider",
            "standard-webhooks",
            "--secret",
            secret,
            "--file",
            body.toString(),
            "--headers-file",
            headers.toString());

    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("valid");
  }

  @Test
  void verifyExplainsAWrongSecret() throws IOException {
    Path body = dir.resolve("body.json");
    Files.writeString(
        body, "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}");

    Run verify =
        run(
            "verify",
            "--provider",
            "stripe",
            "--secret",
            "whsec_other",
            "--file",
            body.toString(),
            "--at",
            "1700000000",
            "-H",
            "Stripe-Signature: t=1700000000,"
                + "v1=7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698");

    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out())
        .contains("rejected: NO_MATCHING_SIGNATURE")
        .contains("hint: check the secret")
        .contains("--provider standard-webhooks")
        .doesNotContain("whsec_other");
  }

  @Test
  void verifySpotsAnAddedTrailingNewline() throws IOException {
    Path body = dir.resolve("body.json");
    Files.writeString(
        body, "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}\n");

    Run verify =
        run(
            "verify",
            "--provider",
            "stripe",
            "--secret",
            "whsec_test_secret",
            "--file",
            body.toString(),
            "--at",
            "1700000000",
            "-H",
            "Stripe-Signature: t=1700000000,"
                + "v1=7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698");

    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out()).contains("WITHOUT its trailing newline");
  }

  @Test
  void verifySaysWhenOnlyTheTimestampIsStale() throws IOException {
    Path body = dir.resolve("body.json");
    Files.write(
        body,
        "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}"
            .getBytes(StandardCharsets.UTF_8));

    Run verify =
        run(
            "verify",
            "--provider",
            "stripe",
            "--secret",
            "whsec_test_secret",
            "--file",
            body.toString(),
            "-H",
            "Stripe-Signature: t=1700000000,"
                + "v1=7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698");

    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out())
        .contains("TIMESTAMP_OUT_OF_WINDOW")
        .contains("the signature itself matches");
  }

  @Test
  void fixturesListsEveryProvider() {
    Run run = run("fixtures");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("lucca:", "  employee.updated", "  confirmation", "arta:", "  ping")
        .contains("github:", "  push", "stripe:", "standard-webhooks:");
  }

  @Test
  void fixturesShowsOne() {
    Run run =
        run(
            "fixtures",
            "--provider",
            "lucca",
            "--show",
            "employee.updated",
            "--cloudevents",
            "binary");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("ce-type: employee.updated")
        .contains("\"givenName\":\"Edward\"");
  }

  // ---- a provider of a plugin ----

  private Path acmeBody() throws IOException {
    Path body = dir.resolve("order.json");
    Files.writeString(
        body, "{\"kind\":\"order.paid\",\"uid\":\"ord_1\",\"payload\":{\"total\":42}}");
    return body;
  }

  private static Run acme(String command, String secret, Path body, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(command, "--provider", "acme", "--secret", secret, "--file", body.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void signPrintsAPluginProvidersHeadersAndVerifyAcceptsThem() throws IOException {
    Path body = acmeBody();
    Run sign = acme("sign", SECRET, body, "--id", "dlv_1", "--timestamp", "1700000000");

    assertThat(sign.exitCode()).as(sign.err()).isZero();
    assertThat(sign.out())
        .startsWith("Acme-Delivery: dlv_1\nAcme-Timestamp: 1700000000\nAcme-Signature: v1=");
    Path headers = dir.resolve("headers.txt");
    Files.writeString(headers, sign.out());
    String[] captured = {"--headers-file", headers.toString(), "--at", "1700000000"};
    Run verify = acme("verify", SECRET, body, captured);
    Run wrongSecret = acme("verify", "another-secret", body, captured);

    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("valid: the acme signature matches");
    assertThat(wrongSecret.exitCode()).isEqualTo(1);
    assertThat(wrongSecret.out()).contains("rejected: NO_MATCHING_SIGNATURE");
  }

  @Test
  void sendPostsAFileSignedByAPluginProvidersSchemeToItsReceiver() throws IOException {
    String url = server.url("/webhooks/acme");
    Run send = acme("send", SECRET, acmeBody(), "--url", url, "--times", "2");
    Run tampered = acme("send", SECRET, acmeBody(), "--url", url, "--tamper");

    assertThat(send.exitCode()).as(send.out() + send.err()).isZero();
    assertThat(send.out()).contains("#1 HTTP 200", "#2 HTTP 200");
    assertThat(handled).extracting(WebhookEvent::topic).containsExactly("order.paid");
    assertThat(handled.get(0).idempotencyKey()).isEqualTo("acme|ord_1");
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.out()).contains("HTTP 401").contains("NO_MATCHING_SIGNATURE");
  }

  @Test
  void aPluginProviderIsListedWhereverProvidersAre() {
    Run fixtures = run("fixtures");
    Run help = run("send", "--help");
    Run unknown = run("sign", "--provider", "nosuch", "--secret", SECRET, "--file", "x.json");

    assertThat(fixtures.exitCode()).isZero();
    assertThat(fixtures.out()).contains("acme:\n  (none: send a body with --file)");
    assertThat(help.out()).contains("acme");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "Unknown provider 'nosuch'; expected one of [lucca, standard-webhooks, github,"
                + " stripe, arta, shopify, slack, acme]");
  }
}
