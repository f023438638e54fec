package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.test.TestSigners;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @Transactional} listeners with the JDBC store on the application's DataSource commit their
 * effects exactly once: the failure the black-box run found (recording the delivery's success fails
 * after the listener's transaction committed) never produces a second effect row, where a listener
 * without {@code @Transactional} runs again on the retry.
 */
@SpringBootTest(
    classes = ExactlyOnceListenerTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.secrets=" + TestSigners.LUCCA_SECRET,
      "hookline.idempotency.store=jdbc",
      "hookline.idempotency.create-table=true",
      "hookline.idempotency.lease=300ms"
    })
class ExactlyOnceListenerTest {

  /** Fails the next completion of a claim, after the listeners ran and committed. */
  static final AtomicBoolean failNextCompletion = new AtomicBoolean();

  @Autowired HooklineReceivers receivers;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void emptyTables() {
    jdbc.update("DELETE FROM effects");
    runs.set(0);
    failures.set(0);
  }

  @Test
  void aTransactionalListenerCommitsItsEffectOnceWhenRecordingSuccessFails() throws Exception {
    String id = UUID.randomUUID().toString();

    assertThat(receiveAfterAFailedCompletion(id, "employee.updated")).isEqualTo(200);

    assertThat(runs).hasValue(1);
    assertThat(effects(id)).isEqualTo(1);
  }

  @Test
  void aListenerWithoutTransactionalRunsAgainOnTheRetry() throws Exception {
    String id = UUID.randomUUID().toString();

    assertThat(receiveAfterAFailedCompletion(id, "employee.created")).isEqualTo(200);

    assertThat(runs).hasValue(2);
    assertThat(effects(id)).as("at least once: the effect twice").isEqualTo(2);
  }

  @Test
  void aTransactionalListenerThatThrowsLeavesNoEffectAndItsRetryAppliesOne() throws Exception {
    String id = UUID.randomUUID().toString();
    failures.set(1);
    WebhookReceiver receiver = receivers.receiver("lucca").orElseThrow();

    assertThat(receiver.receive(delivery(id, "employee.updated")).status()).isEqualTo(503);
    assertThat(effects(id)).isZero();
    assertThat(receiver.receive(delivery(id, "employee.updated")).status()).isEqualTo(200);

    assertThat(runs).hasValue(2);
    assertThat(effects(id)).isEqualTo(1);
  }

  /**
   * Delivers once with the completion failing (the claim stays in flight), waits for its lease to
   * expire, and delivers the sender's retry and one more copy.
   *
   * @return the retry's status
   */
  private int receiveAfterAFailedCompletion(String id, String topic) throws Exception {
    WebhookReceiver receiver = receivers.receiver("lucca").orElseThrow();
    failNextCompletion.set(true);
    assertThat(receiver.receive(delivery(id, topic)).status()).isEqualTo(200);
    assertThat(failNextCompletion).as("the completion failed").isFalse();
    Thread.sleep(400);
    int status = receiver.receive(delivery(id, topic)).status();
    assertThat(receiver.receive(delivery(id, topic)).status()).as("a duplicate").isEqualTo(200);
    return status;
  }

  private static WebhookRequest delivery(String id, String topic) {
    return SignedRequests.lucca(TestSigners.LUCCA_SECRET)
        .event(LuccaFixtures.employeeUpdated().id(id).topic(topic))
        .build();
  }

  private int effects(String id) {
    Integer count =
        jdbc.queryForObject("SELECT COUNT(*) FROM effects WHERE event_id = ?", Integer.class, id);
    return count == null ? 0 : count;
  }

  /** Listener runs, and how many of the next runs throw (the listener bean is a proxy). */
  static final AtomicInteger runs = new AtomicInteger();

  static final AtomicInteger failures = new AtomicInteger();

  /** Writes one effect row per run through the application's JdbcTemplate. */
  static class EffectListeners {
    private final JdbcTemplate jdbc;

    EffectListeners(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Transactional
    @WebhookListener(endpoint = "lucca", topic = "employee.updated")
    public void onUpdate(WebhookEvent event) {
      record(event);
    }

    @WebhookListener(endpoint = "lucca", topic = "employee.created")
    public void onCreate(WebhookEvent event) {
      record(event);
    }

    private void record(WebhookEvent event) {
      jdbc.update("INSERT INTO effects (event_id) VALUES (?)", event.id());
      runs.incrementAndGet();
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("injected listener failure");
      }
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableTransactionManagement
  static class App {

    @Bean
    DataSource dataSource() throws SQLException {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:exactly-once-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      try (Connection connection = h2.getConnection()) {
        connection.createStatement().execute("CREATE TABLE effects (event_id VARCHAR(64))");
      }
      return failingCompletions(h2);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
      return new JdbcTemplate(dataSource);
    }

    @Bean
    EffectListeners effectListeners(JdbcTemplate jdbc) {
      return new EffectListeners(jdbc);
    }

    /** The data source, whose connections fail the next completion when asked to. */
    private static DataSource failingCompletions(DataSource target) {
      return (DataSource)
          Proxy.newProxyInstance(
              App.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                Object result = call(target, method, args);
                return result instanceof Connection connection ? failing(connection) : result;
              });
    }

    private static Connection failing(Connection target) {
      return (Connection)
          Proxy.newProxyInstance(
              App.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("prepareStatement")
                    && ((String) args[0]).contains("SET state = 'DONE'")
                    && failNextCompletion.compareAndSet(true, false)) {
                  throw new SQLException("injected failure while recording success", "08006");
                }
                return call(target, method, args);
              });
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
