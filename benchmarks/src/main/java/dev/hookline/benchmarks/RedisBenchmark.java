package dev.hookline.benchmarks;

import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.redis.RedisIdempotencyStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Redis store on a real server, to set beside {@link JdbcBenchmark}'s: claim + complete of
 * fresh keys with 1 and 8 threads (ops/s). The {@code uri} parameter names the server,
 * 127.0.0.1:6379 by default. Keys go under a prefix of their own per trial, deleted afterwards.
 */
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1)
public class RedisBenchmark {

  @State(Scope.Benchmark)
  public static class Server {
    /** The Redis URI. */
    @Param("redis://127.0.0.1:6379")
    String uri;

    RedisClient client;
    RedisIdempotencyStore store;
    String prefix;
    final AtomicLong keys = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));

    @Setup(Level.Trial)
    public void setUp() {
      client = RedisClient.create(uri);
      prefix = "hookline:bench:" + Long.toString(System.nanoTime(), 36) + ":";
      store = RedisIdempotencyStore.builder(client).keyPrefix(prefix).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> redis = connection.sync();
        for (String key : redis.keys(prefix + "*")) {
          redis.del(key);
        }
      }
      client.shutdown();
    }
  }

  private static Claim claimAndComplete(Server server) {
    Claim claim = server.store.claim("bench|" + server.keys.incrementAndGet());
    server.store.complete(claim);
    return claim;
  }

  /** One new delivery's claim and completion, one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public Claim claimComplete1Thread(Server server) {
    return claimAndComplete(server);
  }

  /** The same with 8 threads sharing the store's one connection. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public Claim claimComplete8Threads(Server server) {
    return claimAndComplete(server);
  }
}
