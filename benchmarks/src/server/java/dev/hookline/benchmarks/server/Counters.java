package dev.hookline.benchmarks.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one benchmark server did, for the driver to compare with what the load generator saw.
 *
 * <p>The handler calls {@link #handled()} or {@link #handled(String)} once per run. {@link
 * #filter()}, registered before everything else on the webhook path, sorts every request it passes:
 * answered 2xx after exactly one handler run ({@code ok}), answered 2xx without a run or with
 * several ({@code unhandled}, {@code multiple}), answered anything else ({@code other}), or ended
 * by an exception, which happens to the requests still in flight when the load generator closes its
 * connections ({@code aborted}, {@code abortedAfterRun} when the handler had run). Event ids are
 * delivery numbers ({@code 100000000 + i}); a second run for an id counts as a duplicate.
 * Thread-safe; every count but {@code active} only grows.
 */
public final class Counters {

  /** The first delivery's event id; delivery {@code i} has the id {@code FIRST_ID + i}. */
  public static final int FIRST_ID = 100_000_000;

  /**
   * Deliveries one server can tell apart: ids {@code FIRST_ID} to {@code FIRST_ID + ID_SPACE-1}.
   */
  public static final int ID_SPACE = 1 << 26;

  private static final VarHandle SEEN = MethodHandles.arrayElementVarHandle(long[].class);

  private final LongAdder runs = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder unhandled = new LongAdder();
  private final LongAdder multiple = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final LongAdder aborted = new LongAdder();
  private final LongAdder abortedAfterRun = new LongAdder();
  private final LongAdder active = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder badIds = new LongAdder();
  private final long[] seen = new long[ID_SPACE / 64];
  private final ThreadLocal<int[]> runsInRequest = ThreadLocal.withInitial(() -> new int[1]);

  /** Counts one handler run. */
  public void handled() {
    runs.increment();
    runsInRequest.get()[0]++;
  }

  /** Counts one handler run for the event id, and a duplicate if that id ran before. */
  public void handled(String eventId) {
    handled();
    int delivery;
    try {
      delivery = Integer.parseInt(eventId) - FIRST_ID;
    } catch (NumberFormatException e) {
      badIds.increment();
      return;
    }
    if (delivery < 0 || delivery >= ID_SPACE) {
      badIds.increment();
      return;
    }
    long bit = 1L << delivery;
    long before = (long) SEEN.getAndBitwiseOr(seen, delivery >>> 6, bit);
    if ((before & bit) != 0) {
      duplicates.increment();
    }
  }

  /** The filter that sorts every request of the webhook path; register it first. */
  public Filter filter() {
    return this::count;
  }

  private void count(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    int[] inRequest = runsInRequest.get();
    inRequest[0] = 0;
    active.increment();
    try {
      chain.doFilter(request, response);
      int status = ((HttpServletResponse) response).getStatus();
      if (status < 200 || status > 299) {
        other.increment();
      } else if (inRequest[0] == 1) {
        ok.increment();
      } else if (inRequest[0] == 0) {
        unhandled.increment();
      } else {
        multiple.increment();
      }
    } catch (IOException | ServletException | RuntimeException e) {
      (inRequest[0] > 0 ? abortedAfterRun : aborted).increment();
      throw e;
    } finally {
      active.decrement();
    }
  }

  /**
   * One line of {@code name=value} pairs: runs, ok, unhandled, multiple, other, aborted,
   * abortedAfterRun, active (requests inside the filter now), duplicates and badIds.
   */
  public String text() {
    return "runs="
        + runs.sum()
        + " ok="
        + ok.sum()
        + " unhandled="
        + unhandled.sum()
        + " multiple="
        + multiple.sum()
        + " other="
        + other.sum()
        + " aborted="
        + aborted.sum()
        + " abortedAfterRun="
        + abortedAfterRun.sum()
        + " active="
        + active.sum()
        + " duplicates="
        + duplicates.sum()
        + " badIds="
        + badIds.sum()
        + "\n";
  }
}
