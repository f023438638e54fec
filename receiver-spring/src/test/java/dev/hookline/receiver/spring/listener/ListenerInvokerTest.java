package dev.hookline.receiver.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Employee.Reference;
import dev.hookline.receiver.spring.Previous;
import dev.hookline.receiver.spring.WebhookHeader;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The data type a listener method declares to the receiver, so its reader can bind early. */
class ListenerInvokerTest {

  @SuppressWarnings("unused")
  static class Listeners {
    void employee(Employee employee, PreviousAttributes previous) {}

    void employeeAndBefore(Employee employee, @Previous Employee before, WebhookEvent event) {}

    void event(WebhookEvent event, @WebhookHeader("Lucca-Timestamp") String timestamp) {}

    void twoTypes(Employee employee, Reference reference) {}
  }

  private static Class<?> dataTypeOf(String name) {
    Method method =
        Arrays.stream(Listeners.class.getDeclaredMethods())
            .filter(candidate -> candidate.getName().equals(name))
            .findFirst()
            .orElseThrow();
    return ListenerInvoker.create(new Listeners(), method).dataType();
  }

  @Test
  void aMethodBindingOneTypeDeclaresIt() {
    assertThat(dataTypeOf("employee")).isEqualTo(Employee.class);
    assertThat(dataTypeOf("employeeAndBefore")).isEqualTo(Employee.class);
  }

  @Test
  void aMethodBindingNoneOrSeveralTypesDeclaresNone() {
    assertThat(dataTypeOf("event")).isNull();
    assertThat(dataTypeOf("twoTypes")).isNull();
  }
}
