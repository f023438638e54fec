package dev.hookline.receiver.test;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.fixtures.SignedRequests;
import java.util.Objects;
import java.util.function.Function;

/**
 * Delivers requests to a receiver in process and reports what happened, in given/when/then style:
 *
 * <pre>{@code
 * HandlerLog handlers = new HandlerLog();
 * ReceiverTester.given(Lucca.receiver(SECRET).on("employee.updated", handlers.record("sync")), handlers)
 *     .when(SignedRequests.lucca(SECRET).event(LuccaFixtures.employeeUpdated()))
 *     .then().status(200).handled("employee.updated").ran("sync");
 * }</pre>
 *
 * Thread-safe as the receiver is, but the record of one delivery assumes deliveries do not overlap.
 */
public final class ReceiverTester {

  private final Function<WebhookRequest, WebhookResponse> receiver;
  private final RecordingListener listener;
  private final HandlerLog handlers;

  private ReceiverTester(
      Function<WebhookRequest, WebhookResponse> receiver,
      RecordingListener listener,
      HandlerLog handlers) {
    this.receiver = receiver;
    this.listener = listener;
    this.handlers = handlers;
  }

  /** A tester of the receiver the builder makes, with a {@link RecordingListener} added. */
  public static ReceiverTester given(WebhookReceiver.Builder builder) {
    return given(builder, new HandlerLog());
  }

  /**
   * A tester of the receiver the builder makes, with a {@link RecordingListener} added; {@code
   * handlers} is the log its handlers were {@linkplain HandlerLog#record(String) recorded} with.
   */
  public static ReceiverTester given(WebhookReceiver.Builder builder, HandlerLog handlers) {
    RecordingListener listener = new RecordingListener();
    WebhookReceiver receiver = builder.listener(listener).build();
    return new ReceiverTester(receiver::receive, listener, Objects.requireNonNull(handlers));
  }

  /**
   * A tester of an already built receiver whose events are recorded by {@code listener} (e.g. a
   * Spring endpoint and a {@link RecordingListener} bean).
   */
  public static ReceiverTester given(
      WebhookReceiver receiver, RecordingListener listener, HandlerLog handlers) {
    Objects.requireNonNull(receiver, "receiver");
    return new ReceiverTester(
        receiver::receive,
        Objects.requireNonNull(listener, "listener"),
        Objects.requireNonNull(handlers, "handlers"));
  }

  /** Delivers the signed request and records the outcome. */
  public Delivery when(SignedRequests request) {
    return when(request.build());
  }

  /** Delivers the request and records the outcome. */
  public Delivery when(WebhookRequest request) {
    listener.clear();
    handlers.clear();
    WebhookResponse response = receiver.apply(Objects.requireNonNull(request, "request"));
    return new Delivery(
        response.status(),
        response.bodyText(),
        response.headers(),
        listener.events(),
        listener.rejections(),
        handlers.ran());
  }
}
