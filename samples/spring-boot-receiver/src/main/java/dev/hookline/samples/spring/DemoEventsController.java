package dev.hookline.samples.spring;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /demo/events}: the handled events as a JSON array, oldest first, so a person or a
 * script can see what happened. No authentication: it is a demo, and it shows no secret and no
 * payload beyond the changed attributes.
 */
@RestController
public class DemoEventsController {

  private final EventLog eventLog;

  DemoEventsController(EventLog eventLog) {
    this.eventLog = eventLog;
  }

  /** The recorded events. */
  @GetMapping(path = "/demo/events", produces = MediaType.APPLICATION_JSON_VALUE)
  public List<EventLog.Entry> events() {
    return eventLog.entries();
  }
}
