package dev.hookline.receiver.clients.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.clients.MalformedResponseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PagingTest {

  @Test
  void aListingThatNeverEndsStopsAfterTheMostPagesWithATypedException() {
    AtomicInteger fetched = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Paging.items(
                        "test.list",
                        () -> fetched.incrementAndGet(),
                        page -> Optional.of(fetched.incrementAndGet()),
                        page -> List.of(page))
                    .count())
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage(
            "test.list: the listing has more than 10000 pages, taken for one that never ends");
    assertThat(fetched).hasValue(Paging.MAX_PAGES + 1);
  }

  @Test
  void aListingOfExactlyTheMostPagesIsReadWhole() {
    AtomicInteger fetched = new AtomicInteger();

    long items =
        Paging.items(
                "test.list",
                () -> fetched.incrementAndGet(),
                page ->
                    page < Paging.MAX_PAGES
                        ? Optional.of(fetched.incrementAndGet())
                        : Optional.empty(),
                page -> List.of(page))
            .count();

    assertThat(items).isEqualTo(Paging.MAX_PAGES);
  }
}
