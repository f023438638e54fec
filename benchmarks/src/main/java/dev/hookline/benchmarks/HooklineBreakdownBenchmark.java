package dev.hookline.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.CloudEventsReader;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.internal.json.EventJson;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * Diagnostic companion to {@link LuccaReceiveBenchmark}: the stages of {@code hookline} measured on
 * their own, on the same deliveries, to show where its time goes. Not part of the goal.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class HooklineBreakdownBenchmark {

  /** Stage 1: the Lucca verifier alone (header lookups, timestamp window, HMAC, comparison). */
  @Benchmark
  public Verification verify(Requests state) {
    return state.verifier.verify(state.next());
  }

  /** Stage 2: the Lucca reader alone, with no typed handler: data is only delimited. */
  @Benchmark
  public List<WebhookEvent> read(Requests state) {
    return Lucca.PROVIDER.reader().read(state.next(), state.mapper);
  }

  /**
   * Stage 2 + 3: the read as the receiver does it for a typed {@link Employee} handler, which binds
   * data during the pass, then the handler's {@code data(Employee.class)}.
   */
  @Benchmark
  public Employee readAndBind(Requests state) {
    return Lucca.PROVIDER
        .reader()
        .read(state.next(), state.mapper, topic -> Employee.class)
        .get(0)
        .data(Employee.class);
  }

  /**
   * Before stage 1: the framing as the receiver chooses it for an endpoint's defaults (the
   * content-type lookup and the body scan that tells a CloudEvent from the provider's JSON).
   */
  @Benchmark
  public Framing framing(Requests state) {
    return Framing.of(state.next(), Framing.DEFAULTS);
  }

  /** Stage 4: a claim and completion of a new key in the in-memory store (key built per call). */
  @Benchmark
  public void claimComplete(Store state) {
    state.store.complete(state.store.claim(state.nextKey()));
  }

  /** The full receive() with an untyped handler: everything but the {@link Employee} binding. */
  @Benchmark
  public WebhookResponse receiveUntyped(UntypedReceiver state) {
    return state.receiver.receive(state.next());
  }

  /** Jackson readTree under the receiver's settings (the floor's readTree uses a plain mapper). */
  @Benchmark
  public JsonNode readTreeStrict(Requests state) throws IOException {
    return state.mapper.readTree(state.next().body());
  }

  /** Jackson readTree with a plain mapper, as the floor does it. */
  @Benchmark
  public JsonNode readTreePlain(Requests state) throws IOException {
    return state.plainMapper.readTree(state.next().body());
  }

  /** Jackson's tokenizer alone over the whole body (plain mapper): every token, no value read. */
  @Benchmark
  public int tokenize(Requests state) throws IOException {
    int tokens = 0;
    try (JsonParser parser = state.plainMapper.createParser(state.next().body())) {
      while (parser.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /** The data object alone bound to {@link Employee} by a plain mapper, from its bytes. */
  @Benchmark
  public Employee bindDataPlain(Requests state) throws IOException {
    WebhookRequest request = state.next();
    return state.plainMapper.readValue(
        request.body(), state.dataStart, state.dataLength, Employee.class);
  }

  /** HMAC over timestamp.body with one initialised Mac reused by the thread, as the floor. */
  @Benchmark
  public byte[] hmacReused(Requests state) {
    WebhookRequest request = state.next();
    Mac mac = state.mac;
    mac.update(state.timestamp.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(request.body());
    return mac.doFinal();
  }

  /** The UTF-8 and NUL check the receiver makes before reading: the fixture, all ASCII. */
  @Benchmark
  public byte[] utf8Ascii(Bodies state) {
    EventJson.requireUtf8(state.ascii);
    return state.ascii;
  }

  /**
   * The same check over the fixture with accented names (a French employee's, as Lucca's customers
   * mostly have): its first non-ASCII byte comes a third of the way in.
   */
  @Benchmark
  public byte[] utf8Accented(Bodies state) {
    EventJson.requireUtf8(state.accented);
    return state.accented;
  }

  /** The fixture's body, and the same with accented names. */
  @State(Scope.Thread)
  public static class Bodies {
    byte[] ascii;
    byte[] accented;

    /** Builds both bodies; the accented one must differ from the fixture and be as long. */
    @Setup(Level.Trial)
    public void build() {
      String json = LuccaDeliveries.json(0);
      String names =
          json.replace("\"Edward\"", "\"Élodie\"").replace("\"Atkinson\"", "\"Bérénice\"");
      if (names.equals(json)) {
        throw new IllegalStateException("the fixture no longer names Edward Atkinson");
      }
      ascii = json.getBytes(StandardCharsets.UTF_8);
      accented = names.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The signed requests, cycled (no store involved, so ids may repeat). */
  @State(Scope.Thread)
  public static class Requests {
    WebhookRequest[] ring;
    String timestamp;
    SignatureVerifier verifier;
    ObjectMapper mapper;
    ObjectMapper plainMapper;
    Mac mac;
    int dataStart;
    int dataLength;
    int next;

    /** Signs every delivery with the current time. */
    @Setup(Level.Trial)
    public void sign() {
      timestamp = LuccaDeliveries.luccaTimestamp();
      ring = LuccaReceiveBenchmark.signedRing(timestamp, LuccaReceiveBenchmark.RING);
      verifier = Lucca.scheme().verifier(LuccaDeliveries.LUCCA_SECRET);
      mapper = receiverMapper();
      plainMapper = new ObjectMapper();
      mac =
          LuccaDeliveries.hmacSha256(LuccaDeliveries.LUCCA_SECRET.getBytes(StandardCharsets.UTF_8));
      // The data object's bytes, as the fixture lays it out (ASCII, so chars are bytes): from its
      // brace to the last brace before the next field; checked by binding it once.
      String body = new String(ring[0].body(), StandardCharsets.US_ASCII);
      dataStart = body.indexOf("\"data\": {") + "\"data\": ".length();
      dataLength = body.lastIndexOf('}', body.indexOf("\"previousAttributes\"")) + 1 - dataStart;
      try {
        Employee employee =
            plainMapper.readValue(ring[0].body(), dataStart, dataLength, Employee.class);
        if (!"416".equals(employee.id()) || employee.lastUpdatedAt() == null) {
          throw new IllegalStateException("the data slice is not the fixture's employee");
        }
      } catch (IOException e) {
        throw new IllegalStateException("the data slice is not the fixture's data object", e);
      }
      if (!verifier.verify(ring[0]).isValid()) {
        throw new IllegalStateException("the Lucca verifier rejects the benchmark deliveries");
      }
    }

    /** Starts each iteration on a settled heap, as every state here does. */
    @Setup(Level.Iteration)
    public void settle() {
      LuccaDeliveries.settleHeap();
    }

    WebhookRequest next() {
      int i = next;
      next = i + 1 == ring.length ? 0 : i + 1;
      return ring[i];
    }
  }

  /**
   * A fresh in-memory store per iteration and keys it has never seen, built per call as the Lucca
   * reader builds them ({@code source|id}).
   */
  @State(Scope.Thread)
  public static class Store {
    InMemoryIdempotencyStore store;
    int next;

    /**
     * An empty store with the default bound, as receivers have it: after its first 100,000 calls
     * each claim evicts the oldest done key.
     */
    @Setup(Level.Iteration)
    public void freshStore() {
      store = InMemoryIdempotencyStore.create();
      next = 0;
      LuccaDeliveries.settleHeap();
    }

    String nextKey() {
      return "https://example.ilucca.net|" + (100_000_000 + next++);
    }
  }

  /** As {@code LuccaReceiveBenchmark.HooklineState}, with an untyped handler. */
  @State(Scope.Thread)
  public static class UntypedReceiver {
    WebhookRequest[] ring;
    WebhookReceiver receiver;
    InMemoryIdempotencyStore store;
    int next;

    /** Signs every delivery with the current time. */
    @Setup(Level.Trial)
    public void sign() {
      String timestamp = LuccaDeliveries.luccaTimestamp();
      ring = LuccaReceiveBenchmark.signedRing(timestamp, LuccaReceiveBenchmark.RING);
    }

    /** A new receiver over an empty store large enough for the whole ring. */
    @Setup(Level.Iteration)
    public void freshReceiver(org.openjdk.jmh.infra.Blackhole blackhole) {
      store = InMemoryIdempotencyStore.builder().maxEntries(ring.length).build();
      receiver =
          Lucca.receiver(LuccaDeliveries.LUCCA_SECRET)
              .on(LuccaTopics.EMPLOYEE_UPDATED, blackhole::consume)
              .idempotencyStore(store)
              .build();
      next = 0;
      LuccaDeliveries.settleHeap();
    }

    WebhookRequest next() {
      if (next == ring.length) {
        throw new IllegalStateException("more than " + ring.length + " calls in one iteration");
      }
      return ring[next++];
    }

    /** Every call must have been accepted and remembered as a new key. */
    @TearDown(Level.Iteration)
    public void check() {
      if (store.size() != next) {
        throw new IllegalStateException(
            "receiveUntyped: " + next + " calls but " + store.size() + " keys remembered");
      }
    }
  }

  /** A mapper set up as {@code WebhookReceiver.Builder.build()} sets up the receiver's. */
  static ObjectMapper receiverMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setStreamReadConstraints(WebhookReceiver.DEFAULT_JSON_CONSTRAINTS);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.registerModule(CloudEventsReader.jacksonModule());
    return mapper;
  }
}
