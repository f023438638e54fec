package dev.hookline.receiver.clients.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.internal.TenantIds;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of a replayer's scan: runs each missed event through a receiver's replay path and counts
 * the outcomes, the classes of the deliveries and what could not be replayed; not thread-safe.
 */
final class Tally implements MissedEventSink<RuntimeException> {

  private static final Logger log = LoggerFactory.getLogger(Tally.class);

  private final WebhookReceiver receiver;
  private final String path;
  private final @Nullable String tenant;
  private int replayed;
  private int alreadyHandled;
  private int ignored;
  private final List<ReplayFailure> failures = new ArrayList<>();
  private boolean complete = true;
  private final Map<DeliveryClass, List<String>> deliveries = new EnumMap<>(DeliveryClass.class);

  private Tally(WebhookReceiver receiver, String path, @Nullable String tenant) {
    this.receiver = receiver;
    this.path = path;
    this.tenant = tenant;
  }

  /**
   * Runs a scan into a new tally and reports what it did; an API error while listing stops the scan
   * and is reported as a {@link ReplayFailure#LISTING} failure with {@code complete = false}.
   *
   * @param path the request path the replayed events carry, e.g. {@code /replay/lucca}
   * @param tenant the tenant the replayed events are of, on an endpoint with tenants; else null
   * @param scan hands what it finds to the tally
   */
  @SuppressWarnings("NullAway") // an ApiException always has a message
  static ReplayReport run(
      WebhookReceiver receiver, String path, @Nullable String tenant, Consumer<Tally> scan) {
    Tally tally = new Tally(receiver, path, tenant);
    try {
      scan.accept(tally);
    } catch (ApiException e) {
      tally.complete = false;
      tally.fail(ReplayFailure.LISTING, e.getMessage());
    }
    return tally.report();
  }

  /**
   * The tenant, checked for a replay into the receiver.
   *
   * @throws IllegalArgumentException if the receiver has no tenants, or the tenant id is not valid
   */
  static String tenantOf(WebhookReceiver receiver, String tenant) {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(tenant, "tenant");
    if (!receiver.hasTenants()) {
      throw new IllegalArgumentException(
          "endpoint " + receiver.endpoint() + " has no tenants: replay without naming one");
    }
    if (!TenantIds.isValid(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be a valid tenant id (" + TenantIds.RULE + ")");
    }
    return tenant;
  }

  /** Replays one event as a JSON POST and records its outcome(s). */
  @Override
  public void missed(String id, @Nullable String topic, byte[] body) {
    WebhookRequest.Builder request =
        WebhookRequest.builder()
            .method("POST")
            .path(path)
            .header("Content-Type", "application/json")
            .body(body);
    if (tenant != null) {
      request.tenant(tenant);
    }
    List<DeliveryOutcome> outcomes;
    try {
      outcomes = receiver.replay(request.build());
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
  @Override
  public void classified(String deliveryId, DeliveryClass deliveryClass) {
    deliveries.computeIfAbsent(deliveryClass, c -> new ArrayList<>()).add(deliveryId);
  }

  /** Records a failure under the subject's id. */
  @Override
  public void unusable(String subject, @Nullable String topic, String reason) {
    fail(subject, reason);
  }

  private void fail(String id, String reason) {
    log.warn("Replay of {} failed: {}", LogText.escape(id), LogText.escape(reason));
    failures.add(new ReplayFailure(id, reason));
  }

  private ReplayReport report() {
    return new ReplayReport(replayed, alreadyHandled, ignored, failures, complete, deliveries);
  }
}
