package dev.hookline.receiver;

import static dev.hookline.receiver.TestRequests.LUCCA_SECRET;
import static dev.hookline.receiver.TestRequests.employeeUpdated;
import static dev.hookline.receiver.TestRequests.lucca;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.HandlerFailedException;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.signature.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  private WebhookReceiver.Builder luccaReceiver() {
    return Lucca.receiver(LUCCA_SECRET)
        .on(
            LuccaTopics.EMPLOYEE_UPDATED,
            Employee.class,
            (employee, event) -> calls.add(employee.givenName()));
  }

  @Test
  void verifiedEventRunsHandlerAndAnswers200WithEmptyBody() {
    WebhookResponse response = luccaReceiver().build().receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(calls).containsExactly("Edward");
  }

  @Test
  void duplicateDeliveryRunsHandlerOnceAndAnswers200() {
    WebhookReceiver receiver = luccaReceiver().build();

    WebhookResponse first = receiver.receive(lucca(employeeUpdated()).build());
    WebhookResponse retry = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(calls).containsExactly("Edward");
  }

  @Test
  void unknownTopicIsAcknowledgedWith200AndNoHandlerRuns() {
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET).on("leave.*", event -> calls.add("leave")).build();

    WebhookResponse response = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(calls).isEmpty();
  }

  @Test
  void handlerFailureOnLuccaAnswers503WithRetryAfterAndReleasesTheKeySoTheRetryRunsAgain() {
    AtomicInteger attempts = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(LuccaTopics.EMPLOYEE_UPDATED, firstRunFails(attempts, "database down", 0))
            .build();

    WebhookResponse failed = receiver.receive(lucca(employeeUpdated()).build());
    WebhookResponse retried = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.headers()).containsEntry("Retry-After", "5");
    assertThat(failed.bodyText())
        .isEqualTo("a handler failed; retry later")
        .doesNotContain("database");
    assertThat(retried.status()).isEqualTo(200);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aHandlerThrowingAnErrorIsAFailureToRetryNotAnErrorOutOfReceive() {
    AtomicInteger attempts = new AtomicInteger();
    List<Throwable> errors =
        List.of(
            new AssertionError("invariant broken"), new StackOverflowError(), new LinkageError());
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  int attempt = attempts.getAndIncrement();
                  if (attempt < errors.size()) {
                    throw (Error) errors.get(attempt);
                  }
                })
            .build();

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i <= errors.size(); i++) {
      statuses.add(receiver.receive(lucca(employeeUpdated()).build()).status());
    }
    WebhookResponse duplicate = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(statuses).containsExactly(503, 503, 503, 200);
    assertThat(duplicate.status()).isEqualTo(200);
    assertThat(attempts).hasValue(4);
  }

  @Test
  void allMatchingHandlersRunInSpecificityOrderAndFailuresAreAggregated() {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .onAny(
                event -> {
                  calls.add("any");
                  throw new IllegalStateException("any failed");
                })
            .on("employee.*", event -> calls.add("prefix"))
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  calls.add("exact");
                  throw new IllegalArgumentException("exact failed");
                })
            .listener(
                new ReceiverListener() {
                  @Override
                  public void failed(WebhookEvent event, Duration duration, Throwable failure) {
                    failures.add(failure);
                  }
                })
            .build();

    WebhookResponse response = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(calls).containsExactly("exact", "prefix", "any");
    assertThat(failures).singleElement().isInstanceOf(HandlerFailedException.class);
    Throwable failure = failures.get(0);
    assertThat(failure).hasMessageContaining("2 of 3 handlers failed");
    assertThat(failure.getCause()).hasMessage("exact failed");
    assertThat(failure.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("any failed");
  }

  @Test
  void dataThatDoesNotBindIsUnbindableAnsweredAsLuccaRetriesAndNoHandlerRuns() {
    record Strict(int givenName) {}
    List<String> unbindable = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> calls.add("untyped"))
            .on(LuccaTopics.EMPLOYEE_UPDATED, Strict.class, (d, e) -> calls.add("typed"))
            .listener(unbindablePaths(unbindable))
            .build();

    WebhookResponse response = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(response.bodyText())
        .startsWith("event data does not bind to Strict: givenName: ")
        .contains("int");
    assertThat(calls).isEmpty();
    assertThat(unbindable).containsExactly("givenName");
    assertThat(receiver.receive(lucca(employeeUpdated()).build()).status())
        .as("the claim was released, so a retry binds again")
        .isEqualTo(503);
  }

  @Test
  void previousAttributesThatDoNotBindToADeclaredTypeAreUnbindableBeforeAnyHandlerRuns() {
    List<String> unbindable = new CopyOnWriteArrayList<>();
    EventHandler before =
        new EventHandler() {
          @Override
          public void handle(WebhookEvent event) {
            calls.add("before " + event.previous(Employee.class).givenName());
          }

          @Override
          public Class<?> previousType() {
            return Employee.class;
          }
        };
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> calls.add("untyped"))
            .on(LuccaTopics.EMPLOYEE_UPDATED, before)
            .listener(unbindablePaths(unbindable))
            .build();
    // The signed body's previous givenName is an object, where Employee has a string.
    byte[] body =
        new String(employeeUpdated(), StandardCharsets.UTF_8)
            .replace("\"givenName\": \"Ed\"", "\"givenName\": {\"first\": \"Ed\"}")
            .getBytes(StandardCharsets.UTF_8);

    WebhookResponse response = receiver.receive(lucca(body).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(response.bodyText())
        .startsWith("event data does not bind to Employee: previousAttributes.givenName: ");
    assertThat(calls).as("no handler ran, not even the one that binds nothing").isEmpty();
    assertThat(unbindable).containsExactly("previousAttributes.givenName");
    assertThat(receiver.receive(lucca(employeeUpdated()).build()).status())
        .as("the claim was released: the event with previous values that fit runs")
        .isEqualTo(200);
    assertThat(calls).containsExactlyInAnyOrder("untyped", "before Ed");
  }

  /** A listener adding the path of every unbindable event's binding failure to the list. */
  private static ReceiverListener unbindablePaths(List<String> paths) {
    return new ReceiverListener() {
      @Override
      public void unbindable(WebhookEvent event, EventBindingException problem) {
        paths.add(problem.path());
      }
    };
  }

  @Test
  void deliveryWhileTheFirstCopyIsProcessedAnswers503WithRetryAfter() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  entered.countDown();
                  release.await(10, TimeUnit.SECONDS);
                })
            .build();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<WebhookResponse> first =
          executor.submit(() -> receiver.receive(lucca(employeeUpdated()).build()));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      WebhookResponse second = receiver.receive(lucca(employeeUpdated()).build());
      release.countDown();

      assertThat(second.status()).isEqualTo(503);
      assertThat(second.headers()).containsEntry("Retry-After", "5");
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void thirtyTwoConcurrentCopiesRunTheHandlerExactlyOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  runs.incrementAndGet();
                  Thread.sleep(50);
                })
            .build();
    int copies = 32;
    ExecutorService executor = Executors.newFixedThreadPool(copies);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<WebhookResponse>> futures = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        WebhookRequest request = lucca(employeeUpdated()).build();
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  return receiver.receive(request);
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<WebhookResponse> future : futures) {
        statuses.add(future.get(30, TimeUnit.SECONDS).status());
      }

      assertThat(runs).hasValue(1);
      assertThat(statuses).isSubsetOf(200, 503).contains(200);
      assertThat(Collections.frequency(statuses, 200)).isGreaterThanOrEqualTo(1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void unreachableStoreAnswers503AndRunsNoHandler() {
    IdempotencyStore down =
        new IdempotencyStore() {
          @Override
          public Claim claim(String key) {
            throw new IdempotencyStoreException("connection refused");
          }

          @Override
          public void complete(Claim claim) {}

          @Override
          public void release(Claim claim) {}
        };
    WebhookReceiver receiver = luccaReceiver().idempotencyStore(down).build();

    WebhookResponse response = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(response.bodyText()).doesNotContain("connection refused");
    assertThat(calls).isEmpty();
  }

  @Test
  void missingSignatureAnswers401NamingTheReason() {
    WebhookRequest unsigned =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("Lucca-Timestamp", Instant.now().toString())
            .body(employeeUpdated())
            .build();

    WebhookResponse response = luccaReceiver().build().receive(unsigned);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText())
        .isEqualTo("signature rejected: MISSING_HEADER: missing header Lucca-Signature");
    assertThat(calls).isEmpty();
  }

  @Test
  void wrongSecretAnswers401WithoutLeakingTheSecret() {
    WebhookRequest forged = lucca(employeeUpdated(), "not-the-secret", Instant.now()).build();

    WebhookResponse response = luccaReceiver().build().receive(forged);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText())
        .startsWith("signature rejected: NO_MATCHING_SIGNATURE")
        .doesNotContain(LUCCA_SECRET);
    assertThat(calls).isEmpty();
  }

  @Test
  void staleTimestampAnswers401() {
    WebhookRequest stale =
        lucca(employeeUpdated(), LUCCA_SECRET, Instant.now().minus(Duration.ofMinutes(6))).build();

    WebhookResponse response = luccaReceiver().build().receive(stale);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText()).startsWith("signature rejected: TIMESTAMP_OUT_OF_WINDOW");
  }

  @Test
  void malformedTimestampAnswers401() {
    WebhookRequest request = lucca(employeeUpdated()).build();
    WebhookRequest malformed =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("Lucca-Timestamp", "yesterday")
            .header("Lucca-Signature", request.headers().first("Lucca-Signature").orElseThrow())
            .body(employeeUpdated())
            .build();

    WebhookResponse response = luccaReceiver().build().receive(malformed);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText()).startsWith("signature rejected: MALFORMED_HEADER");
  }

  @Test
  void unparseableBodyAnswers400() {
    WebhookResponse response =
        luccaReceiver()
            .build()
            .receive(lucca("{\"id\": ".getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).startsWith("malformed event: body is not valid JSON");
  }

  @Test
  void missingEnvelopeFieldAnswers400NamingTheField() {
    byte[] body =
        "{\"id\":\"1\",\"source\":\"https://x\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    WebhookResponse response = luccaReceiver().build().receive(lucca(body).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .isEqualTo("malformed event: required field \"topic\" is missing");
  }

  @Test
  void jsonBeyondTheNestingDepthAnswers400() {
    String deep =
        "{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\",\"skipped\":"
            + "[".repeat(70)
            + "]".repeat(70)
            + "}";

    WebhookResponse response =
        luccaReceiver().build().receive(lucca(deep.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("nesting depth");
  }

  @Test
  void overlongNumberAnswers400() {
    String body = "{\"id\":\"1\",\"topic\":\"t\",\"source\":\"s\",\"n\":" + "9".repeat(101) + "}";

    WebhookResponse response =
        luccaReceiver().build().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).containsIgnoringCase("number");
  }

  @Test
  void stringOverTheConfiguredLengthAnswers400() {
    WebhookReceiver receiver =
        luccaReceiver()
            .jsonConstraints(StreamReadConstraints.builder().maxStringLength(1000).build())
            .build();
    String body = "{\"id\":\"1\",\"source\":\"s\",\"topic\":\"" + "a".repeat(1001) + "\"}";

    WebhookResponse response =
        receiver.receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("String value length (1001) exceeds the maximum");
  }

  @Test
  void duplicateJsonKeysAnswer400() {
    String body = "{\"id\":\"1\",\"id\":\"2\",\"topic\":\"employee.updated\",\"source\":\"s\"}";

    WebhookResponse response =
        luccaReceiver().build().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("Duplicate field 'id'");
  }

  @Test
  void duplicateKeysInsideTheDataAnswer400() {
    String body =
        "{\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\","
            + "\"data\":{\"givenName\":\"A\",\"birthDay\":{\"day\":1,\"day\":2}}}";

    WebhookResponse response =
        luccaReceiver().build().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("Duplicate field 'day'");
    assertThat(calls).isEmpty();
  }

  @Test
  void trailingContentAfterTheJsonAnswers400() {
    String body = "{\"id\":\"1\",\"topic\":\"employee.updated\",\"source\":\"s\"} {}";

    WebhookResponse response =
        luccaReceiver().build().receive(lucca(body.getBytes(StandardCharsets.UTF_8)).build());

    assertThat(response.status()).isEqualTo(400);
  }

  @Test
  void nonJsonContentTypeAnswers415() {
    WebhookRequest.Builder request = lucca(employeeUpdated());
    WebhookRequest form =
        WebhookRequest.builder()
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(employeeUpdated())
            .build();

    WebhookResponse response = luccaReceiver().build().receive(form);

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.bodyText()).contains("\"application/x-www-form-urlencoded\"");
    assertThat(request.build().headers().contains("Content-Type")).isTrue();
  }

  @Test
  void everyTextAnswerForbidsSniffingSoAQuotedContentTypeStaysText() {
    WebhookRequest html =
        WebhookRequest.builder()
            .header("Content-Type", "<script>alert(1)</script>")
            .body(employeeUpdated())
            .build();
    WebhookReceiver receiver = luccaReceiver().build();

    WebhookResponse refused = receiver.receive(html);
    WebhookResponse unsigned =
        receiver.receive(
            WebhookRequest.builder().header("Content-Type", "application/json").build());

    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.bodyText()).contains("<script>");
    for (WebhookResponse response : List.of(refused, unsigned)) {
      assertThat(response.headers())
          .containsEntry("Content-Type", "text/plain; charset=UTF-8")
          .containsEntry("X-Content-Type-Options", "nosniff");
    }
  }

  @Test
  void aContentCodedBodyAnswers415AndRunsNothingWhileIdentityIsAsSent() {
    WebhookReceiver receiver = luccaReceiver().build();
    WebhookRequest signed = lucca(employeeUpdated()).build();
    WebhookRequest gzip =
        WebhookRequest.builder()
            .headers(signed.headers().asMap())
            .header("Content-Encoding", "gzip")
            .body(signed.body())
            .build();
    WebhookRequest identity =
        WebhookRequest.builder()
            .headers(signed.headers().asMap())
            .header("Content-Encoding", "identity")
            .body(signed.body())
            .build();

    WebhookResponse coded = receiver.receive(gzip);

    assertThat(coded.status()).isEqualTo(415);
    assertThat(coded.bodyText())
        .isEqualTo("Content-Encoding \"gzip\" is not accepted; send the body as is");
    assertThat(calls).isEmpty();
    assertThat(receiver.receive(identity).status()).isEqualTo(200);
    assertThat(calls).containsExactly("Edward");
  }

  @Test
  void missingContentTypeAnswers415() {
    WebhookResponse response =
        luccaReceiver().build().receive(WebhookRequest.builder().body(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.bodyText()).endsWith("but was absent");
  }

  @Test
  void jsonWithCharsetParameterIsAccepted() {
    WebhookRequest request = lucca(employeeUpdated()).build();
    WebhookRequest withCharset =
        WebhookRequest.builder()
            .header("content-type", "Application/JSON; charset=utf-8")
            .header("LUCCA-TIMESTAMP", request.headers().first("Lucca-Timestamp").orElseThrow())
            .header("lucca-signature", request.headers().first("Lucca-Signature").orElseThrow())
            .body(employeeUpdated())
            .build();

    assertThat(luccaReceiver().build().receive(withCharset).status()).isEqualTo(200);
  }

  @Test
  void bodyOverTheLimitAnswers413BeforeVerification() {
    WebhookReceiver receiver = luccaReceiver().maxBodySize(1000).build();

    WebhookResponse response = receiver.receive(lucca(employeeUpdated()).build());

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.bodyText()).isEqualTo("body exceeds the limit of 1000 bytes");
  }

  @Test
  void declaredLengthOverTheLimitAnswers413WithoutABody() {
    WebhookReceiver receiver = luccaReceiver().maxBodySize(1000).build();

    WebhookResponse response =
        receiver.receive(
            WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .header("Content-Length", "1001")
                .build());

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void declaredLengthOverTheLimitWithLeadingZerosOrMoreDigitsThanALongAnswers413() {
    WebhookReceiver receiver = luccaReceiver().maxBodySize(1000).build();

    for (String declared :
        List.of("0000000000002000000", "00000000000000000000001001", "9".repeat(40))) {
      WebhookResponse response =
          receiver.receive(
              WebhookRequest.builder()
                  .header("Content-Type", "application/json")
                  .header("Content-Length", declared)
                  .build());
      assertThat(response.status()).as(declared).isEqualTo(413);
    }
    WebhookResponse zeros =
        luccaReceiver()
            .build()
            .receive(lucca(employeeUpdated()).header("Content-Length", "0".repeat(30)).build());
    assertThat(zeros.status())
        .as("a long run of zeros declares no body over the limit")
        .isEqualTo(200);
  }

  @Test
  void bodyExactlyAtTheLimitIsAccepted() {
    byte[] body = employeeUpdated();
    WebhookReceiver receiver = luccaReceiver().maxBodySize(body.length).build();

    assertThat(receiver.receive(lucca(body).build()).status()).isEqualTo(200);
  }

  @Test
  void wrongMethodAnswers405WithAllow() {
    WebhookRequest put = lucca(employeeUpdated()).method("PUT").build();

    WebhookResponse lucca = luccaReceiver().build().receive(put);
    WebhookResponse plain =
        WebhookReceiver.builder()
            .verifier(SignatureVerifier.unverified("test"))
            .reader(Lucca.PROVIDER.reader())
            .build()
            .receive(put);

    assertThat(lucca.status()).isEqualTo(405);
    assertThat(lucca.headers()).containsEntry("Allow", "GET, POST");
    assertThat(plain.status()).isEqualTo(405);
    assertThat(plain.headers()).containsEntry("Allow", "POST");
  }

  @Test
  void getIsAChallengeOnlyWhenEnabled() {
    WebhookRequest get =
        WebhookRequest.builder().method("GET").queryParameter("echo", "abc").build();
    WebhookReceiver withoutChallenge = luccaReceiver().challenge(false).build();

    WebhookResponse response = withoutChallenge.receive(get);

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.headers()).containsEntry("Allow", "POST");
  }

  @Test
  void challengeEchoesNonAsciiValueExactlyAsPlainText() {
    String value = "iusiof24dsfxvcç834";
    WebhookRequest get =
        WebhookRequest.builder().method("GET").queryParameter("echo", value).build();

    WebhookResponse response = luccaReceiver().build().receive(get);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers())
        .containsEntry("Content-Type", "text/plain; charset=UTF-8")
        .containsEntry("X-Content-Type-Options", "nosniff");
    assertThat(response.body()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    assertThat(calls).isEmpty();
  }

  @Test
  void challengeParameterIsReadWhenEchoIsAbsentAndEchoWins() {
    WebhookReceiver receiver = luccaReceiver().build();

    WebhookResponse legacy =
        receiver.receive(
            WebhookRequest.builder().method("GET").queryParameter("challenge", "old").build());
    WebhookResponse both =
        receiver.receive(
            WebhookRequest.builder()
                .method("GET")
                .queryParameter("challenge", "old")
                .queryParameter("echo", "new")
                .build());

    assertThat(legacy.bodyText()).isEqualTo("old");
    assertThat(both.bodyText()).isEqualTo("new");
  }

  @Test
  void challengeOf500CharactersIsEchoedAnd501IsRejectedWith400() {
    WebhookReceiver receiver = luccaReceiver().build();
    String max = "ç".repeat(500);

    WebhookResponse ok =
        receiver.receive(
            WebhookRequest.builder().method("GET").queryParameter("echo", max).build());
    WebhookResponse tooLong =
        receiver.receive(
            WebhookRequest.builder().method("GET").queryParameter("echo", max + "x").build());

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.bodyText()).isEqualTo(max);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.bodyText()).isEqualTo("activation challenge value exceeds 500 characters");
  }

  @Test
  void challengeWithoutParameterAnswers400() {
    WebhookResponse response =
        luccaReceiver().build().receive(WebhookRequest.builder().method("GET").build());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("echo or challenge");
  }

  @Test
  void listenerSeesEveryOutcomeAndAThrowingListenerBreaksNothing() {
    List<String> seen = new CopyOnWriteArrayList<>();
    ReceiverListener recorder =
        new ReceiverListener() {
          @Override
          public void received(WebhookRequest request) {
            seen.add("received");
          }

          @Override
          public void rejected(WebhookRequest request, int status, String reason) {
            seen.add("rejected " + status);
          }

          @Override
          public void duplicate(WebhookEvent event, boolean inFlight) {
            seen.add("duplicate " + event.id());
          }

          @Override
          public void ignored(WebhookEvent event) {
            seen.add("ignored " + event.topic());
          }

          @Override
          public void handled(WebhookEvent event, Duration duration) {
            seen.add("handled " + event.id() + (duration.isNegative() ? " negative" : ""));
          }
        };
    ReceiverListener throwing =
        new ReceiverListener() {
          @Override
          public void received(WebhookRequest request) {
            throw new IllegalStateException("metrics broken");
          }
        };
    WebhookReceiver receiver = luccaReceiver().listener(throwing).listener(recorder).build();

    receiver.receive(lucca(employeeUpdated()).build());
    receiver.receive(lucca(employeeUpdated()).build());
    receiver.receive(
        lucca(
                "{\"id\":\"9\",\"topic\":\"leave.created\",\"source\":\"s\"}"
                    .getBytes(StandardCharsets.UTF_8))
            .build());
    receiver.receive(WebhookRequest.builder().method("DELETE").build());

    assertThat(seen)
        .containsExactly(
            "received",
            "handled 123",
            "received",
            "duplicate 123",
            "received",
            "ignored leave.created",
            "received",
            "rejected 405");
  }

  /** Handlers are timed only for listeners; a listener is told how long each one took. */
  @Test
  void aListenerIsToldHowLongTheHandlerTookAndThatItFailed() {
    List<Duration> handled = new CopyOnWriteArrayList<>();
    List<Duration> failed = new CopyOnWriteArrayList<>();
    ReceiverListener recorder =
        new ReceiverListener() {
          @Override
          public void handled(WebhookEvent event, Duration duration) {
            handled.add(duration);
          }

          @Override
          public void failed(WebhookEvent event, Duration duration, Throwable failure) {
            failed.add(duration);
          }
        };
    WebhookReceiver receiver =
        Lucca.receiver(LUCCA_SECRET)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                firstRunFails(new AtomicInteger(), "first run fails", 30))
            .listener(recorder)
            .build();

    assertThat(receiver.receive(lucca(employeeUpdated()).build()).status()).isEqualTo(503);
    assertThat(receiver.receive(lucca(employeeUpdated()).build()).status()).isEqualTo(200);

    assertThat(failed)
        .singleElement()
        .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(30)));
    assertThat(handled)
        .singleElement()
        .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(30)));
  }

  /** A handler that takes the given time, counts its runs, and fails the first with the message. */
  private static EventHandler firstRunFails(AtomicInteger runs, String message, long millis) {
    return event -> {
      Thread.sleep(millis);
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException(message);
      }
    };
  }

  @Test
  void buildRequiresAVerifierAndAReader() {
    assertThatThrownBy(() -> WebhookReceiver.builder().reader(Lucca.PROVIDER.reader()).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageContaining("a verifier is required");
    assertThatThrownBy(
            () -> WebhookReceiver.builder().verifier(SignatureVerifier.unverified("test")).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("a reader is required");
    assertThatThrownBy(() -> luccaReceiver().maxBodySize(0).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("maxBodySize must be positive, but was 0");
  }

  @Test
  void replayUsesTheLiveKeysSoAnEventHandledLiveIsNotHandledAgain() {
    WebhookReceiver receiver = luccaReceiver().build();
    receiver.receive(lucca(employeeUpdated()).build());
    WebhookRequest fromApi =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .body(TestRequests.employeeUpdated("456"))
            .build();

    List<DeliveryOutcome> already =
        receiver.replay(
            WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .body(employeeUpdated())
                .build());
    List<DeliveryOutcome> missed = receiver.replay(fromApi);
    List<DeliveryOutcome> again = receiver.replay(fromApi);

    assertThat(already).containsExactly(DeliveryOutcome.DUPLICATE);
    assertThat(missed).containsExactly(DeliveryOutcome.HANDLED);
    assertThat(again).containsExactly(DeliveryOutcome.DUPLICATE);
    assertThat(calls).containsExactly("Edward", "Edward");
  }

  @Test
  void presetWithItsOwnVerifierUsesThatVerifiersClock() {
    WebhookRequest vector =
        WebhookRequest.builder()
            .header("Content-Type", "application/json")
            .header("Lucca-Timestamp", "2025-01-01T08:34:23Z")
            .header("Lucca-Signature", "X+mYYTQeIMwAhLq0kDIJZDjJ8QdZf/rmzFdU8ATIC9s=")
            .body(TestRequests.resource("/vectors/lucca.employee.updated.body.json"))
            .build();
    java.time.Clock signedAt =
        java.time.Clock.fixed(Instant.parse("2025-01-01T08:34:23Z"), java.time.ZoneOffset.UTC);
    WebhookReceiver atTheVectorsTime =
        Lucca.receiver(
                dev.hookline.receiver.lucca.Lucca.scheme()
                    .withClock(signedAt)
                    .verifier(LUCCA_SECRET))
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> calls.add(event.id()))
            .build();

    assertThat(atTheVectorsTime.receive(vector).status()).isEqualTo(200);
    assertThat(atTheVectorsTime.challengeEnabled()).isTrue();
    assertThat(luccaReceiver().build().receive(vector).bodyText())
        .startsWith("signature rejected: TIMESTAMP_OUT_OF_WINDOW");
    assertThat(calls).containsExactly("123");
  }

  @Test
  void unverifiedReceiverAcceptsUnsignedRequests() {
    WebhookReceiver receiver =
        WebhookReceiver.builder()
            .verifier(SignatureVerifier.unverified("Arta documents no scheme"))
            .reader(Lucca.PROVIDER.reader())
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> calls.add(event.id()))
            .build();

    WebhookResponse response =
        receiver.receive(
            WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .body(employeeUpdated())
                .build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(calls).containsExactly("123");
  }
}
