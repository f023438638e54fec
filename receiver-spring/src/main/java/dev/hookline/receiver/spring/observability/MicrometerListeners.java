package dev.hookline.receiver.spring.observability;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.spring.autoconfigure.EndpointListenerFactory;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Metrics per endpoint: the counter {@code hookline.deliveries} tagged {@code endpoint}, {@code
 * topic} ({@code none} before an event was read) and {@code outcome} (handled, duplicate,
 * in-flight, ignored, unbindable, failed, rejected-4xx), and the timer {@code
 * hookline.handler.duration} around each event's handlers, tagged {@code endpoint}, {@code topic}
 * and {@code outcome}. With {@code hookline.metrics.tenant-tag=true} both also carry {@code
 * tenant}: the event's verified tenant, {@code none} without one; a rejected request's is always
 * {@code none}, since anyone can write any tenant in a path, and each would be a series.
 */
final class MicrometerListeners implements EndpointListenerFactory {

  static final String DELIVERIES = "hookline.deliveries";
  static final String HANDLER_DURATION = "hookline.handler.duration";

  static final String INBOX_BACKLOG = "hookline.inbox.backlog";
  static final String INBOX_DEAD = "hookline.inbox.dead";

  private final ObjectProvider<MeterRegistry> registries;
  private final ObjectProvider<HooklineReceivers> receivers;
  private final boolean tenantTag;

  MicrometerListeners(
      ObjectProvider<MeterRegistry> registries,
      ObjectProvider<HooklineReceivers> receivers,
      boolean tenantTag) {
    this.registries = registries;
    this.receivers = receivers;
    this.tenantTag = tenantTag;
  }

  @Override
  @SuppressWarnings("NullAway") // called for configured endpoints only, which have settings
  public ReceiverListener create(String endpoint) {
    MeterRegistry registry = registries.getIfAvailable();
    if (registry == null) {
      return new ReceiverListener() {};
    }
    if (receivers.getObject().settings(endpoint).getMode() == EndpointProperties.Mode.ASYNC) {
      Gauge.builder(INBOX_BACKLOG, () -> inbox(endpoint).map(InboxAdmin::backlog).orElse(0))
          .tag("endpoint", endpoint)
          .register(registry);
      Gauge.builder(INBOX_DEAD, () -> inbox(endpoint).map(InboxAdmin::deadCount).orElse(0))
          .tag("endpoint", endpoint)
          .register(registry);
    }
    return new ReceiverListener() {
      private Tags tags(String topic, String outcome, String tenant) {
        Tags tags = Tags.of("endpoint", endpoint, "topic", topic, "outcome", outcome);
        return tenantTag ? tags.and("tenant", tenant) : tags;
      }

      private void count(WebhookEvent event, String outcome) {
        count(tags(event.topic(), outcome, event.tenant().orElse("none")));
      }

      /**
       * Through the builder: MeterRegistry.counter(String, Tags) is missing before Micrometer 1.16.
       */
      private void count(Tags tags) {
        Counter.builder(DELIVERIES).tags(tags).register(registry).increment();
      }

      private void time(WebhookEvent event, String outcome, Duration duration) {
        Timer.builder(HANDLER_DURATION)
            .tags(tags(event.topic(), outcome, event.tenant().orElse("none")))
            .register(registry)
            .record(duration);
      }

      @Override
      public void rejected(WebhookRequest request, int status, String reason) {
        count(tags("none", "rejected-" + status, "none"));
      }

      @Override
      public void duplicate(WebhookEvent event, boolean inFlight) {
        count(event, inFlight ? "in-flight" : "duplicate");
      }

      @Override
      public void ignored(WebhookEvent event) {
        count(event, "ignored");
      }

      @Override
      public void handled(WebhookEvent event, Duration duration) {
        count(event, "handled");
        time(event, "handled", duration);
      }

      @Override
      public void unbindable(WebhookEvent event, EventBindingException problem) {
        count(event, "unbindable");
      }

      @Override
      public void failed(WebhookEvent event, Duration duration, Throwable failure) {
        count(event, "failed");
        time(event, "failed", duration);
      }
    };
  }

  private java.util.Optional<InboxAdmin> inbox(String endpoint) {
    return receivers.getObject().inboxAdmin(endpoint);
  }
}
