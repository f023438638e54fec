package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.LogText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs bodies through a receiver's replay path and counts the outcomes; not thread-safe. */
final class Tally {

  private static final Logger log = LoggerFactory.getLogger(Tally.class);

  private final WebhookReceiver receiver;
  private int replayed;
  private int alreadyHandled;
  private int ignored;
  private final List<ReplayFailure> failures = new ArrayList<>();
  private boolean complete = true;
  private final Map<DeliveryClass, List<String>> deliveries = new EnumMap<>(DeliveryClass.class);

  Tally(WebhookReceiver receiver) {
    this.receiver = receiver;
  }

  /** Replays one body as a JSON POST and records its outcome(s). */
  void replay(String id, byte[] body, String path) {
    WebhookRequest request =
        WebhookRequest.builder()
            .method("POST")
            .path(path)
            .header("Content-Type", "application/json")
            .body(body)
            .build();
    List<DeliveryOutcome> outcomes;
    try {
      outcomes = receiver.replay(request);
    } catch (MalformedEventException e) {
      fail(id, "malformed event: " + e.getMessage());
      return;
    }
    for (DeliveryOutcome outcome : outcomes) {
      switch (outcome) {
        case HANDLED, ACCEPTED -> replayed++;
        case DUPLICATE -> alreadyHandled++;
        case IGNORED -> ignored++;
        case IN_FLIGHT -> fail(id, "being processed elsewhere (in flight); replay later");
        case STORE_UNAVAILABLE -> fail(id, "idempotency store or inbox unavailable");
        case UNBINDABLE ->
            fail(id, "event data does not bind to a handler's type (see the receiver's log)");
        case FAILED -> fail(id, "a handler failed (see the receiver's log)");
      }
    }
  }

  /** Records how a delivery was classified. */
  void classified(String deliveryId, DeliveryClass deliveryClass) {
    deliveries.computeIfAbsent(deliveryClass, c -> new ArrayList<>()).add(deliveryId);
  }

  void fail(String id, String reason) {
    log.warn("Replay of {} failed: {}", LogText.escape(id), LogText.escape(reason));
    failures.add(new ReplayFailure(id, reason));
  }

  /** Records that listing stopped part way. */
  void listingFailed(ApiException e) {
    complete = false;
    fail(ReplayFailure.LISTING, e.getMessage());
  }

  ReplayReport report() {
    return new ReplayReport(replayed, alreadyHandled, ignored, failures, complete, deliveries);
  }
}
