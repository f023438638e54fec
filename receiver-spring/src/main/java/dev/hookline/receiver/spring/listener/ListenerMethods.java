package dev.hookline.receiver.spring.listener;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.dispatch.TopicPattern;
import dev.hookline.receiver.spring.WebhookListener;
import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link WebhookListener} methods of a context's beans and registers each as a handler on
 * the receiver builder of the endpoint it names, its parameters resolved once. A
 * {@code @Transactional} method commits its effects exactly once when the idempotency store is the
 * JDBC one on the transaction manager's DataSource (see {@code ExactlyOnceListeners}). Public only
 * so that the auto-configuration (another package of the starter) can call it: not API,
 * applications declare {@code @WebhookListener} methods instead.
 */
public final class ListenerMethods {

  /** Whether {@code @Transactional} listeners can commit exactly once with the JDBC store. */
  private static final boolean EXACTLY_ONCE =
      ClassUtils.isPresent("org.springframework.transaction.annotation.Transactional", null)
          && ClassUtils.isPresent("org.springframework.jdbc.datasource.DataSourceUtils", null)
          && ClassUtils.isPresent("dev.hookline.receiver.jdbc.JdbcIdempotencyStore", null);

  private ListenerMethods() {}

  /**
   * Registers every listener method of the context's beans on its endpoint's builder.
   *
   * @param context the context whose beans are searched; every singleton must exist
   * @param builders the receiver builders by endpoint name
   * @throws WebhookConfigurationException naming the method when it names an endpoint not among the
   *     builders, its topic pattern is invalid, or one of its parameters cannot be resolved
   */
  public static void register(
      ApplicationContext context, Map<String, WebhookReceiver.Builder> builders) {
    for (String beanName : context.getBeanNamesForType(Object.class, false, false)) {
      Class<?> type = context.getType(beanName, false);
      if (type == null) {
        continue;
      }
      Class<?> userType = ClassUtils.getUserClass(type);
      Map<Method, WebhookListener> methods =
          MethodIntrospector.selectMethods(
              userType,
              (MethodIntrospector.MetadataLookup<WebhookListener>)
                  method ->
                      AnnotatedElementUtils.findMergedAnnotation(method, WebhookListener.class));
      if (methods.isEmpty()) {
        continue;
      }
      Object bean = context.getBean(beanName);
      methods.forEach(
          (method, annotation) -> {
            WebhookReceiver.Builder builder = builders.get(annotation.endpoint());
            if (builder == null) {
              throw new WebhookConfigurationException(
                  "@WebhookListener "
                      + ListenerInvoker.describe(method)
                      + " names the endpoint \""
                      + annotation.endpoint()
                      + "\", but hookline.endpoints has "
                      + builders.keySet());
            }
            TopicPattern.of(annotation.topic()); // names the pattern when invalid
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ListenerInvoker invoker = ListenerInvoker.create(bean, invocable);
            builder.on(
                annotation.topic(),
                EXACTLY_ONCE
                    ? ExactlyOnceListeners.of(
                        context, annotation.endpoint(), userType, method, invoker)
                    : invoker);
          });
    }
  }
}
