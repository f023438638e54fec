package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The batching itself, with a writer in memory: batch bounds and failures of the writer. */
class GroupCommitTest {

  private final CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();

  /** Writes the items, holding the first batch until released; returns the batch's size. */
  private Integer write(List<String> batch) throws SQLException {
    batches.add(List.copyOf(batch));
    if (batches.size() == 1) {
      try {
        firstBatchMayEnd.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (batch.contains("sql-fault")) {
      throw new SQLException("injected", "45000");
    }
    if (batch.contains("bug")) {
      throw new IllegalStateException("injected bug");
    }
    return batch.size();
  }

  /**
   * Writes the first item on a thread whose batch is held, queues the others behind it, then lets
   * the first batch end.
   *
   * @return what each write returned or threw, in the order of the items
   */
  private List<@Nullable Object> writeBehindAHeldBatch(
      GroupCommit<String, Integer> commit, List<String> items) throws InterruptedException {
    List<AtomicReference<@Nullable Object>> outcomes = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (String item : items) {
      AtomicReference<@Nullable Object> outcome = new AtomicReference<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  outcome.set(commit.write(item));
                } catch (Throwable e) {
                  outcome.set(e);
                }
              });
      thread.start();
      if (threads.isEmpty()) {
        while (batches.isEmpty()) {
          Thread.sleep(1);
        }
      } else {
        JdbcIdempotencyStoreContract.awaitQueued(thread);
      }
      outcomes.add(outcome);
      threads.add(thread);
    }
    firstBatchMayEnd.countDown();
    List<@Nullable Object> results = new ArrayList<>();
    for (int i = 0; i < threads.size(); i++) {
      threads.get(i).join(TimeUnit.SECONDS.toMillis(60));
      assertThat(threads.get(i).isAlive()).as("write returned within 60 s").isFalse();
      results.add(outcomes.get(i).get());
    }
    return results;
  }

  @Test
  void itemsQueuedDuringABatchMakeTheNextBatchesUpToTheBound() throws Exception {
    GroupCommit<String, Integer> commit = new GroupCommit<>(2, this::write);

    List<@Nullable Object> results =
        writeBehindAHeldBatch(commit, List.of("a", "b", "c", "d", "e"));

    assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    assertThat(results).containsExactly(1, 2, 2, 2, 2);
    assertThat(commit.write("f")).as("a lone caller writes at once").isEqualTo(1);
  }

  @Test
  void failedBatchThrowsItsSqlExceptionToEachOfItsCallersOnly() throws Exception {
    GroupCommit<String, Integer> commit = new GroupCommit<>(8, this::write);

    List<@Nullable Object> results = writeBehindAHeldBatch(commit, List.of("a", "b", "sql-fault"));

    assertThat(batches).containsExactly(List.of("a"), List.of("b", "sql-fault"));
    assertThat(results.get(0)).isEqualTo(1);
    assertThat(results.subList(1, 3))
        .allSatisfy(
            failure ->
                assertThat(failure)
                    .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat((Throwable) e).hasMessage("injected")));
    assertThat(commit.write("c")).isEqualTo(1);
  }

  @Test
  void writerBugReachesItsCallerAndFailsTheOthersOfItsBatchWithAnSqlException() throws Exception {
    GroupCommit<String, Integer> commit = new GroupCommit<>(8, this::write);

    List<@Nullable Object> results = writeBehindAHeldBatch(commit, List.of("a", "bug", "b"));

    assertThat(batches).containsExactly(List.of("a"), List.of("bug", "b"));
    assertThat(results.get(1))
        .as("the caller that wrote the batch")
        .isInstanceOf(IllegalStateException.class);
    assertThat(results.get(2))
        .isInstanceOfSatisfying(
            SQLException.class,
            e ->
                assertThat((Throwable) e)
                    .hasMessage(
                        "the batch writer failed: java.lang.IllegalStateException: injected bug")
                    .hasCauseInstanceOf(IllegalStateException.class));
    assertThat(commit.write("c")).isEqualTo(1);
  }
}
