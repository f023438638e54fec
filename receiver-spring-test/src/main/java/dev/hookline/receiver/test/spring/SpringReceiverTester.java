package dev.hookline.receiver.test.spring;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.test.HandlerLog;
import dev.hookline.receiver.test.ReceiverTester;
import dev.hookline.receiver.test.RecordingListener;
import org.springframework.context.ApplicationContext;

/**
 * Delivers requests in process to an endpoint of the Hookline starter, without HTTP, and reports
 * what its {@code @WebhookListener} methods did:
 *
 * <pre>{@code
 * @SpringBootTest(properties = {...})
 * @Import(HooklineTestConfiguration.class)
 * class LuccaListenerTest {
 *   @Autowired ApplicationContext context;
 *
 *   @Test
 *   void renameIsHandled() {
 *     SpringReceiverTester.given(context, "lucca")
 *         .when(SignedRequests.lucca(SECRET).event(LuccaFixtures.employeeUpdated()))
 *         .then().status(200).handled("employee.updated");
 *   }
 * }
 * }</pre>
 */
public final class SpringReceiverTester {

  private SpringReceiverTester() {}

  /**
   * A tester of the named endpoint ({@code hookline.endpoints.<name>}).
   *
   * @throws IllegalStateException if the endpoint does not exist or no {@link RecordingListener}
   *     bean is registered (import {@link HooklineTestConfiguration})
   */
  public static ReceiverTester given(ApplicationContext context, String endpoint) {
    WebhookReceiver receiver =
        context
            .getBean(HooklineReceivers.class)
            .receiver(endpoint)
            .orElseThrow(() -> new IllegalStateException("no Hookline endpoint named " + endpoint));
    RecordingListener listener =
        context
            .getBeanProvider(RecordingListener.class)
            .getIfAvailable(
                () -> {
                  throw new IllegalStateException(
                      "no RecordingListener bean; @Import(HooklineTestConfiguration.class)");
                });
    return ReceiverTester.given(receiver, listener, new HandlerLog());
  }
}
