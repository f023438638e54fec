package dev.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.registry.ProviderRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A provider defined only in these tests ({@link AcmeProviderPlugin}, found through {@code
 * ServiceLoader}) is signed, verified and sent by the command line like a built-in.
 */
class PluginProviderTest {

  private static final String SECRET = "acme-secret";

  private final List<WebhookEvent> handled = new CopyOnWriteArrayList<>();
  private TestReceiverServer server;

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    Provider acme = ProviderRegistry.builtIns().installPlugins().get("acme");
    server =
        new TestReceiverServer()
            .mount(
                "/webhooks/acme",
                WebhookReceiver.builder()
                    .provider(acme)
                    .verifier(acme.scheme().orElseThrow().verifier(SECRET))
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

  private Path body() throws IOException {
    Path body = dir.resolve("order.json");
    Files.writeString(
        body, "{\"kind\":\"order.paid\",\"uid\":\"ord_1\",\"payload\":{\"total\":42}}");
    return body;
  }

  @Test
  void signPrintsThePluginSchemesHeadersAndVerifyAcceptsThem() throws IOException {
    Path body = body();
    Run sign =
        run(
            "sign",
            "--provider",
            "acme",
            "--secret",
            SECRET,
            "--file",
            body.toString(),
            "--id",
            "dlv_1",
            "--timestamp",
            "1700000000");

    assertThat(sign.exitCode()).as(sign.err()).isZero();
    assertThat(sign.out())
        .startsWith("Acme-Delivery: dlv_1\nAcme-Timestamp: 1700000000\nAcme-Signature: v1=");
    Path headers = dir.resolve("headers.txt");
    Files.writeString(headers, sign.out());

    Run verify =
        run(
            "verify",
            "--provider",
            "acme",
            "--secret",
            SECRET,
            "--file",
            body.toString(),
            "--headers-file",
            headers.toString(),
            "--at",
            "1700000000");
    Run wrongSecret =
        run(
            "verify",
            "--provider",
            "acme",
            "--secret",
            "another-secret",
            "--file",
            body.toString(),
            "--headers-file",
            headers.toString(),
            "--at",
            "1700000000");

    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("valid: the acme signature matches");
    assertThat(wrongSecret.exitCode()).isEqualTo(1);
    assertThat(wrongSecret.out()).contains("rejected: NO_MATCHING_SIGNATURE");
  }

  @Test
  void sendPostsAFileSignedAsThePluginSchemeSaysToAReceiverOfThatProvider() throws IOException {
    Run send =
        run(
            "send",
            "--provider",
            "ACME",
            "--secret",
            SECRET,
            "--url",
            server.url("/webhooks/acme"),
            "--file",
            body().toString(),
            "--times",
            "2");
    Run tampered =
        run(
            "send",
            "--provider",
            "acme",
            "--secret",
            SECRET,
            "--url",
            server.url("/webhooks/acme"),
            "--file",
            body().toString(),
            "--tamper");

    assertThat(send.exitCode()).as(send.out() + send.err()).isZero();
    assertThat(send.out()).contains("#1 HTTP 200", "#2 HTTP 200");
    assertThat(handled).extracting(WebhookEvent::topic).containsExactly("order.paid");
    assertThat(handled.get(0).idempotencyKey()).isEqualTo("acme|ord_1");
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.out()).contains("HTTP 401").contains("NO_MATCHING_SIGNATURE");
  }

  @Test
  void thePluginIsListedWhereverProvidersAre() {
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
