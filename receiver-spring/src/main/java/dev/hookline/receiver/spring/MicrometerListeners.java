package dev.hookline.receiver.spring;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Metrics per endpoint: the counter {@code hookline.deliveries} tagged {@code endpoint}, {@code
 * topic} ({@code none} before an event was read) and {@code outcome} (handled, duplicate,
 * in-flight, ignored, failed, rejected-4xx), and the timer {@code hookline.handler.duration} around
 * each event's handlers, tagged {@code endpoint}, {@code topic} and {@code outcome}.
 */
final class MicrometerListeners implements EndpointListenerFactory {

  static final String DELIVERIES = "hookline.deliveries";
  static final String HANDLER_DURATION = "hookline.handler.duration";

  private final ObjectProvider<MeterRegistry> registries;

  MicrometerListeners(ObjectProvider<MeterRegistry> registries) {
    this.registries = registries;
  }

  @Override
  public ReceiverListener create(String endpoint) {
    MeterRegistry registry = registries.getIfAvailable();
    if (registry == null) {
      return new ReceiverListener() {};
    }
    return new ReceiverListener() {
      private void count(String topic, String outcome) {
        registry
            .counter(DELIVERIES, "endpoint", endpoint, "topic", topic, "outcome", outcome)
            .increment();
      }

      private void time(WebhookEvent event, String outcome, Duration duration) {
        Timer.builder(HANDLER_DURATION)
            .tags("endpoint", endpoint, "topic", event.topic(), "outcome", outcome)
            .register(registry)
            .record(duration);
      }

      @Override
      public void rejected(WebhookRequest request, int status, String reason) {
        count("none", "rejected-" + status);
      }

      @Override
      public void duplicate(WebhookEvent event, boolean inFlight) {
        count(event.topic(), inFlight ? "in-flight" : "duplicate");
      }

      @Override
      public void ignored(WebhookEvent event) {
        count(event.topic(), "ignored");
      }

      @Override
      public void handled(WebhookEvent event, Duration duration) {
        count(event.topic(), "handled");
        time(event, "handled", duration);
      }

      @Override
      public void failed(WebhookEvent event, Duration duration, Throwable failure) {
        count(event.topic(), "failed");
        time(event, "failed", duration);
      }
    };
  }
}
