package dev.hookline.receiver.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's Redis server for the tests tagged {@code services}: {@code redis://127.0.0.1:6379},
 * or the system property {@code hookline.test.redis.url}. Other tests share it, so each test works
 * under a key prefix of its own and deletes its keys afterwards.
 */
final class TestRedis {

  private TestRedis() {}

  static RedisURI uri() {
    return RedisURI.create(System.getProperty("hookline.test.redis.url", "redis://127.0.0.1:6379"));
  }

  /** A key prefix no other test run uses: {@code hookline-test:<12 hex digits>:}. */
  static String uniquePrefix() {
    byte[] suffix = new byte[6];
    ThreadLocalRandom.current().nextBytes(suffix);
    return "hookline-test:" + HexFormat.of().formatHex(suffix) + ":";
  }

  /** The keys under the prefix, which must hold no glob character. */
  static List<String> keys(RedisCommands<String, String> redis, String prefix) {
    List<String> keys = new ArrayList<>();
    ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    KeyScanCursor<String> cursor = redis.scan(match);
    keys.addAll(cursor.getKeys());
    while (!cursor.isFinished()) {
      cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
      keys.addAll(cursor.getKeys());
    }
    return keys;
  }

  /** Deletes the keys under the prefix. */
  static void deleteKeys(RedisCommands<String, String> redis, String prefix) {
    List<String> keys = keys(redis, prefix);
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
  }
}
