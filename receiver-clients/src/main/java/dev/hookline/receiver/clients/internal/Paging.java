package dev.hookline.receiver.clients.internal;

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
 */
public final class Paging {

  private Paging() {}

  /**
   * Pages one after another.
   *
   * @param first fetches the first page
   * @param next fetches the page after the given one, or empty after the last
   * @param <P> the page type
   * @return a lazy stream of pages
   */
  public static <P> Stream<P> pages(Supplier<P> first, Function<P, Optional<P>> next) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(next, "next");
    Iterator<P> iterator =
        new Iterator<>() {
          private @Nullable P last;
          private @Nullable P pending;
          private boolean started;
          private boolean done;

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
   * @param first fetches the first page
   * @param next fetches the page after the given one, or empty after the last
   * @param items the items of a page
   * @param <P> the page type
   * @param <T> the item type
   * @return a lazy stream of items
   */
  public static <P, T> Stream<T> items(
      Supplier<P> first,
      Function<P, Optional<P>> next,
      Function<P, ? extends java.util.Collection<T>> items) {
    Objects.requireNonNull(items, "items");
    return pages(first, next).flatMap(page -> items.apply(page).stream());
  }
}
