package dev.hookline.receiver.jdbc;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Writes the items of concurrent callers in shared batches, on the callers' own threads: no
 * background thread, nothing to close. A caller queues its item; if no batch is being written, it
 * becomes the writer, takes up to the bound of queued items (oldest first) and writes them in one
 * call while the others wait; then it wakes the callers of that batch, and the oldest caller still
 * queued to write the next one. A caller returns the batch's result once the batch holding its item
 * was written, or throws that batch's failure. Under load, the items queued while one batch is
 * written make the next batch; a lone caller writes a batch of one at once.
 *
 * <p>Correctness: every queued item is written by exactly one batch, since the writer removes what
 * it takes from the queue under the lock, and only one writer runs at a time. A waiting caller's
 * item is either in the batch being written, whose writer settles it and wakes its caller in a
 * {@code finally}, or still queued: then, when the running batch ends, its writer wakes the caller
 * of the oldest queued item, which writes the next batch unless a newly arrived caller does first
 * (taking that oldest item along, so its caller is woken again when that batch ends); the queue
 * drains from its head, so each queued caller in turn is settled or becomes the head. So no caller
 * waits for an item nobody will write, and none returns before its item's batch has been written.
 * Thread-safe.
 *
 * @param <T> the item one caller writes
 * @param <R> what writing a batch tells each of its callers
 */
final class GroupCommit<T, R> {

  /** Writes one batch: all of it, or nothing and an exception. */
  @FunctionalInterface
  interface Writer<T, R> {
    R write(List<T> batch) throws SQLException;
  }

  private static final class Pending<T, R> {
    final T item;
    final Condition wake;
    boolean settled;
    @Nullable R result;
    @Nullable SQLException failure;

    Pending(T item, Condition wake) {
      this.item = item;
      this.wake = wake;
    }
  }

  private final int maxBatch;
  private final Writer<T, R> writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
  private boolean writing;

  GroupCommit(int maxBatch, Writer<T, R> writer) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, but was " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.writer = writer;
  }

  /**
   * Returns the result of the batch that wrote the item, once it has been written.
   *
   * @throws SQLException the failure of the batch that held the item; a writer failing otherwise (a
   *     runtime exception or error) throws that to its own caller and an {@link SQLException}
   *     caused by it to the others of its batch
   */
  R write(T item) throws SQLException {
    Pending<T, R> pending = new Pending<>(item, lock.newCondition());
    lock.lock();
    try {
      queue.add(pending);
      while (!pending.settled) {
        if (writing) {
          // The wait lasts one batch; the caller's item must be durable before it returns, so an
          // interrupt does not end it (awaitUninterruptibly keeps the thread's interrupt status).
          pending.wake.awaitUninterruptibly();
        } else {
          try {
            writeBatch();
          } catch (RuntimeException | Error e) {
            // The caller fails: its item, if it was not in the failed batch, is not written later.
            queue.remove(pending);
            wakeNextWriter();
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
    // Set with settled when the batch did not fail.
    return Objects.requireNonNull(pending.result);
  }

  /** Writes the oldest queued items; called and returns with the lock held. */
  private void writeBatch() {
    writing = true;
    List<Pending<T, R>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (batch.size() < maxBatch && !queue.isEmpty()) {
      batch.add(queue.remove());
    }
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T, R> pending : batch) {
      items.add(pending.item);
    }
    @Nullable R result = null;
    SQLException failure = null;
    lock.unlock();
    try {
      result = writer.write(items);
    } catch (SQLException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = new SQLException("the batch writer failed: " + e, e);
      throw e;
    } finally {
      lock.lock();
      for (Pending<T, R> pending : batch) {
        pending.settled = true;
        pending.result = result;
        pending.failure = failure;
        pending.wake.signal();
      }
      writing = false;
      wakeNextWriter();
    }
  }

  /** Wakes the caller of the oldest queued item, if any, to write the next batch. */
  private void wakeNextWriter() {
    Pending<T, R> next = queue.peek();
    if (next != null) {
      next.wake.signal();
    }
  }
}
