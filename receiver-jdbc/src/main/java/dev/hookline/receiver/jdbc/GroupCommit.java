package dev.hookline.receiver.jdbc;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Writes the items of concurrent callers in shared batches, on the callers' own threads: no
 * background thread, nothing to close. A caller queues its item; if no batch is being written, it
 * becomes the writer, takes up to the bound of queued items (oldest first) and writes them in one
 * call while the others wait; then it wakes them. A caller returns once the batch holding its item
 * was written, or throws that batch's failure. Under load, the items queued while one batch is
 * written make the next batch; a lone caller writes a batch of one at once.
 *
 * <p>Correctness: every queued item is written by exactly one batch, since the writer removes what
 * it takes from the queue under the lock, and only one writer runs at a time. A waiting caller's
 * item is either still queued, and then the next writer (possibly the caller itself) takes it, or
 * in the batch being written, whose writer settles it, in a {@code finally}, before it lets the
 * next one start. So no caller waits for an item nobody will write, and none returns before its
 * item's batch has been written. Thread-safe.
 *
 * @param <T> the item one caller writes
 */
final class GroupCommit<T> {

  /** Writes one batch: all of it, or nothing and an exception. */
  @FunctionalInterface
  interface Writer<T> {
    void write(List<T> batch) throws SQLException;
  }

  private static final class Pending<T> {
    final T item;
    boolean settled;
    @Nullable SQLException failure;

    Pending(T item) {
      this.item = item;
    }
  }

  private final int maxBatch;
  private final Writer<T> writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchWritten = lock.newCondition();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private boolean writing;

  GroupCommit(int maxBatch, Writer<T> writer) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, but was " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.writer = writer;
  }

  /**
   * Returns once a batch holding the item has been written.
   *
   * @throws SQLException the failure of the batch that held the item; a writer failing otherwise (a
   *     runtime exception or error) throws that to its own caller and an {@link SQLException}
   *     caused by it to the others of its batch
   */
  void write(T item) throws SQLException {
    Pending<T> pending = new Pending<>(item);
    lock.lock();
    try {
      queue.add(pending);
      while (!pending.settled) {
        if (writing) {
          // The wait lasts one batch; the caller's item must be durable before it returns, so an
          // interrupt does not end it (awaitUninterruptibly keeps the thread's interrupt status).
          batchWritten.awaitUninterruptibly();
        } else {
          try {
            writeBatch();
          } catch (RuntimeException | Error e) {
            // The caller fails: its item, if it was not in the failed batch, is not written later.
            queue.remove(pending);
            throw e;
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (pending.failure != null) {
      throw pending.failure;
    }
  }

  /** Writes the oldest queued items; called and returns with the lock held. */
  private void writeBatch() {
    writing = true;
    List<Pending<T>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (batch.size() < maxBatch && !queue.isEmpty()) {
      batch.add(queue.poll());
    }
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T> pending : batch) {
      items.add(pending.item);
    }
    SQLException failure = null;
    lock.unlock();
    try {
      writer.write(items);
    } catch (SQLException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = new SQLException("the batch writer failed: " + e, e);
      throw e;
    } finally {
      lock.lock();
      for (Pending<T> pending : batch) {
        pending.settled = true;
        pending.failure = failure;
      }
      writing = false;
      batchWritten.signalAll();
    }
  }
}
