package dev.hookline.receiver.test;

import java.time.Clock;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension injecting a fixed {@link TestClock} (also as {@link Clock}) and {@link
 * TestSigners} bound to it into test methods, constructors and lifecycle methods. Each test gets a
 * fresh clock at {@link TestClock#DEFAULT_INSTANT}; every parameter of one test shares it.
 *
 * <pre>{@code
 * @ExtendWith(HooklineExtension.class)
 * class RenameTest {
 *   @Test
 *   void staleDeliveryIsRejected(TestClock clock, TestSigners sign) { ... }
 * }
 * }</pre>
 *
 * <p>Needs {@code junit-jupiter-api} on the test classpath (an optional dependency of the kit).
 */
public final class HooklineExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(HooklineExtension.class);

  /** Created by JUnit. */
  public HooklineExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestClock.class || type == Clock.class || type == TestSigners.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    TestClock clock = store.get("clock", TestClock.class);
    if (clock == null) {
      clock = TestClock.create();
      store.put("clock", clock);
    }
    return parameter.getParameter().getType() == TestSigners.class ? new TestSigners(clock) : clock;
  }
}
