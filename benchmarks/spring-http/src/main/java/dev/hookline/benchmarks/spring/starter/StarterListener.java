package dev.hookline.benchmarks.spring.starter;

import dev.hookline.benchmarks.server.Counters;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.spring.WebhookListener;
import org.springframework.stereotype.Component;

/** The Lucca {@code employee.updated} listener: binds the employee and counts the run. */
@Component
public class StarterListener {

  private final Counters counters;

  StarterListener(Counters counters) {
    this.counters = counters;
  }

  /** Counts one run for the event. */
  @WebhookListener(endpoint = "lucca", topic = "employee.updated")
  public void onEmployeeUpdated(Employee employee, WebhookEvent event) {
    counters.handled(event.id());
  }
}
