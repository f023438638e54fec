package dev.hookline.receiver.spring.listener;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.spring.Previous;
import dev.hookline.receiver.spring.WebhookHeader;
import dev.hookline.receiver.spring.WebhookListener;
import dev.hookline.receiver.spring.WebhookTenant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/** Calls one {@link WebhookListener} method, its arguments resolved once at startup. */
final class ListenerInvoker implements EventHandler {

  private final Object bean;
  private final Method method;
  private final List<Function<WebhookEvent, @Nullable Object>> arguments;
  private final @Nullable Class<?> dataType;
  private final @Nullable Class<?> previousType;

  private ListenerInvoker(
      Object bean,
      Method method,
      List<Function<WebhookEvent, @Nullable Object>> arguments,
      @Nullable Class<?> dataType,
      @Nullable Class<?> previousType) {
    this.bean = bean;
    this.method = method;
    this.arguments = arguments;
    this.dataType = dataType;
    this.previousType = previousType;
  }

  /**
   * Resolves every parameter of the method.
   *
   * @throws WebhookConfigurationException naming the method and the parameter that cannot be
   *     resolved
   */
  static ListenerInvoker create(Object bean, Method method) {
    List<Function<WebhookEvent, @Nullable Object>> arguments = new ArrayList<>();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      arguments.add(resolve(parameters[i], i, method));
    }
    ReflectionUtils.makeAccessible(method);
    return new ListenerInvoker(
        bean,
        method,
        List.copyOf(arguments),
        boundType(arguments, DataArgument.class),
        boundType(arguments, PreviousArgument.class));
  }

  /**
   * The one type the method's parameters of this kind (data or {@code @Previous}) bind to, or null
   * when none or several.
   */
  private static @Nullable Class<?> boundType(
      List<Function<WebhookEvent, @Nullable Object>> arguments,
      Class<? extends BoundArgument> kind) {
    Class<?> found = null;
    for (Function<WebhookEvent, @Nullable Object> argument : arguments) {
      if (kind.isInstance(argument)) {
        Class<?> type = kind.cast(argument).type();
        if (found != null && found != type) {
          return null;
        }
        found = type;
      }
    }
    return found;
  }

  /** A parameter bound to a part of the event by type. */
  private sealed interface BoundArgument extends Function<WebhookEvent, @Nullable Object>
      permits DataArgument, PreviousArgument {
    Class<?> type();
  }

  /** A parameter bound to the event's data. */
  private record DataArgument(Class<?> type) implements BoundArgument {
    @Override
    public Object apply(WebhookEvent event) {
      return event.data(type);
    }
  }

  /** A {@code @Previous} parameter, bound to the event's previous attributes. */
  private record PreviousArgument(Class<?> type) implements BoundArgument {
    @Override
    public Object apply(WebhookEvent event) {
      return event.previous(type);
    }
  }

  private static Function<WebhookEvent, @Nullable Object> resolve(
      Parameter parameter, int index, Method method) {
    Class<?> type = parameter.getType();
    WebhookHeader header = parameter.getAnnotation(WebhookHeader.class);
    if (header != null) {
      if (type != String.class) {
        throw unresolvable(parameter, index, method, "@WebhookHeader needs a String parameter");
      }
      String name = header.value();
      return event -> event.headers().first(name).orElse(null);
    }
    if (parameter.isAnnotationPresent(WebhookTenant.class)) {
      if (type != String.class) {
        throw unresolvable(parameter, index, method, "@WebhookTenant needs a String parameter");
      }
      return event -> event.tenant().orElse(null);
    }
    if (parameter.isAnnotationPresent(Previous.class)) {
      if (isPlain(type)) {
        throw unresolvable(
            parameter, index, method, "@Previous needs the event's data type, e.g. Employee");
      }
      return new PreviousArgument(type);
    }
    if (type == WebhookEvent.class) {
      return event -> event;
    }
    if (type == PreviousAttributes.class) {
      return WebhookEvent::previousAttributes;
    }
    if (type == Headers.class) {
      return WebhookEvent::headers;
    }
    if (type == byte[].class) {
      return WebhookEvent::rawBody;
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return WebhookEvent::data;
    }
    if (isPlain(type)) {
      throw unresolvable(
          parameter,
          index,
          method,
          "use WebhookEvent, PreviousAttributes, Headers, @Previous T, @WebhookHeader String,"
              + " @WebhookTenant String, byte[] (raw body), JsonNode or a class the event data"
              + " binds to");
    }
    return new DataArgument(type);
  }

  /** Types that cannot be the target of data binding: primitives, strings, collections. */
  private static boolean isPlain(Class<?> type) {
    return ClassUtils.isPrimitiveOrWrapper(type)
        || type == String.class
        || type.isArray()
        || java.util.Collection.class.isAssignableFrom(type)
        || java.util.Map.class.isAssignableFrom(type)
        || type == Object.class;
  }

  private static WebhookConfigurationException unresolvable(
      Parameter parameter, int index, Method method, String hint) {
    return new WebhookConfigurationException(
        "@WebhookListener "
            + describe(method)
            + ": cannot resolve parameter #"
            + (index + 1)
            + " ("
            + parameter.getType().getSimpleName()
            + "): "
            + hint);
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "()";
  }

  @Override
  public void handle(WebhookEvent event) throws Exception {
    @Nullable Object[] values = new Object[arguments.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = arguments.get(i).apply(event);
    }
    try {
      method.invoke(bean, values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public @Nullable Class<?> dataType() {
    return dataType;
  }

  @Override
  public @Nullable Class<?> previousType() {
    return previousType;
  }

  @Override
  public String toString() {
    return describe(method);
  }
}
