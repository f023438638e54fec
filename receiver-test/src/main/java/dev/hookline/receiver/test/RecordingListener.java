package dev.hookline.receiver.test;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.core.DeliveryOutcome;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Records what a receiver did with each event (handled, ignored, duplicate, failed) and each
 * rejected request. Add it with {@code builder.listener(…)}, or declare it as a bean in Spring,
 * where the starter registers every {@code ReceiverListener} bean. Thread-safe.
 */
public final class RecordingListener implements ReceiverListener {

  /**
   * What became of one event.
   *
   * @param topic the event topic
   * @param id the event id
   * @param outcome {@code HANDLED}, {@code IGNORED}, {@code DUPLICATE} (also for in-flight copies)
   *     or {@code FAILED}
   * @param failure the handler or store failure; null unless failed
   */
  public record Recorded(
      String topic, String id, DeliveryOutcome outcome, @Nullable Throwable failure) {}

  /**
   * One rejected request.
   *
   * @param status the status answered
   * @param reason the reason, as in the response body
   */
  public record Rejection(int status, String reason) {}

  private final List<Recorded> events = new CopyOnWriteArrayList<>();
  private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

  /** A listener with nothing recorded. */
  public RecordingListener() {}

  @Override
  public void rejected(WebhookRequest request, int status, String reason) {
    rejections.add(new Rejection(status, reason));
  }

  @Override
  public void duplicate(WebhookEvent event, boolean inFlight) {
    events.add(new Recorded(event.topic(), event.id(), DeliveryOutcome.DUPLICATE, null));
  }

  @Override
  public void ignored(WebhookEvent event) {
    events.add(new Recorded(event.topic(), event.id(), DeliveryOutcome.IGNORED, null));
  }

  @Override
  public void handled(WebhookEvent event, Duration duration) {
    events.add(new Recorded(event.topic(), event.id(), DeliveryOutcome.HANDLED, null));
  }

  @Override
  public void failed(WebhookEvent event, Duration duration, Throwable failure) {
    events.add(new Recorded(event.topic(), event.id(), DeliveryOutcome.FAILED, failure));
  }

  /** The events recorded so far, in order. */
  public List<Recorded> events() {
    return List.copyOf(events);
  }

  /** The rejections recorded so far, in order. */
  public List<Rejection> rejections() {
    return List.copyOf(rejections);
  }

  /** Forgets everything recorded. */
  public void clear() {
    events.clear();
    rejections.clear();
  }
}
