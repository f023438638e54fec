package dev.hookline.receiver.spring.listener;

import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.jdbc.JdbcIdempotencyStore;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * Decides whether a {@code @Transactional} listener method commits its effects exactly once: when
 * the idempotency store is the JDBC one and the transaction manager manages the application's
 * {@link DataSource}, the method runs in a {@link TransactionalListener}. Otherwise it runs as
 * before, at least once, and the reason is logged at startup. Only loaded when spring-tx,
 * spring-jdbc and receiver-jdbc are on the classpath.
 */
final class ExactlyOnceListeners {

  private static final Logger log = LoggerFactory.getLogger(ExactlyOnceListeners.class);

  /** Propagations that join the transaction the mark is inserted in. */
  private static final Set<Propagation> JOINING =
      Set.of(Propagation.REQUIRED, Propagation.SUPPORTS, Propagation.MANDATORY);

  private ExactlyOnceListeners() {}

  /** The listener as it runs: exactly once when it can, else the invoker itself. */
  static EventHandler of(
      ApplicationContext context,
      String endpoint,
      Class<?> userType,
      Method method,
      ListenerInvoker invoker) {
    Transactional transactional =
        AnnotatedElementUtils.findMergedAnnotation(method, Transactional.class);
    if (transactional == null) {
      transactional = AnnotatedElementUtils.findMergedAnnotation(userType, Transactional.class);
    }
    if (transactional == null) {
      return invoker;
    }
    String listener = ListenerInvoker.describe(method);
    if (!(context.getBeanProvider(IdempotencyStore.class).getIfUnique()
        instanceof JdbcIdempotencyStore store)) {
      log.info(
          "@Transactional listener {} runs at least once: exactly-once effects need"
              + " hookline.idempotency.store=jdbc",
          listener);
      return invoker;
    }
    if (!JOINING.contains(transactional.propagation())) {
      log.warn(
          "@Transactional listener {} runs at least once: propagation {} does not join the"
              + " transaction that records its effects",
          listener,
          transactional.propagation());
      return invoker;
    }
    PlatformTransactionManager manager = transactionManager(context, transactional);
    DataSource dataSource = context.getBeanProvider(DataSource.class).getIfUnique();
    if (!(manager instanceof ResourceTransactionManager resources)
        || dataSource == null
        || resources.getResourceFactory() != dataSource) {
      log.warn(
          "@Transactional listener {} runs at least once: its transaction manager ({}) does not"
              + " manage the DataSource of the JDBC idempotency store",
          listener,
          manager);
      return invoker;
    }
    return new TransactionalListener(
        markName(endpoint, userType, method), invoker, store, dataSource, manager);
  }

  private static @Nullable PlatformTransactionManager transactionManager(
      ApplicationContext context, Transactional transactional) {
    String qualifier = transactional.transactionManager();
    return qualifier.isEmpty()
        ? context.getBeanProvider(PlatformTransactionManager.class).getIfUnique()
        : BeanFactoryAnnotationUtils.qualifiedBeanOfType(
            context.getAutowireCapableBeanFactory(), PlatformTransactionManager.class, qualifier);
  }

  /**
   * The name of a method's marks: readable (endpoint, class, method) and unique (a digest of the
   * class's full name and the method's signature, so overloads and equal simple names differ).
   */
  static String markName(String endpoint, Class<?> userType, Method method) {
    String readable =
        (endpoint + "." + userType.getSimpleName() + "#" + method.getName())
            .replaceAll("[^A-Za-z0-9._$#-]", "_");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (userType.getName() + "#" + method.toGenericString())
                      .getBytes(StandardCharsets.UTF_8));
      String suffix = "." + HexFormat.of().formatHex(digest, 0, 8);
      return readable.substring(0, Math.min(readable.length(), 200 - suffix.length())) + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
