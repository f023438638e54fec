package dev.hookline.receiver.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Employee.Reference;
import dev.hookline.receiver.spring.Previous;
import dev.hookline.receiver.spring.WebhookHeader;
import dev.hookline.receiver.spring.WebhookTenant;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The data type a listener method declares to the receiver, so its reader can bind early, the type
 * its {@code @Previous} parameter binds, so the receiver binds it before any listener runs, and the
 * tenant parameter.
 */
class ListenerInvokerTest {

  @SuppressWarnings("unused")
  static class Listeners {
    void employee(Employee employee, PreviousAttributes previous) {}

    void employeeAndBefore(Employee employee, @Previous Employee before, WebhookEvent event) {}

    void event(WebhookEvent event, @WebhookHeader("Lucca-Timestamp") String timestamp) {}

    void twoTypes(Employee employee, Reference reference) {}

    void twoPreviousTypes(@Previous Employee before, @Previous Reference reference) {}

    void tenantAndEmployee(@WebhookTenant String tenant, Employee employee) {}

    void tenantAsNumber(@WebhookTenant Integer tenant) {}
  }

  private static Method method(String name) {
    return Arrays.stream(Listeners.class.getDeclaredMethods())
        .filter(candidate -> candidate.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Class<?> dataTypeOf(String name) {
    return ListenerInvoker.create(new Listeners(), method(name)).dataType();
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

  @Test
  void aMethodWithOnePreviousTypeDeclaresItAndOthersNone() {
    assertThat(ListenerInvoker.create(new Listeners(), method("employeeAndBefore")).previousType())
        .isEqualTo(Employee.class);
    assertThat(ListenerInvoker.create(new Listeners(), method("employee")).previousType())
        .as("PreviousAttributes is a view, not a binding")
        .isNull();
    assertThat(ListenerInvoker.create(new Listeners(), method("twoPreviousTypes")).previousType())
        .isNull();
    assertThat(dataTypeOf("twoPreviousTypes")).isNull();
  }

  @Test
  void theTenantIsAStringParameterBesideTheData() {
    assertThat(dataTypeOf("tenantAndEmployee")).isEqualTo(Employee.class);
    assertThatThrownBy(() -> ListenerInvoker.create(new Listeners(), method("tenantAsNumber")))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageEndingWith(
            "tenantAsNumber(): cannot resolve parameter #1 (Integer): @WebhookTenant needs a"
                + " String parameter");
  }
}
