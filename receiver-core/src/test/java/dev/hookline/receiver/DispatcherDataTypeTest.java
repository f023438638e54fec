package dev.hookline.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.WebhookHandler;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Employee.Reference;
import org.junit.jupiter.api.Test;

class DispatcherDataTypeTest {

  private static final WebhookHandler<Object> NOTHING = (data, event) -> {};

  @Test
  void theTypeOfTheTypedHandlersOfATopic() {
    Dispatcher dispatcher =
        Dispatcher.builder()
            .on("employee.updated", Employee.class, (employee, event) -> {})
            .on("employee.*", Employee.class, (employee, event) -> {})
            .on("*", event -> {})
            .build();

    assertThat(dispatcher.dataType("employee.updated")).isEqualTo(Employee.class);
    assertThat(dispatcher.dataType("employee.created")).isEqualTo(Employee.class);
  }

  @Test
  void noTypeWithoutTypedHandlersOrWhenTheyDisagree() {
    Dispatcher dispatcher =
        Dispatcher.builder()
            .on("employee.updated", Employee.class, (employee, event) -> {})
            .on("employee.*", Reference.class, (reference, event) -> {})
            .on("user.*", event -> {})
            .on("job.created", Object.class, NOTHING)
            .build();

    assertThat(dispatcher.dataType("employee.updated")).isNull();
    assertThat(dispatcher.dataType("employee.created")).isEqualTo(Reference.class);
    assertThat(dispatcher.dataType("user.updated")).isNull();
    assertThat(dispatcher.dataType("contract.created")).isNull();
    assertThat(dispatcher.dataType("job.created")).isEqualTo(Object.class);
  }

  @Test
  void anEventHandlerThatDeclaresItsDataTypeCounts() {
    EventHandler declaring =
        new EventHandler() {
          @Override
          public void handle(dev.hookline.receiver.event.WebhookEvent event) {
            event.data(Employee.class);
          }

          @Override
          public Class<?> dataType() {
            return Employee.class;
          }
        };
    Dispatcher dispatcher =
        Dispatcher.builder().on("employee.updated", declaring).on("*", event -> {}).build();

    assertThat(dispatcher.dataType("employee.updated")).isEqualTo(Employee.class);
    assertThat(dispatcher.dataType("employee.created")).isNull();
  }
}
