package dev.hookline.receiver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.test.TestSigners;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder's validation, and a server that cannot be reached; no Redis server needed. */
class RedisIdempotencyStoreBuilderTest {

  /** Nothing listens on port 1: connecting is refused at once. */
  private static RedisClient unreachable;

  @BeforeAll
  static void createClient() {
    unreachable = RedisClient.create(RedisURI.create("127.0.0.1", 1));
  }

  @AfterAll
  static void shutdownClient() {
    unreachable.shutdown();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    RedisIdempotencyStore store = RedisIdempotencyStore.builder(unreachable).build();

    assertThat(store)
        .hasToString(
            "RedisIdempotencyStore[keyPrefix=hookline:idempotency:, lease=PT1M,"
                + " retention=PT168H, timeout=PT2S]");
  }

  @ParameterizedTest
  @MethodSource("invalidKeyPrefixes")
  void keyPrefixOutsidePrintableAsciiIsRejected(String prefix) {
    assertThatThrownBy(() -> RedisIdempotencyStore.builder(unreachable).keyPrefix(prefix).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith(
            "keyPrefix must be 1 to 128 printable ASCII characters without spaces, but was \"");
  }

  static List<String> invalidKeyPrefixes() {
    return List.of("", "with space", "tab\t", "caf\u00e9:", "x".repeat(129));
  }

  @Test
  void keyPrefixMessageEscapesControlCharacters() {
    assertThatThrownBy(() -> RedisIdempotencyStore.builder(unreachable).keyPrefix("a\nb").build())
        .hasMessageEndingWith("but was \"a\\nb\"");
  }

  @Test
  void keyPrefixOfPrintableAsciiIsAccepted() {
    String prefix = "{app}:hookline/idempotency|" + "x".repeat(101);

    assertThat(RedisIdempotencyStore.builder(unreachable).keyPrefix(prefix).build().redisKey("k"))
        .isEqualTo(prefix + "k");
  }

  @Test
  void durationsOutsideOneMillisecondTo36500DaysAreRejected() {
    assertThatThrownBy(
            () ->
                RedisIdempotencyStore.builder(unreachable).lease(Duration.ofNanos(999_999)).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("lease must be from 1 millisecond to 36500 days, but was PT0.000999999S");
    assertThatThrownBy(
            () ->
                RedisIdempotencyStore.builder(unreachable)
                    .retention(Duration.ofDays(36_501))
                    .build())
        .hasMessage("retention must be from 1 millisecond to 36500 days, but was PT876024H");
    assertThatThrownBy(
            () ->
                RedisIdempotencyStore.builder(unreachable).timeout(Duration.ofSeconds(-1)).build())
        .hasMessage("timeout must be from 1 millisecond to 36500 days, but was PT-1S");
    assertThat(
            RedisIdempotencyStore.builder(unreachable)
                .lease(Duration.ofMillis(1))
                .retention(Duration.ofDays(36_500))
                .build())
        .hasToString(
            "RedisIdempotencyStore[keyPrefix=hookline:idempotency:, lease=PT0.001S,"
                + " retention=PT876000H, timeout=PT2S]");
  }

  @Test
  void unreachableServerFailsEachOperationAndIsAnswered503() {
    RedisIdempotencyStore store = RedisIdempotencyStore.builder(unreachable).build();
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .idempotencyStore(store)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> runs.incrementAndGet())
            .build();

    WebhookResponse response =
        receiver.receive(RedisIdempotencyStoreTest.employeeUpdated("evt-down"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(runs).hasValue(0);
    assertThatThrownBy(() -> store.claim("evt_1"))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessage(
            "Redis idempotency store failed to claim (key prefix hookline:idempotency:,"
                + " RedisConnectionException)")
        .hasCauseInstanceOf(RedisConnectionException.class);
    assertThatThrownBy(() -> store.complete(Claim.acquired("evt_1", "token")))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageStartingWith("Redis idempotency store failed to complete");
    assertThatThrownBy(() -> store.release(Claim.acquired("evt_1", "token")))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageStartingWith("Redis idempotency store failed to release");
    assertThatThrownBy(store::check)
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageStartingWith("Redis idempotency store failed to check");
  }

  @Test
  void claimThatWasNotNewSettlesNothingWithoutAskingTheServer() {
    RedisIdempotencyStore store = RedisIdempotencyStore.builder(unreachable).build();

    store.complete(Claim.done("evt_1"));
    store.release(Claim.inFlight("evt_1"));

    assertThatThrownBy(() -> store.complete(Claim.acquired("evt_1", "token")))
        .isInstanceOf(IdempotencyStoreException.class);
  }

  @Test
  void closedStoreFailsEveryOperation() {
    RedisIdempotencyStore store = RedisIdempotencyStore.builder(unreachable).build();

    store.close();
    store.close();

    assertThatThrownBy(() -> store.claim("evt_1"))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessage("Redis idempotency store is closed");
    assertThatThrownBy(store::check).hasMessage("Redis idempotency store is closed");
  }

  @Test
  void wellFormedKeysAreStoredAsTheyAreAndOthersHashed() {
    RedisIdempotencyStore store = RedisIdempotencyStore.builder(unreachable).build();

    assertThat(store.redisKey("lucca|src|evt \u00e9\ud83d\ude00"))
        .isEqualTo("hookline:idempotency:lucca|src|evt \u00e9\ud83d\ude00");
    assertThat(store.redisKey("lone\ud800"))
        .matches("hookline:idempotency:sha256:[0-9a-f]{64}")
        .isNotEqualTo(store.redisKey("lone\udc00"))
        .isNotEqualTo(store.redisKey("lone\ufffd"));
    assertThat(store.redisKey("sha256:abc")).matches("hookline:idempotency:sha256:[0-9a-f]{64}");
    assertThat(store.redisKey("\ude00\ud83d")).isNotEqualTo(store.redisKey("\ud83d\ude00"));
  }
}
