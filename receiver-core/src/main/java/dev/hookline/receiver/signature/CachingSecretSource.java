package dev.hookline.receiver.signature;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SecretSource#cached}: a source's answers kept for a bounded time. Thread-safe. */
final class CachingSecretSource implements SecretSource {

  private final SecretSource source;
  private final Duration maxAge;
  private final Clock clock;
  private final int capacity;
  private final Map<Key, Answer> answers = new ConcurrentHashMap<>();

  CachingSecretSource(SecretSource source, Duration maxAge, Clock clock, int capacity) {
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
    this.capacity = capacity;
  }

  private record Key(String endpoint, String tenant) {}

  /** An answer and when it was fetched. */
  private record Answer(List<String> secrets, Instant fetchedAt) {}

  @Override
  public List<String> secrets(String endpoint, String tenant) {
    Key key = new Key(endpoint, tenant);
    Instant now = clock.instant();
    Answer kept = answers.get(key);
    if (kept != null && fresh(kept, now)) {
      return kept.secrets();
    }
    // A failure propagates and leaves nothing behind that a later request could be given.
    List<String> secrets = List.copyOf(source.secrets(endpoint, tenant));
    if (kept == null && answers.size() >= capacity) {
      makeRoom(now);
    }
    answers.put(key, new Answer(secrets, now));
    return secrets;
  }

  /**
   * Whether the answer may still be given: fetched at most {@code maxAge} ago, and not in the
   * future of a clock that was set back.
   */
  private boolean fresh(Answer answer, Instant now) {
    return !now.isBefore(answer.fetchedAt()) && now.isBefore(answer.fetchedAt().plus(maxAge));
  }

  /** Drops expired answers, then answers without secrets, then everything, until there is room. */
  private void makeRoom(Instant now) {
    answers.values().removeIf(answer -> !fresh(answer, now));
    if (answers.size() >= capacity) {
      answers.values().removeIf(answer -> answer.secrets().isEmpty());
    }
    if (answers.size() >= capacity) {
      answers.clear();
    }
  }

  /** How many answers are kept now; for tests. */
  int size() {
    return answers.size();
  }

  @Override
  public String toString() {
    return "SecretSource.cached[maxAge=" + maxAge + ", source=" + source + "]";
  }
}
