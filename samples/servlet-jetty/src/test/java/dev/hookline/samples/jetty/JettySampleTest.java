package dev.hookline.samples.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.Signers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts the sample on a free port and sends it what Lucca and a Standard Webhooks sender send. */
class JettySampleTest {

  private static final String LUCCA_SECRET = "test-lucca-secret";
  private static final byte[] STANDARD_KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final String STANDARD_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString(STANDARD_KEY);

  /** Lucca's employee.updated example, signed now. */
  private static final SignedRequests EMPLOYEE_UPDATED =
      SignedRequests.lucca(LUCCA_SECRET).event(LuccaFixtures.employeeUpdated());

  private static Server server;
  private static URI base;
  private static HttpClient http;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @BeforeAll
  static void startSample() throws Exception {
    server = JettySample.start(0, LUCCA_SECRET, STANDARD_SECRET);
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    base = URI.create("http://127.0.0.1:" + port);
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stopSample() throws Exception {
    server.stop();
  }

  /** slf4j-simple writes to whatever System.out is at the time: tee it to see what was logged. */
  @BeforeEach
  void captureLog() {
    originalOut = System.out;
    System.setOut(
        new PrintStream(new TeeStream(originalOut, logged), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setOut(originalOut);
  }

  @Test
  void luccaEmployeeUpdatedIsVerifiedAndLogged() throws Exception {
    HttpResponse<String> response = post("/webhooks/lucca", EMPLOYEE_UPDATED);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(log())
        .contains("Lucca employee.updated (event 123): Edward Atkinson")
        .contains("givenName: \"Ed\" -> \"Edward\"");
  }

  @Test
  void luccaEventWithAWrongSignatureIsRejected() throws Exception {
    HttpResponse<String> response =
        post("/webhooks/lucca", EMPLOYEE_UPDATED.signedWith(Signers.lucca("not-the-secret")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(log()).doesNotContain("Edward Atkinson");
  }

  @Test
  void luccaActivationChallengeIsEchoed() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/webhooks/lucca?echo=abc")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("abc");
  }

  @Test
  void standardWebhooksEventIsVerifiedAndLogged() throws Exception {
    byte[] body =
        "{\"type\":\"invoice.paid\",\"timestamp\":\"2025-01-01T08:34:23Z\",\"data\":{\"invoice\":\"inv_42\",\"amount\":4200}}"
            .getBytes(StandardCharsets.UTF_8);
    Fixture invoicePaid =
        new Fixture(
            "standard-webhooks",
            "invoice.paid",
            "msg_2mXkQz7sample",
            Map.of("Content-Type", "application/json"),
            body);

    HttpResponse<String> response =
        post(
            "/webhooks/standard",
            SignedRequests.standardWebhooks(STANDARD_SECRET).event(invoicePaid));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(log())
        .contains(
            "Standard Webhooks invoice.paid (webhook-id msg_2mXkQz7sample):"
                + " {\"invoice\":\"inv_42\",\"amount\":4200}");
  }

  @Test
  void otherPathsPassThroughTheFilterTo404() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).startsWith("Not found.");
  }

  private static HttpResponse<String> post(String path, SignedRequests signed)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String log() {
    System.out.flush();
    return logged.toString(StandardCharsets.UTF_8);
  }

  /** Writes to both streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final PrintStream first;
    private final ByteArrayOutputStream second;

    TeeStream(PrintStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      first.write(bytes, offset, length);
      second.write(bytes, offset, length);
    }

    @Override
    public void flush() {
      first.flush();
    }
  }
}
