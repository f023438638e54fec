package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import dev.hookline.receiver.inbox.InboxMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The inbox contract on a real PostgreSQL server: runs with {@code -Pservices}. Defaults to
 * database {@code test} on 127.0.0.1:5432 as user {@code postgres} (trust authentication); override
 * with the system properties {@code hookline.test.postgresql.url}, {@code .user} and {@code
 * .password}.
 */
@Tag("services")
class PostgresqlJdbcInboxTest extends JdbcInboxContract {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        System.getProperty(
            "hookline.test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test"));
    config.setUsername(System.getProperty("hookline.test.postgresql.user", "postgres"));
    config.setPassword(System.getProperty("hookline.test.postgresql.password", ""));
    return config;
  }

  @Override
  DataSource unreachable() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://127.0.0.1:1/test");
    dataSource.setUser("postgres");
    dataSource.setConnectTimeout(2);
    return dataSource;
  }

  /** Accepts queued behind a running insert share the next one: one round trip for fifteen. */
  @Test
  void acceptsQueuedBehindAnInsertShareTheNextOne() throws Exception {
    CountingDataSource counting = new CountingDataSource(pool);
    GatedDataSource gate = new GatedDataSource(counting.dataSource());
    JdbcInbox inbox = inbox(gate.dataSource(), clock());
    List<Callable<?>> accepts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String key = "evt-" + i;
      accepts.add(() -> inbox.accept(key, "employee.updated", employeeUpdated(key)));
    }
    counting.reset();

    List<@Nullable Object> accepted =
        JdbcIdempotencyStoreContract.behindAHeldStatement(gate, accepts);

    assertThat(accepted).containsOnly(true).hasSize(16);
    assertThat(counting.roundTrips())
        .as("the held insert, then one for the 15 accepts queued behind it")
        .isEqualTo(2);
    assertThat(rows("state = 'PENDING'")).isEqualTo(16);
  }

  /**
   * A shared insert answers each accept as a lone one would: a new key is stored, a known one is
   * not, a key done before the retention is stored anew, and of two accepts of one key in the same
   * statement exactly one stores it.
   */
  @Test
  void aSharedInsertAnswersEachAcceptAsALoneOneWould() throws Exception {
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcInbox inbox = inbox(gate.dataSource(), clock());
    inbox.accept("evt-known", "t", request("{}"));
    inbox.accept("evt-old", "t", request("{}"));
    inbox.succeeded(
        inbox.take(2, LEASE).stream()
            .filter(m -> m.key().equals("evt-old"))
            .findFirst()
            .orElseThrow());
    clock().advance(RETENTION.plusSeconds(1));
    List<Callable<?>> accepts =
        List.of(
            () -> inbox.accept("evt-first", "t", request("{}")),
            () -> inbox.accept("evt-new", "t", request("{\"n\":1}")),
            () -> inbox.accept("evt-known", "t", request("{}")),
            () -> inbox.accept("evt-twice", "t", request("{\"copy\":1}")),
            () -> inbox.accept("evt-old", "t", request("{\"again\":1}")),
            () -> inbox.accept("evt-twice", "t", request("{\"copy\":2}")));

    List<@Nullable Object> accepted =
        JdbcIdempotencyStoreContract.behindAHeldStatement(gate, accepts);

    assertThat(accepted.subList(0, 3)).containsExactly(true, true, false);
    assertThat(accepted.get(4)).isEqualTo(true);
    assertThat(List.of(accepted.get(3), accepted.get(5))).containsExactlyInAnyOrder(true, false);
    assertThat(rows("idempotency_key = 'evt-twice'")).isEqualTo(1);
    assertThat(rows("idempotency_key = 'evt-old' AND state = 'PENDING'")).isEqualTo(1);
    assertThat(rows("state = 'PENDING'")).as("all but the known key, taken").isEqualTo(4);
    assertThat(rows("1 = 1")).isEqualTo(5);
  }

  /**
   * PostgreSQL's text holds no NUL, yet a key with one is whatever its sender signed: it is stored
   * in hex (see {@link InboxCodec#writeKey}), queued for the same shared insert as other accepts,
   * and comes back as given.
   */
  @Test
  void aKeyWithANulJoinsTheSharedInsertAndComesBackAsGiven() throws Exception {
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcInbox inbox = inbox(gate.dataSource(), clock());
    List<Callable<?>> accepts =
        List.of(
            () -> inbox.accept("evt-held", "t", request("{}")),
            () -> inbox.accept("evt\u0000nul", "t", request("{}")),
            () -> inbox.accept("evt-innocent", "t", request("{}")));

    List<@Nullable Object> accepted =
        JdbcIdempotencyStoreContract.behindAHeldStatement(gate, accepts);

    assertThat(accepted).containsExactly(true, true, true);
    assertThat(rows("1 = 1")).isEqualTo(3);
    assertThat(inbox.take(3, LEASE))
        .extracting(InboxMessage::key)
        .containsExactlyInAnyOrder("evt-held", "evt\u0000nul", "evt-innocent");
  }
}
