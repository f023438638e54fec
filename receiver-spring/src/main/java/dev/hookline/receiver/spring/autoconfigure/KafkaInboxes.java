package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.kafka.KafkaInbox;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;

/**
 * The Kafka inbox of each asynchronous endpoint, on the topic named by the prefix and the endpoint,
 * guarded by the application's idempotency store; closed with the context, after the workers
 * stopped (they stop with the receivers' lifecycle, before any bean is destroyed).
 */
final class KafkaInboxes implements InboxFactory, DisposableBean {

  private final KafkaInboxProperties settings;
  private final String bootstrapServers;
  private final IdempotencyStore store;
  private final List<KafkaInbox> created = new ArrayList<>();

  KafkaInboxes(KafkaInboxProperties settings, String bootstrapServers, IdempotencyStore store) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.store = store;
  }

  @Override
  public synchronized Inbox create(String endpoint) {
    KafkaInbox inbox;
    try {
      inbox =
          KafkaInbox.builder(bootstrapServers, settings.getTopicPrefix() + endpoint, store)
              .groupId(settings.getGroupId())
              .acceptTimeout(settings.getAcceptTimeout())
              .build();
    } catch (WebhookConfigurationException e) {
      throw new WebhookConfigurationException(
          "hookline.inbox.kafka", "hookline.inbox.kafka: " + e.getMessage(), e);
    }
    created.add(inbox);
    return inbox;
  }

  @Override
  public synchronized void destroy() {
    created.forEach(KafkaInbox::close);
    created.clear();
  }
}
