package dev.hookline.receiver.redis;

import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.Utf16;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdempotencyStore} on Redis, shared by every receiver instance that uses the same Redis
 * server, through a Lettuce {@link RedisClient}.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://127.0.0.1:6379");   // one per application
 * RedisIdempotencyStore store = RedisIdempotencyStore.builder(client)
 *     .keyPrefix("hookline:idempotency:")   // the default
 *     .build();
 * WebhookReceiver receiver = Lucca.receiver(secret).idempotencyStore(store).on(...).build();
 * // on shutdown: store.close(), then client.shutdown()
 * }</pre>
 *
 * <p><b>Keys.</b> One Redis string per idempotency key, named by the key prefix followed by the
 * key: {@code hookline:idempotency:lucca|<source>|<id>}. Its value is {@code in-flight:<token>}
 * while a claim holds it, the claim's token being a random UUID, and {@code done} once completed. A
 * key holding an unpaired surrogate (which UTF-8 cannot carry) or starting with {@code sha256:} is
 * named by {@code sha256:} and the hex SHA-256 of its UTF-16 code units instead, so that two
 * different keys never share a Redis key.
 *
 * <ul>
 *   <li>{@link #claim}: {@code SET key in-flight:<token> NX PX <lease>}. If the key exists, a
 *       {@code GET} tells {@code DONE} from {@code IN_FLIGHT}.
 *   <li>{@link #complete}: a Lua script that, only while the key still holds the claim's token,
 *       sets it to {@code done} with the retention as its expiry ({@code PX}); {@link #release}: a
 *       script that deletes the key under the same condition. A holder whose lease expired and was
 *       taken over changes nothing. Scripts run by {@code EVALSHA}, and by {@code EVAL} when the
 *       server does not have them cached (after a restart or {@code SCRIPT FLUSH}).
 * </ul>
 *
 * <p><b>Time.</b> Leases and retention are key expiries, so they are measured by the Redis server's
 * clock, not by this JVM's: an expired lease or a done key past its retention is simply gone, and
 * the next claim is {@code NEW}. There is nothing to purge.
 *
 * <p><b>Durability.</b> The store remembers what Redis keeps: a server restarted without
 * persistence (RDB or AOF) forgets every key, so that deliveries completed before it would run
 * again; with {@code maxmemory}, use {@code noeviction}, or a Redis server of its own. Every key of
 * this store has an expiry (the lease or the retention), so every {@code volatile-*} policy may
 * evict them too, and the {@code allkeys-*} ones evict any key: a done key evicted lets its
 * delivery run again. A prefix must not begin with another store's prefix on the same server.
 *
 * <p><b>Connection.</b> The store opens one connection of its own from the client at its first
 * command, and keeps it: a Lettuce connection is thread-safe and carries the commands of every
 * thread, and reconnects by itself after the server comes back (unless the client's options turn
 * auto-reconnect off). The client's settings (address, TLS, credentials, Sentinel) apply. {@link
 * #close()} closes that connection, not the client. Lettuce rather than Jedis: one thread-safe
 * connection instead of a pool, and the client Spring Boot configures by default, so that a Spring
 * application's Redis settings serve Hookline as they are.
 *
 * <p><b>Failures.</b> Each command waits at most the timeout (default 2 seconds), also while the
 * server is unreachable. Every Lettuce failure becomes an {@link IdempotencyStoreException} naming
 * the operation and the key prefix and keeping the cause; the receiver answers such a claim with
 * 503 and runs no handler. Thread-safe; its settings are fixed once built.
 */
public final class RedisIdempotencyStore implements IdempotencyStore, AutoCloseable {

  /** Default prefix of the store's Redis keys: {@value}. */
  public static final String DEFAULT_KEY_PREFIX = "hookline:idempotency:";

  /** Default lease on an in-flight claim: 1 minute. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** Default timeout of each Redis command: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** The longest lease, retention or timeout: 36,500 days, well within Redis's expiry range. */
  static final Duration MAX_DURATION = Duration.ofDays(36_500);

  /** The value of a done key. */
  static final String DONE = "done";

  /** What the value of an in-flight key starts with, before the claim's token. */
  static final String IN_FLIGHT = "in-flight:";

  private static final String HASHED_KEY_PREFIX = "sha256:";

  /** Claim attempts when the key vanishes (released, expired) between the SET and the GET. */
  private static final int CLAIM_ATTEMPTS = 3;

  private static final Pattern KEY_PREFIX = Pattern.compile("[\\x21-\\x7e]{1,128}");

  /** KEYS[1] becomes ARGV[2] for ARGV[3] milliseconds, if it holds ARGV[1]. */
  private static final Script COMPLETE =
      Script.of(
          "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\n"
              + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])\n"
              + "return 1\n");

  /** KEYS[1] is deleted, if it holds ARGV[1]. */
  private static final Script RELEASE =
      Script.of(
          "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\n"
              + "return redis.call('DEL', KEYS[1])\n");

  private final RedisClient client;
  private final String keyPrefix;
  private final Duration lease;
  private final Duration retention;
  private final Duration timeout;
  private final long leaseMillis;
  private final String retentionMillis;

  /** Guards opening and closing the connection. */
  private final Object lock = new Object();

  private volatile @Nullable StatefulRedisConnection<String, String> connection;
  private boolean closed;

  private RedisIdempotencyStore(Builder builder) {
    this.client = builder.client;
    this.keyPrefix = builder.keyPrefix;
    this.lease = builder.lease;
    this.retention = builder.retention;
    this.timeout = builder.timeout;
    this.leaseMillis = builder.lease.toMillis();
    this.retentionMillis = Long.toString(builder.retention.toMillis());
  }

  /** Starts a builder over the client the store opens its connection with. */
  public static Builder builder(RedisClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Claims the key: {@code NEW} when it is absent (never claimed, released, its lease expired or
   * its retention passed); otherwise {@code DONE} or {@code IN_FLIGHT}.
   *
   * @throws IdempotencyStoreException if Redis fails or cannot be reached within the timeout
   */
  @Override
  public Claim claim(String key) {
    Objects.requireNonNull(key, "key");
    String redisKey = redisKey(key);
    String token = UUID.randomUUID().toString();
    try {
      RedisCommands<String, String> redis = commands();
      for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        if (redis.set(redisKey, IN_FLIGHT + token, SetArgs.Builder.nx().px(leaseMillis)) != null) {
          return Claim.acquired(key, token);
        }
        String value = redis.get(redisKey);
        if (value != null) {
          return value.equals(DONE) ? Claim.done(key) : Claim.inFlight(key);
        }
        // Released or expired between the two commands: claim again.
      }
      // Keeps vanishing: another holder is busy with it; the sender retries later.
      return Claim.inFlight(key);
    } catch (RedisException e) {
      throw failure("claim", e);
    }
  }

  /**
   * Marks the key done for the retention, if the claim's token still holds its lease. A claim that
   * was not {@code NEW} holds nothing and changes nothing.
   *
   * @throws IdempotencyStoreException if Redis fails or cannot be reached within the timeout
   */
  @Override
  public void complete(Claim claim) {
    if (Objects.requireNonNull(claim, "claim").status() != ClaimStatus.NEW) {
      return;
    }
    try {
      run(COMPLETE, redisKey(claim.key()), IN_FLIGHT + claim.token(), DONE, retentionMillis);
    } catch (RedisException e) {
      throw failure("complete", e);
    }
  }

  /**
   * Deletes the in-flight key, if the claim's token still holds its lease, so that the next
   * delivery processes it. A claim that was not {@code NEW} holds nothing and changes nothing.
   *
   * @throws IdempotencyStoreException if Redis fails or cannot be reached within the timeout
   */
  @Override
  public void release(Claim claim) {
    if (Objects.requireNonNull(claim, "claim").status() != ClaimStatus.NEW) {
      return;
    }
    try {
      run(RELEASE, redisKey(claim.key()), IN_FLIGHT + claim.token());
    } catch (RedisException e) {
      throw failure("release", e);
    }
  }

  /**
   * Sends {@code PING}, for health indicators.
   *
   * @throws IdempotencyStoreException if Redis cannot be reached within the timeout
   */
  @Override
  public void check() {
    try {
      commands().ping();
    } catch (RedisException e) {
      throw failure("check", e);
    }
  }

  /**
   * Closes the store's connection, if it opened one; the client stays open. Afterwards every
   * operation throws {@link IdempotencyStoreException}. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      StatefulRedisConnection<String, String> open = connection;
      connection = null;
      // Closed already if the client was shut down first.
      if (open != null && open.isOpen()) {
        open.close();
      }
    }
  }

  /** The store's connection, opened at the first command. */
  private RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> current = connection;
    if (current == null) {
      synchronized (lock) {
        if (closed) {
          throw new IdempotencyStoreException("Redis idempotency store is closed");
        }
        current = connection;
        if (current == null) {
          current = client.connect(StringCodec.UTF8);
          current.setTimeout(timeout);
          connection = current;
        }
      }
    }
    return current.sync();
  }

  private void run(Script script, String key, String... args) {
    String[] keys = {key};
    RedisCommands<String, String> redis = commands();
    try {
      redis.evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args);
    } catch (RedisNoScriptException e) {
      // Not in the server's script cache (restarted, flushed): EVAL runs and caches it.
      redis.eval(script.text(), ScriptOutputType.INTEGER, keys, args);
    }
  }

  /** The Redis key of an idempotency key: the prefix, then the key as UTF-8 or hashed. */
  String redisKey(String key) {
    if (!key.startsWith(HASHED_KEY_PREFIX) && !Utf16.hasUnpairedSurrogate(key)) {
      return keyPrefix + key;
    }
    ByteBuffer codeUnits = ByteBuffer.allocate(key.length() * 2);
    codeUnits.asCharBuffer().put(key);
    return keyPrefix + HASHED_KEY_PREFIX + HexFormat.of().formatHex(digest("SHA-256", codeUnits));
  }

  private static byte[] digest(String algorithm, ByteBuffer input) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      digest.update(input);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }

  /**
   * Names the operation, the key prefix and the kind of failure; Lettuce's message stays in the
   * cause. No key: the receiver's log line names the event already.
   */
  private IdempotencyStoreException failure(String operation, RedisException cause) {
    return new IdempotencyStoreException(
        "Redis idempotency store failed to "
            + operation
            + " (key prefix "
            + keyPrefix
            + ", "
            + cause.getClass().getSimpleName()
            + ")",
        cause);
  }

  @Override
  public String toString() {
    return "RedisIdempotencyStore[keyPrefix="
        + keyPrefix
        + ", lease="
        + lease
        + ", retention="
        + retention
        + ", timeout="
        + timeout
        + "]";
  }

  /** A Lua script and the SHA-1 digest {@code EVALSHA} names it by. */
  private record Script(String text, String sha1) {
    static Script of(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return new Script(text, HexFormat.of().formatHex(digest("SHA-1", ByteBuffer.wrap(bytes))));
    }
  }

  /** Configures a {@link RedisIdempotencyStore}; not thread-safe. */
  public static final class Builder {
    private final RedisClient client;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration lease = DEFAULT_LEASE;
    private Duration retention = DEFAULT_RETENTION;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(RedisClient client) {
      this.client = client;
    }

    /**
     * What every Redis key of the store starts with; default {@value #DEFAULT_KEY_PREFIX}. 1 to 128
     * printable ASCII characters, no spaces. Stores sharing a prefix share their keys.
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /**
     * How long an uncompleted claim blocks its key before another delivery may take it over,
     * measured by the Redis server's clock; default 1 minute. Make it longer than the slowest
     * handler.
     */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** How long a done key is remembered, measured by the Redis server's clock; default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * How long each Redis command may take, including while the server cannot be reached, before
     * the operation fails with {@link IdempotencyStoreException}; default 2 seconds.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Validates the configuration and returns the store; it does not connect until its first
     * command.
     *
     * @throws WebhookConfigurationException if the key prefix is not 1 to 128 printable ASCII
     *     characters without spaces, or a duration is shorter than 1 millisecond or longer than
     *     36,500 days
     */
    public RedisIdempotencyStore build() {
      if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
        throw new WebhookConfigurationException(
            "keyPrefix must be 1 to 128 printable ASCII characters without spaces, but was \""
                + LogText.escape(keyPrefix)
                + "\"");
      }
      requireRange("lease", lease);
      requireRange("retention", retention);
      requireRange("timeout", timeout);
      return new RedisIdempotencyStore(this);
    }

    private static void requireRange(String name, Duration duration) {
      if (duration.compareTo(Duration.ofMillis(1)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
        throw new WebhookConfigurationException(
            name + " must be from 1 millisecond to 36500 days, but was " + duration);
      }
    }
  }
}
