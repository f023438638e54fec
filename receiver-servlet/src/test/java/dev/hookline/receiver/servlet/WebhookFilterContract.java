package dev.hookline.receiver.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.Fixtures;
import dev.hookline.receiver.fixtures.GitHubFixtures;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.Signers;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filter over real HTTP in a real container: every row of the status table, the challenge, raw
 * bytes, concurrency, several endpoints and pass-through. Each container runs this suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookFilterContract {

  private static final String LUCCA_SECRET = "lucca-endpoint-secret";
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";
  private static final int MAX_BODY = 4096;
  private static final SignedRequests LUCCA = SignedRequests.lucca(LUCCA_SECRET);

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final Map<String, String> givenNames = new ConcurrentHashMap<>();
  private final CountDownLatch slowEntered = new CountDownLatch(1);
  private final CountDownLatch slowRelease = new CountDownLatch(1);
  private final List<WebhookRequest> received = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ServletContainer container;
  private URI base;

  abstract ServletContainer container();

  @BeforeAll
  void start() throws Exception {
    WebhookReceiver lucca =
        Lucca.receiver(LUCCA_SECRET)
            .maxBodySize(MAX_BODY)
            .listener(
                new ReceiverListener() {
                  @Override
                  public void received(WebhookRequest request) {
                    received.add(request);
                  }
                })
            .on(
                "employee.*",
                Employee.class,
                (employee, event) -> {
                  runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                  givenNames.put(event.id(), String.valueOf(employee.givenName()));
                  if (event.id().startsWith("fail")) {
                    throw new IllegalStateException("handler failed");
                  }
                  if (event.id().startsWith("slow")) {
                    slowEntered.countDown();
                    slowRelease.await(10, TimeUnit.SECONDS);
                  }
                  if (event.id().startsWith("busy")) {
                    Thread.sleep(100);
                  }
                })
            .build();
    WebhookReceiver gitHub =
        GitHub.receiver(GITHUB_SECRET)
            .on(
                "*",
                event ->
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet())
            .build();
    WebhookReceiver storeDown =
        Lucca.receiver(LUCCA_SECRET)
            .endpoint("lucca-down")
            .idempotencyStore(new UnreachableStore())
            .on(
                "*",
                event ->
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet())
            .build();
    WebhookFilter filter =
        WebhookFilter.builder()
            .endpoint("/webhooks/lucca", lucca)
            .endpoint("/webhooks/github", gitHub)
            .endpoint("/webhooks/down", storeDown)
            .endpoint(
                "/webhooks/async",
                Lucca.receiver(LUCCA_SECRET)
                    .endpoint("lucca-async")
                    .async(dev.hookline.receiver.inbox.InMemoryInbox.create())
                    .on("employee.*", event -> {})
                    .build())
            .endpoint("/consumed/lucca", lucca)
            .build();
    container = container();
    base = container.start(List.of(new BodyConsumingFilter(), filter), new NextServlet());
  }

  @AfterAll
  void stop() throws Exception {
    container.stop();
  }

  // --- status table, row by row -------------------------------------------------------------

  @Test
  void verifiedEventRunsTheHandlerAndAnswers200WithEmptyBody() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> response = post("/webhooks/lucca", lucca(id, "employee.updated"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(runs.get(id)).hasValue(1);
    assertThat(givenNames).containsEntry(id, "Edward");
  }

  @Test
  void aCapturedDeliveryResentWithForgedCloudEventsHeadersRunsNothingAgain() throws Exception {
    String id = UUID.randomUUID().toString();
    String next = UUID.randomUUID().toString();
    SignedRequests captured = lucca(id, "employee.updated");
    Map<String, String> forged = captured.headers();
    forged.put("ce-specversion", "1.0");
    forged.put("ce-id", next);
    forged.put("ce-source", "https://example.ilucca.net");
    forged.put("ce-type", "employee.deleted");

    HttpResponse<byte[]> genuine = post("/webhooks/lucca", captured);
    HttpResponse<byte[]> replayed = post("/webhooks/lucca?id=" + next, forged, captured.body());
    HttpResponse<byte[]> genuineNext = post("/webhooks/lucca", lucca(next, "employee.updated"));

    assertThat(genuine.statusCode()).isEqualTo(200);
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(genuineNext.statusCode()).isEqualTo(200);
    assertThat(runs.get(id)).hasValue(1);
    assertThat(runs.get(next)).as("the next genuine event is not swallowed").hasValue(1);
  }

  @Test
  void duplicateDeliveryAnswers200AndRunsTheHandlerOnce() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests delivery = lucca(id, "employee.updated");

    HttpResponse<byte[]> first = post("/webhooks/lucca", delivery);
    HttpResponse<byte[]> retry = post("/webhooks/lucca", delivery);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(runs.get(id)).hasValue(1);
  }

  @Test
  void asynchronousReceiverAnswers202ThenKnowsTheCopy() throws Exception {
    SignedRequests delivery = lucca(UUID.randomUUID().toString(), "employee.updated");

    HttpResponse<byte[]> accepted = post("/webhooks/async", delivery);
    HttpResponse<byte[]> copy = post("/webhooks/async", delivery);

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.body()).isEmpty();
    assertThat(copy.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownTopicAnswers200() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> response = post("/webhooks/lucca", lucca(id, "leave.created"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(runs).doesNotContainKey(id);
  }

  @Test
  void deliveryWhileTheFirstIsInFlightAnswers503WithRetryAfter() throws Exception {
    String id = "slow-" + UUID.randomUUID();
    SignedRequests delivery = lucca(id, "employee.updated");
    CompletableFuture<HttpResponse<byte[]>> first =
        client.sendAsync(
            request("/webhooks/lucca", delivery), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(slowEntered.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<byte[]> second = post("/webhooks/lucca", delivery);
    slowRelease.countDown();

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).contains("5");
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(runs.get(id)).hasValue(1);
  }

  @Test
  void unreachableStoreAnswers503AndNothingRuns() throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> response = post("/webhooks/down", lucca(id, "employee.updated"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(runs).doesNotContainKey(id);
  }

  @Test
  void handlerFailureOnLuccaAnswers503WithRetryAfter() throws Exception {
    String id = "fail-" + UUID.randomUUID();

    HttpResponse<byte[]> response = post("/webhooks/lucca", lucca(id, "employee.updated"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(text(response)).isEqualTo("a handler failed; retry later");
  }

  @Test
  void wrongMethodAnswers405WithAllow() throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(base.resolve("/webhooks/lucca"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET, POST");
  }

  @Test
  void missingSignatureAnswers401() throws Exception {
    HttpResponse<byte[]> response =
        post("/webhooks/lucca", lucca("x", "employee.updated").withoutSignature());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(text(response))
        .isEqualTo("signature rejected: MISSING_HEADER: missing header Lucca-Signature");
  }

  @Test
  void malformedTimestampAnswers401() throws Exception {
    SignedRequests signed = lucca("x", "employee.updated").header("Lucca-Timestamp", "2025-01-01");

    HttpResponse<byte[]> response = post("/webhooks/lucca", signed);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(text(response)).startsWith("signature rejected: MALFORMED_HEADER");
  }

  @Test
  void staleTimestampAnswers401() throws Exception {
    SignedRequests stale = lucca("x", "employee.updated").withOldTimestamp();

    HttpResponse<byte[]> response = post("/webhooks/lucca", stale);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(text(response)).startsWith("signature rejected: TIMESTAMP_OUT_OF_WINDOW");
  }

  @Test
  void wrongSecretAnswers401() throws Exception {
    SignedRequests forged = lucca("x", "employee.updated").signedWith(Signers.lucca("guessed"));

    HttpResponse<byte[]> response = post("/webhooks/lucca", forged);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(text(response))
        .startsWith("signature rejected: NO_MATCHING_SIGNATURE")
        .doesNotContain(LUCCA_SECRET);
  }

  @Test
  void malformedJsonAnswers400() throws Exception {
    HttpResponse<byte[]> response = post("/webhooks/lucca", LUCCA.body("{\"id\":"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response)).startsWith("malformed event: body is not valid JSON");
  }

  @Test
  void nonJsonContentTypeAnswers415() throws Exception {
    SignedRequests signed = lucca("x", "employee.updated").header("Content-Type", "text/plain");

    HttpResponse<byte[]> response = post("/webhooks/lucca", signed);

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void declaredLengthOverTheLimitAnswers413() throws Exception {
    byte[] big = padded(MAX_BODY * 3);

    HttpResponse<byte[]> response = post("/webhooks/lucca", LUCCA.body(big));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(text(response)).isEqualTo("body exceeds the limit of " + MAX_BODY + " bytes");
  }

  @Test
  void chunkedBodyCrossingTheLimitAnswers413() throws Exception {
    byte[] big = padded(MAX_BODY * 3);
    SignedRequests signed = LUCCA.body(big);
    HttpRequest.Builder chunked =
        HttpRequest.newBuilder(base.resolve("/webhooks/lucca"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    signed.headers().forEach(chunked::header);

    HttpResponse<byte[]> response =
        client.send(chunked.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void declaredBodyLargerThanThePresizedReadArrivesWhole() throws Exception {
    String delivery = UUID.randomUUID().toString();
    Fixture large = GitHubFixtures.ping().id(delivery).set("padding", "x".repeat(100_000)).build();
    assertThat(large.body().length).isGreaterThan(64 * 1024);

    HttpResponse<byte[]> response =
        post("/webhooks/github", SignedRequests.gitHub(GITHUB_SECRET).event(large));

    // The signature covers every byte, so a body cut short or padded would answer 401.
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(runs.get(delivery)).hasValue(1);
  }

  @Test
  void aGitHubFormDeliveryReachesTheFilterAsSentAndIsHandledOnce() throws Exception {
    String delivery = UUID.randomUUID().toString();
    // A body of its own: the key is the JSON's hash, which other tests' pings share.
    Fixture form =
        GitHubFixtures.form(GitHubFixtures.ping().id(delivery).set("zen", delivery).build());
    SignedRequests signed = SignedRequests.gitHub(GITHUB_SECRET).event(form);

    HttpResponse<byte[]> response = post("/webhooks/github", signed);
    HttpResponse<byte[]> again = post("/webhooks/github", signed);

    // The container must not have parsed the form: the signature covers its bytes as sent.
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(runs.get(delivery)).hasValue(1);
  }

  @Test
  void chunkedBodyWithinTheLimitIsHandled() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests signed = lucca(id, "employee.updated");
    byte[] body = signed.body();
    HttpRequest.Builder chunked =
        HttpRequest.newBuilder(base.resolve("/webhooks/lucca"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    signed.headers().forEach(chunked::header);

    HttpResponse<byte[]> response =
        client.send(chunked.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(runs.get(id)).hasValue(1);
  }

  // --- the challenge, raw bytes, header case -------------------------------------------------

  @Test
  void challengeWithNonAsciiEchoComesBackByteExact() throws Exception {
    String value = "iusiof24dsfxvcç834";
    URI uri =
        base.resolve("/webhooks/lucca?echo=" + URLEncoder.encode(value, StandardCharsets.UTF_8));

    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    assertThat(
            response
                .headers()
                .firstValue("Content-Type")
                .orElseThrow()
                .replace(" ", "")
                .toLowerCase())
        .isEqualTo("text/plain;charset=utf-8");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void crlfAndNonAsciiBodyVerifiesOverItsExactBytes() throws Exception {
    String id = UUID.randomUUID().toString();
    // Lucca's own example, pretty-printed: its line breaks become CRLF.
    String json =
        Fixtures.published("lucca/event.employee.updated.json")
            .replace("\"id\": \"123\"", "\"id\": \"" + id + "\"")
            .replace("\"Edward\"", "\"Édouard ç 日本\"")
            .replace("\n", "\r\n");
    assertThat(json).contains("\r\n");

    HttpResponse<byte[]> response = post("/webhooks/lucca", LUCCA.body(json));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(givenNames).containsEntry(id, "Édouard ç 日本");
  }

  @Test
  void headerNamesInMixedCaseAreFound() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests signed = lucca(id, "employee.updated");
    Map<String, String> headers = signed.headers();
    Map<String, String> mixed = new java.util.LinkedHashMap<>();
    mixed.put("cOnTeNt-TyPe", "application/json");
    mixed.put("LUCCA-SIGNATURE", headers.get("Lucca-Signature"));
    mixed.put("lucca-timestamp", headers.get("Lucca-Timestamp"));

    HttpResponse<byte[]> response = post("/webhooks/lucca", mixed, signed.body());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(runs.get(id)).hasValue(1);
  }

  @Test
  void fiftyConcurrentCopiesOfOneDeliveryRunTheHandlerOnce() throws Exception {
    String id = "busy-" + UUID.randomUUID();
    SignedRequests copy = lucca(id, "employee.updated");
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(
          client.sendAsync(
              request("/webhooks/lucca", copy), HttpResponse.BodyHandlers.ofByteArray()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
      statuses.add(response.get(60, TimeUnit.SECONDS).statusCode());
    }

    assertThat(runs.get(id)).hasValue(1);
    assertThat(statuses).isSubsetOf(200, 503).contains(200);
  }

  @Test
  void requestIsTranslatedWithEveryHeaderValueDecodedQueryAndRemoteAddress() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests signed = lucca(id, "employee.updated");
    HttpRequest.Builder builder =
        signedPost("/webhooks/lucca?tag=%C3%A7a&tag=2&flag&plus=a+b", signed)
            .header("X-Multi", "one")
            .header("X-Multi", "two");

    HttpResponse<byte[]> response =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    WebhookRequest request = requestCarrying(id);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/webhooks/lucca");
    assertThat(request.headers().all("x-multi")).containsExactly("one", "two");
    assertThat(request.query())
        .containsEntry("tag", List.of("ça", "2"))
        .containsEntry("flag", List.of(""))
        .containsEntry("plus", List.of("a b"));
    assertThat(request.remoteAddress()).contains("127.0.0.1");
    assertThat(request.body()).isEqualTo(signed.body());
  }

  /**
   * A captured delivery re-sent with more header names than the filter copies is refused before its
   * headers are read; the same delivery with fewer names, and values up to the limit, goes through.
   */
  @Test
  void deliveryWithMoreHeaderNamesThanTheLimitAnswers431AndRunsNothing() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests signed = lucca(id, "employee.updated");
    Map<String, String> crowded = new java.util.LinkedHashMap<>(signed.headers());
    for (int i = 0; i < WebhookFilter.MAX_HEADER_NAMES; i++) {
      crowded.put("X-Extra-" + i, "v");
    }

    HttpResponse<byte[]> refused = post("/webhooks/lucca", crowded, signed.body());

    assertThat(refused.statusCode()).isEqualTo(431);
    assertThat(text(refused)).matches("request has \\d+ header names; at most 100 are accepted");
    assertThat(runs.get(id)).isNull();
    assertThat(received).noneMatch(r -> new String(r.body(), StandardCharsets.UTF_8).contains(id));

    HttpRequest.Builder builder = signedPost("/webhooks/lucca", signed);
    for (int i = 0; i < WebhookFilter.MAX_HEADER_NAMES - 20; i++) {
      builder.header("X-Extra-" + i, "v");
    }
    for (int i = 0; i < 100; i++) {
      builder.header("X-Many", Integer.toString(i));
    }

    HttpResponse<byte[]> accepted =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(runs.get(id)).hasValue(1);
    WebhookRequest request = requestCarrying(id);
    assertThat(request.headers().all("x-many")).hasSize(100).startsWith("0").endsWith("99");
    assertThat(request.headers().first("x-extra-79")).contains("v");
  }

  /** So is one whose header lines outnumber what the filter copies, whatever their names. */
  @Test
  void deliveryWithMoreHeaderValuesThanTheLimitAnswers431AndRunsNothing() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests signed = lucca(id, "employee.updated");
    HttpRequest.Builder builder = signedPost("/webhooks/lucca", signed);
    for (int i = 0; i < WebhookFilter.MAX_HEADER_VALUES; i++) {
      builder.header("X-Many", Integer.toString(i));
    }

    HttpResponse<byte[]> refused =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(refused.statusCode()).isEqualTo(431);
    assertThat(text(refused)).isEqualTo("request has more than 200 header values");
    assertThat(runs.get(id)).isNull();
    assertThat(received).noneMatch(r -> new String(r.body(), StandardCharsets.UTF_8).contains(id));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"echo=%E2%28", "echo=%C3", "echo=%FF"})
  void malformedQueryStringAnswers400(String query) throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(base.resolve("/webhooks/lucca?" + query)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response)).isEqualTo("query string is not valid percent-encoded UTF-8");
  }

  // --- bodies that have not arrived with the request ----------------------------------------

  @Test
  void bodiesTrickledByMoreSendersThanThreadsDoNotHoldBackAGenuineDelivery() throws Exception {
    List<Socket> trickling = new ArrayList<>();
    try {
      // Unsigned requests that send one byte of a 100-byte body and then wait: each held a
      // request thread while its body was read, so four times as many as there are threads held
      // all.
      for (int i = 0; i < ServletContainer.MAX_THREADS * 4; i++) {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.getOutputStream().write(headersDeclaring(100));
        socket.getOutputStream().write('{');
        socket.getOutputStream().flush();
        trickling.add(socket);
      }
      String id = UUID.randomUUID().toString();

      HttpResponse<byte[]> response =
          client.send(
              signedPost("/webhooks/lucca", lucca(id, "employee.updated"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
      assertThat(runs.get(id)).hasValue(1);
    } finally {
      for (Socket socket : trickling) {
        socket.close();
      }
    }
  }

  @Test
  void aSignedBodyArrivingInPartsAfterThePauseIsVerifiedWhole() throws Exception {
    String id = UUID.randomUUID().toString();
    SignedRequests signed = lucca(id, "employee.updated");
    byte[] body = signed.body();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder head =
          new StringBuilder("POST /webhooks/lucca HTTP/1.1\r\nHost: localhost\r\n")
              .append("Connection: close\r\nContent-Length: ")
              .append(body.length)
              .append("\r\n");
      signed.headers().forEach((name, value) -> head.append(name + ": " + value + "\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(300);
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();

      assertThat(statusLine(socket)).startsWith("HTTP/1.1 200");
    }
    assertThat(runs.get(id)).hasValue(1);
  }

  @Test
  void aBodyStillTricklingAtTheDeadlineIsAnswered408() throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(headersDeclaring(100));
      out.flush();
      long start = System.nanoTime();
      int sent = 0;
      // A byte a second keeps the connection from its idle timeout, never the body from its
      // deadline.
      while (socket.getInputStream().available() == 0
          && sent < 99
          && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
        out.write('x');
        out.flush();
        sent++;
        Thread.sleep(1_000);
      }

      assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(WebhookFilter.BODY_DEADLINE_SECONDS);
      assertThat(sent).isLessThan(99);
    }
  }

  @Test
  void aBodyThatStopsArrivingIsAnswered408AtTheDeadlineNotAtTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(headersDeclaring(100));
      out.write('{');
      out.flush();
      long start = System.nanoTime();

      String status = statusLine(socket);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

      // Jetty's idle timeout is 30 seconds and Tomcat's 60: before the deadline thread, a stalled
      // body waited for them and was answered 400.
      assertThat(status).startsWith("HTTP/1.1 408");
      assertThat(seconds).isBetween((long) WebhookFilter.BODY_DEADLINE_SECONDS - 1, 20L);
    }
  }

  /** The head of an unsigned Lucca POST declaring a body of that length. */
  private static byte[] headersDeclaring(int length) {
    return ("POST /webhooks/lucca HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The first line of the response on the socket. */
  private static String statusLine(Socket socket) throws IOException {
    StringBuilder line = new StringBuilder();
    InputStream in = socket.getInputStream();
    for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  // --- several endpoints, pass-through, consumed bodies -------------------------------------

  @Test
  void eachPathGoesToItsOwnReceiver() throws Exception {
    String delivery = UUID.randomUUID().toString();
    Fixture ping = GitHubFixtures.ping().id(delivery).build();

    HttpResponse<byte[]> gitHub =
        post("/webhooks/github", SignedRequests.gitHub(GITHUB_SECRET).event(ping));
    HttpResponse<byte[]> luccaSignatureAtGitHub = post("/webhooks/github", LUCCA.body(ping.body()));

    assertThat(gitHub.statusCode()).isEqualTo(200);
    assertThat(runs.get(delivery)).hasValue(1);
    assertThat(luccaSignatureAtGitHub.statusCode()).isEqualTo(401);
  }

  @Test
  void otherPathsPassToTheNextFilterUntouched() throws Exception {
    HttpResponse<byte[]> other =
        post(
            "/api/orders",
            Map.of("Content-Type", "application/json"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> prefix =
        post(
            "/webhooks/lucca/extra",
            Map.of("Content-Type", "application/json"),
            "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(text(other)).isEqualTo("next: POST /api/orders {\"a\":1}");
    assertThat(text(prefix)).isEqualTo("next: POST /webhooks/lucca/extra {}");
  }

  // --- which paths the filter answers --------------------------------------------------------

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "/webhooks/lucca/",
        "/webhooks/lucca;jsessionid=1",
        "/webhooks/lucca/;jsessionid=1",
        "/webhooks/lucc%61"
      })
  void normalizedPathWithOrWithoutOneTrailingSlashReachesTheReceiver(String path) throws Exception {
    String id = UUID.randomUUID().toString();

    HttpResponse<byte[]> response = post(path, lucca(id, "employee.updated"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(runs.get(id)).hasValue(1);
    assertThat(requestCarrying(id).path()).isIn("/webhooks/lucca", "/webhooks/lucca/");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "/webhooks/lucca/?echo=probe%20one",
        "/webhooks/lucca;jsessionid=1?echo=probe%20one",
        "/webhooks/lucca?echo=probe%20one&echo=ignored"
      })
  void queryStringAfterATrailingSlashOrPathParameterIsRead(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> response = get(pathAndQuery);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("probe one");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "/webhooks/luccaX",
        "/webhooks/lucca/x",
        "/webhooks/lucca%2F",
        "/webhooks/lucca%2Fx",
        "/webhooks/lucca%20",
        "/webhooks/lucca%00",
        "/webhooks/lucca.",
        "/WEBHOOKS/LUCCA",
        "/webhooks/lucca%0D%0A",
        "/webhooks/lucca%E2%80%A8",
        "/webhooks/lucca;jsessionid=1/x",
        "/webhooks/lucca/..;/x",
        "/webhooks"
      })
  void otherPathsNeverReachTheReceiver(String path) throws Exception {
    HttpResponse<byte[]> response = get(path + "?echo=probe");

    assertThat(text(response)).isNotEqualTo("probe");
    // The application behind the filter answered, or the container refused the URI itself.
    assertThat(response.statusCode() == 200 ? text(response) : "status " + response.statusCode())
        .matches("next: GET .*|status 400|status 404");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"/webhooks/lucca//", "/webhooks//lucca", "//webhooks/lucca"})
  void repeatedSlashesAreTheContainersToNormalize(String path) throws Exception {
    HttpResponse<byte[]> response = get(path + "?echo=probe");

    if (container.mergesRepeatedSlashes()) {
      // Tomcat maps "/webhooks/lucca//" as "/webhooks/lucca/", as it would for a servlet.
      assertThat(text(response)).isEqualTo("probe");
    } else {
      // Jetty 12 refuses an empty segment as ambiguous before any filter runs.
      assertThat(response.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void bodyReadAsTextByAnEarlierFilterAnswers500NamingTheCause() throws Exception {
    SignedRequests signed = lucca("x", "employee.updated").header("X-Consume", "reader");

    HttpResponse<byte[]> response = post("/consumed/lucca", signed);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(text(response))
        .startsWith("request body was already read as text by an earlier filter");
  }

  @Test
  void bodyConsumedByAnEarlierFilterAnswers500NamingTheCause() throws Exception {
    SignedRequests signed = lucca("x", "employee.updated").header("X-Consume", "stream");

    HttpResponse<byte[]> response = post("/consumed/lucca", signed);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(text(response)).startsWith("request body was already consumed by an earlier filter");
  }

  @Test
  void filterConfigurationMistakesFailAtBuild() {
    WebhookReceiver receiver = GitHub.receiver(GITHUB_SECRET).build();

    assertThatThrownBy(
            () -> WebhookFilter.builder().endpoint("/a", receiver).endpoint("/a", receiver))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("two endpoints on the path \"/a\"");
    assertThatThrownBy(
            () -> WebhookFilter.builder().endpoint("/a", receiver).endpoint("/a/", receiver))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("two endpoints on the path \"/a/\"");
    assertThatThrownBy(() -> WebhookFilter.builder().endpoint("a", receiver))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("endpoint path must start with \"/\", but was \"a\"");
    assertThatThrownBy(() -> WebhookFilter.builder().build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("at least one endpoint is required");
  }

  @Test
  void twoReceiversOfOneNameFailAtBuildWhileOneReceiverMayServeTwoPaths() {
    WebhookReceiver first = GitHub.receiver(GITHUB_SECRET).build();
    WebhookReceiver second = GitHub.receiver(GITHUB_SECRET).build();

    assertThatThrownBy(() -> WebhookFilter.builder().endpoint("/a", first).endpoint("/b/", second))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "the receivers of \"/a\" and \"/b\" are both named \"github\": their events' keys"
                + " would share one namespace, so that one could take the other's events for"
                + " duplicates; name each with endpoint(name)");
    assertThat(WebhookFilter.builder().endpoint("/a", first).endpoint("/b", first).build())
        .hasToString("WebhookFilter[/a, /b]");
    assertThat(
            WebhookFilter.builder()
                .endpoint("/a", first)
                .endpoint("/b", GitHub.receiver(GITHUB_SECRET).endpoint("github-b").build())
                .build())
        .hasToString("WebhookFilter[/a, /b]");
  }

  @Test
  void urlPatternsNameThePathWithAndWithoutOneTrailingSlash() {
    assertThat(WebhookFilter.urlPatterns("/webhooks/lucca"))
        .containsExactly("/webhooks/lucca", "/webhooks/lucca/");
    assertThat(WebhookFilter.urlPatterns("/webhooks/lucca/"))
        .containsExactly("/webhooks/lucca", "/webhooks/lucca/");
    assertThat(WebhookFilter.urlPatterns("/")).containsExactly("/");
    assertThat(
            WebhookFilter.builder()
                .endpoint("/webhooks/github/", GitHub.receiver(GITHUB_SECRET).build())
                .build()
                .endpoints())
        .containsOnlyKeys("/webhooks/github");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Lucca's employee.updated fixture as another event, signed now. */
  private static SignedRequests lucca(String id, String topic) {
    return LUCCA.event(LuccaFixtures.employeeUpdated().id(id).topic(topic));
  }

  /** A POST of the signed delivery with its headers, to which a test adds more. */
  private HttpRequest.Builder signedPost(String pathAndQuery, SignedRequests signed) {
    return postBuilder(pathAndQuery, signed.headers(), signed.body());
  }

  private HttpRequest.Builder postBuilder(
      String pathAndQuery, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    return builder;
  }

  private HttpRequest request(String path, SignedRequests signed) {
    return request(path, signed.headers(), signed.body());
  }

  private HttpRequest request(String path, Map<String, String> headers, byte[] body) {
    return postBuilder(path, headers, body).build();
  }

  private HttpResponse<byte[]> post(String path, SignedRequests signed)
      throws IOException, InterruptedException {
    return client.send(request(path, signed), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> post(String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    return client.send(request(path, headers, body), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private WebhookRequest requestCarrying(String id) {
    return received.stream()
        .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(id))
        .findFirst()
        .orElseThrow();
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static byte[] padded(int size) {
    StringBuilder json =
        new StringBuilder(
            "{\"id\":\"big\",\"topic\":\"employee.updated\",\"source\":\"s\",\"pad\":\"");
    while (json.length() < size) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The application behind the filter: echoes what reached it. */
  private static final class NextServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      response.setContentType("text/plain;charset=UTF-8");
      response
          .getOutputStream()
          .write(
              ("next: " + request.getMethod() + " " + request.getRequestURI() + " " + body)
                  .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Misbehaves like a logging filter placed before the webhook filter. */
  private static final class BodyConsumingFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String consume = ((HttpServletRequest) request).getHeader("X-Consume");
      if ("reader".equals(consume)) {
        request.getReader().read();
      } else if ("stream".equals(consume)) {
        request.getInputStream().readAllBytes();
      }
      chain.doFilter(request, response);
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
