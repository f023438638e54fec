package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** Counts one endpoint's outcomes since startup, for the actuator endpoint. Thread-safe. */
final class EndpointStats implements ReceiverListener {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicReference<@Nullable Instant> lastDelivery = new AtomicReference<>();

  private void count(String outcome) {
    counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  @Override
  public void received(WebhookRequest request) {
    lastDelivery.set(Instant.now());
    count("received");
  }

  @Override
  public void rejected(WebhookRequest request, int status, String reason) {
    count("rejected-" + status);
  }

  @Override
  public void duplicate(WebhookEvent event, boolean inFlight) {
    count(inFlight ? "in-flight" : "duplicate");
  }

  @Override
  public void ignored(WebhookEvent event) {
    count("ignored");
  }

  @Override
  public void handled(WebhookEvent event, Duration duration) {
    count("handled");
  }

  @Override
  public void unbindable(WebhookEvent event, EventBindingException problem) {
    count("unbindable");
  }

  @Override
  public void failed(WebhookEvent event, Duration duration, Throwable failure) {
    count("failed");
  }

  /** Outcome name to count, sorted by name, plus the time of the last request. */
  Map<String, Object> snapshot() {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> snapshot.put(entry.getKey(), entry.getValue().sum()));
    Instant last = lastDelivery.get();
    if (last != null) {
      snapshot.put("last-request", last.toString());
    }
    return snapshot;
  }
}
