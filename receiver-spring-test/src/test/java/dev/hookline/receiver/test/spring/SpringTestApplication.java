package dev.hookline.receiver.test.spring;

import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.spring.WebhookListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/** A Boot application with one Lucca endpoint and the kit's recording listener. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({HooklineTestConfiguration.class, SpringTestApplication.Directory.class})
public class SpringTestApplication {

  /** The handlers under test: they keep a directory of given names. */
  @Component
  public static class Directory {
    final List<String> names = new CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "lucca", topic = "employee.updated")
    public void renamed(Employee employee) {
      names.add(employee.givenName());
    }

    @WebhookListener(endpoint = "lucca", topic = "employee.deleted")
    public void deleted(WebhookEvent event) {
      throw new IllegalStateException("cannot delete " + event.id());
    }
  }
}
