package dev.hookline.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import dev.hookline.benchmarks.server.TypedLuccaEvent;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One signed Lucca delivery (the {@code employee.updated} fixture) received four ways; see
 * benchmarks/README.md for what each measures and the figures.
 *
 * <p>Every benchmark cycles through a ring of {@link #RING} distinct deliveries signed in setup
 * with the current time, so a trial must finish within the senders' 5-minute window (the defaults
 * take about 20 seconds per benchmark).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class LuccaReceiveBenchmark {

  /**
   * Distinct deliveries per ring. {@code hookline} must not see an id twice within an iteration, so
   * one iteration may run at most this many calls (it fails loudly otherwise); override with {@code
   * -jvmArgsAppend -Dhookline.bench.ring=N} for longer iterations.
   */
  static final int RING = Integer.getInteger("hookline.bench.ring", 1 << 19);

  /**
   * The full receive(): Lucca signature and timestamp check, event read, {@link Employee} binding
   * for the typed handler, a claim and completion in a fresh in-memory idempotency store.
   */
  @Benchmark
  public WebhookResponse hookline(HooklineState state) {
    return state.receiver.receive(state.next());
  }

  /**
   * The least any verifying receiver must do: HMAC-SHA256 over {@code timestamp.body} with one
   * initialised {@link Mac} reused by this thread, a constant-time comparison with the decoded
   * {@code Lucca-Signature}, then Jackson {@code readTree} over the body.
   */
  @Benchmark
  public JsonNode floor(FloorState state) throws IOException {
    return state.mapper.readTree(verifiedBody(state));
  }

  /**
   * Diagnostic, not in the goal: the floor with the body bound to the same typed model as
   * {@code hookline}'s handler ({@link TypedLuccaEvent}, data bound to {@link Employee}) instead of
   * {@code readTree}, by a plain mapper that skips the fields the model leaves out.
   */
  @Benchmark
  public TypedLuccaEvent floorTyped(FloorState state) throws IOException {
    return state.typedMapper.readValue(verifiedBody(state), TypedLuccaEvent.class);
  }

  /** The floor's signature check of the next delivery; returns its body. */
  private static byte[] verifiedBody(FloorState state) {
    int i = state.next();
    byte[] body = state.bodies[i];
    Mac mac = state.mac;
    mac.update(state.timestamp.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(body);
    byte[] expected = mac.doFinal();
    if (!MessageDigest.isEqual(expected, Base64.getDecoder().decode(state.signatures[i]))) {
      throw new IllegalStateException("floor: signature mismatch at delivery " + i);
    }
    return body;
  }

  /** svix-java's {@code Webhook.verify} of the same body signed the Standard Webhooks way. */
  @Benchmark
  public String svix(SvixState state) throws WebhookVerificationException {
    SvixDelivery delivery = state.next();
    state.webhook.verify(delivery.payload(), delivery.headers());
    return delivery.payload();
  }

  /** stripe-java's {@code Webhook.Signature.verifyHeader} of the same body signed Stripe's way. */
  @Benchmark
  public boolean stripe(StripeState state) throws SignatureVerificationException {
    StripeDelivery delivery = state.next();
    return Webhook.Signature.verifyHeader(
        delivery.payload(), delivery.header(), LuccaDeliveries.STRIPE_SECRET, 300);
  }

  /**
   * Requests signed once per trial; a receiver with a fresh store per iteration, so that every
   * call's event id is new to the store and the claim really inserts.
   */
  @State(Scope.Thread)
  public static class HooklineState {
    WebhookRequest[] ring;
    WebhookReceiver receiver;
    InMemoryIdempotencyStore store;
    int next;

    /** Signs every delivery with the current time. */
    @Setup(Level.Trial)
    public void sign() {
      String timestamp = LuccaDeliveries.luccaTimestamp();
      ring = signedRing(timestamp, RING);
    }

    /** A new receiver over an empty store large enough for the whole ring. */
    @Setup(Level.Iteration)
    public void freshReceiver(Blackhole blackhole) {
      store = InMemoryIdempotencyStore.builder().maxEntries(RING).build();
      receiver =
          Lucca.receiver(LuccaDeliveries.LUCCA_SECRET)
              .on(
                  LuccaTopics.EMPLOYEE_UPDATED,
                  Employee.class,
                  (employee, event) -> blackhole.consume(employee))
              .idempotencyStore(store)
              .build();
      next = 0;
      LuccaDeliveries.settleHeap();
    }

    WebhookRequest next() {
      if (next == ring.length) {
        throw new IllegalStateException(
            "more than "
                + RING
                + " calls in one iteration: raise -Dhookline.bench.ring or shorten iterations");
      }
      return ring[next++];
    }

    /** Every call must have been accepted and remembered as a new key. */
    @TearDown(Level.Iteration)
    public void check() {
      if (store.size() != next) {
        throw new IllegalStateException(
            "hookline: " + next + " calls but " + store.size() + " keys remembered");
      }
    }
  }

  /** Bodies and their Lucca signatures; one initialised MAC and one mapper for the thread. */
  @State(Scope.Thread)
  public static class FloorState {
    byte[][] bodies;
    String[] signatures;
    String timestamp;
    Mac mac;
    ObjectMapper mapper;
    ObjectMapper typedMapper;
    int next;

    /** Signs every delivery with the current time. */
    @Setup(Level.Trial)
    public void sign() {
      timestamp = LuccaDeliveries.luccaTimestamp();
      bodies = new byte[RING][];
      signatures = new String[RING];
      for (int i = 0; i < RING; i++) {
        bodies[i] = LuccaDeliveries.body(i);
        signatures[i] = LuccaDeliveries.luccaSignature(timestamp, bodies[i]);
      }
      mac =
          LuccaDeliveries.hmacSha256(LuccaDeliveries.LUCCA_SECRET.getBytes(StandardCharsets.UTF_8));
      mapper = new ObjectMapper();
      typedMapper = TypedLuccaEvent.mapper();
    }

    /** Starts each iteration on a settled heap, as every state here does. */
    @Setup(Level.Iteration)
    public void settle() {
      LuccaDeliveries.settleHeap();
    }

    int next() {
      int i = next;
      next = i + 1 == RING ? 0 : i + 1;
      return i;
    }
  }

  /** A Standard Webhooks delivery as svix-java takes it: the body as text and the headers. */
  record SvixDelivery(String payload, Map<String, List<String>> headers) {}

  /** The same deliveries signed for svix-java. */
  @State(Scope.Thread)
  public static class SvixState {
    SvixDelivery[] ring;
    com.svix.Webhook webhook;
    int next;

    /** Signs every delivery with the current time; checks that svix accepts the first. */
    @Setup(Level.Trial)
    public void sign() throws Exception {
      long timestamp = LuccaDeliveries.unixSeconds();
      ring = new SvixDelivery[RING];
      for (int i = 0; i < RING; i++) {
        byte[] body = LuccaDeliveries.body(i);
        String messageId = "msg_" + LuccaDeliveries.eventId(i);
        Map<String, List<String>> headers =
            HttpHeaders.of(
                    Map.of(
                        "content-type", List.of("application/json"),
                        "svix-id", List.of(messageId),
                        "svix-timestamp", List.of(Long.toString(timestamp)),
                        "svix-signature",
                            List.of(LuccaDeliveries.svixSignature(messageId, timestamp, body))),
                    (name, value) -> true)
                .map();
        ring[i] = new SvixDelivery(new String(body, StandardCharsets.UTF_8), headers);
      }
      webhook = new com.svix.Webhook(LuccaDeliveries.SVIX_SECRET);
      webhook.verify(ring[0].payload(), ring[0].headers());
    }

    /** Starts each iteration on a settled heap, as every state here does. */
    @Setup(Level.Iteration)
    public void settle() {
      LuccaDeliveries.settleHeap();
    }

    SvixDelivery next() {
      int i = next;
      next = i + 1 == RING ? 0 : i + 1;
      return ring[i];
    }
  }

  /** A Stripe delivery: the body as text and the {@code Stripe-Signature} header. */
  record StripeDelivery(String payload, String header) {}

  /** The same deliveries signed for stripe-java. */
  @State(Scope.Thread)
  public static class StripeState {
    StripeDelivery[] ring;
    int next;

    /** Signs every delivery with the current time; checks that Stripe accepts the first. */
    @Setup(Level.Trial)
    public void sign() throws Exception {
      long timestamp = LuccaDeliveries.unixSeconds();
      ring = new StripeDelivery[RING];
      for (int i = 0; i < RING; i++) {
        byte[] body = LuccaDeliveries.body(i);
        ring[i] =
            new StripeDelivery(
                new String(body, StandardCharsets.UTF_8),
                LuccaDeliveries.stripeSignature(timestamp, body));
      }
      Webhook.Signature.verifyHeader(
          ring[0].payload(), ring[0].header(), LuccaDeliveries.STRIPE_SECRET, 300);
    }

    /** Starts each iteration on a settled heap, as every state here does. */
    @Setup(Level.Iteration)
    public void settle() {
      LuccaDeliveries.settleHeap();
    }

    StripeDelivery next() {
      int i = next;
      next = i + 1 == RING ? 0 : i + 1;
      return ring[i];
    }
  }

  /**
   * Receives the ring's next delivery with an asynchronous receiver, which must accept it (202):
   * each delivery is new, so a duplicate or a refusal would measure something else.
   *
   * @throws IllegalStateException if the ring is used up or the delivery was not accepted
   */
  static int acceptNext(WebhookReceiver receiver, WebhookRequest[] ring, AtomicInteger next) {
    int index = next.getAndIncrement();
    if (index >= ring.length) {
      throw new IllegalStateException(
          "ring of " + ring.length + " deliveries exhausted; raise RING");
    }
    int status = receiver.receive(ring[index]).status();
    if (status != 202) {
      throw new IllegalStateException("expected 202 for a new delivery, got " + status);
    }
    return status;
  }

  /**
   * Distinct deliveries 0 to size - 1 ({@link LuccaDeliveries#body}), each signed at this
   * timestamp.
   */
  static WebhookRequest[] signedRing(String timestamp, int size) {
    WebhookRequest[] ring = new WebhookRequest[size];
    for (int i = 0; i < size; i++) {
      byte[] body = LuccaDeliveries.body(i);
      ring[i] = luccaRequest(timestamp, LuccaDeliveries.luccaSignature(timestamp, body), body);
    }
    return ring;
  }

  static WebhookRequest luccaRequest(String timestamp, String signature, byte[] body) {
    return WebhookRequest.builder()
        .method("POST")
        .path("/webhooks/lucca")
        .header("Content-Type", "application/json")
        .header(Lucca.SIGNATURE_HEADER, signature)
        .header(Lucca.TIMESTAMP_HEADER, timestamp)
        .body(body)
        .build();
  }
}
