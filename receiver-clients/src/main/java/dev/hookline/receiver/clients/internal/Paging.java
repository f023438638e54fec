package dev.hookline.receiver.clients.internal;

import dev.hookline.receiver.clients.MalformedResponseException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Lazy paging: a stream of pages fetches the first page when the stream is first consumed and each
 * following page only once the previous one is used up, so stopping early (e.g. {@code limit},
 * {@code findFirst}) fetches no more pages than needed. Streams are sequential and single-use.
 *
 * <p>A listing is input like any response: one of more than {@value #MAX_PAGES} pages is taken for
 * one that never ends (a {@code next} link back to a page already read, full pages without a total
 * count) and ends in a {@link MalformedResponseException} instead of requests without end.
 */
public final class Paging {

  /** The most pages one stream reads. */
  static final int MAX_PAGES = 10_000;

  private Paging() {}

  /**
   * Pages one after another.
   *
   * @param operation names the listing in the exception past {@link #MAX_PAGES}
   * @param first fetches the first page
   * @param next fetches the page after the given one, or empty after the last
   * @param <P> the page type
   * @return a lazy stream of pages
   */
  public static <P> Stream<P> pages(
      String operation, Supplier<P> first, Function<P, Optional<P>> next) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(next, "next");
    Iterator<P> iterator =
        new Iterator<>() {
          private @Nullable P last;
          private @Nullable P pending;
          private boolean started;
          private boolean done;
          private int read;

          @Override
          public boolean hasNext() {
            if (pending != null) {
              return true;
            }
            if (done) {
              return false;
            }
            if (!started) {
              started = true;
              pending = first.get();
            } else {
              pending = next.apply(last).orElse(null);
              if (pending != null && read == MAX_PAGES) {
                throw new MalformedResponseException(
                    operation,
                    200,
                    "",
                    operation
                        + ": the listing has more than "
                        + MAX_PAGES
                        + " pages, taken for one that never ends",
                    null);
              }
            }
            done = pending == null;
            return !done;
          }

          @Override
          @SuppressWarnings("NullAway") // hasNext() left a page pending
          public P next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            last = pending;
            pending = null;
            read++;
            return last;
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * The items of every page, fetched page by page as the stream is consumed.
   *
   * @param operation names the listing in the exception past {@link #MAX_PAGES}
   * @param first fetches the first page
   * @param next fetches the page after the given one, or empty after the last
   * @param items the items of a page
   * @param <P> the page type
   * @param <T> the item type
   * @return a lazy stream of items
   */
  public static <P, T> Stream<T> items(
      String operation,
      Supplier<P> first,
      Function<P, Optional<P>> next,
      Function<P, ? extends java.util.Collection<T>> items) {
    Objects.requireNonNull(items, "items");
    return pages(operation, first, next).flatMap(page -> items.apply(page).stream());
  }
}
