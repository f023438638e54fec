package dev.hookline.receiver.spring;

import dev.hookline.receiver.test.TestSigners;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** An asynchronous endpoint: 202, inbox workers, dead messages and requeue through the actuator. */
@SpringBootTest(
    classes = HooklineAsyncWebTest.AsyncApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hookline.endpoints.lucca.path=/webhooks/lucca",
      "hookline.endpoints.lucca.provider=lucca",
      "hookline.endpoints.lucca.mode=async",
      "hookline.endpoints.lucca.secrets=" + TestSigners.LUCCA_SECRET,
      "hookline.inbox.workers=1",
      "hookline.inbox.max-attempts=2",
      "hookline.inbox.initial-backoff=10ms",
      "hookline.inbox.max-backoff=20ms",
      "management.endpoints.web.exposure.include=health,hookline",
      "management.endpoint.health.show-details=always"
    })
class HooklineAsyncWebTest extends AsyncEndpointWebContract {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({AsyncListeners.class, OpenSecurity.class})
  static class AsyncApplication {}
}
