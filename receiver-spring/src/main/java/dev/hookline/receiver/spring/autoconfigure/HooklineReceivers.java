package dev.hookline.receiver.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.registry.ProviderRegistry;
import dev.hookline.receiver.servlet.WebhookFilter;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.spring.WebhookListener;
import dev.hookline.receiver.spring.listener.ListenerMethods;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The receivers of the configured endpoints. Endpoint settings are checked when this bean is
 * created; once every singleton exists, the {@link WebhookListener} methods are collected and the
 * receivers built, so that a listener naming an unknown endpoint or with an unresolvable parameter
 * fails startup. Thread-safe once the context is refreshed.
 */
public final class HooklineReceivers implements SmartInitializingSingleton, SmartLifecycle {

  private final HooklineProperties properties;
  private final ProviderRegistry registry;
  private final Map<String, String> providers = new LinkedHashMap<>();
  private final InboxProperties inboxProperties;
  private final ApplicationContext context;
  private final IdempotencyStore store;
  private final ObjectMapper mapper;
  private final ObjectProvider<ReceiverListener> listeners;
  private final ObjectProvider<EndpointListenerFactory> listenerFactories;
  private final ObjectProvider<InboxFactory> inboxFactory;
  private final ObjectProvider<SecretSource> secretSource;
  private final List<InboxWorker> workers = new ArrayList<>();
  private final Map<String, EndpointStats> stats = new LinkedHashMap<>();
  private volatile Map<String, WebhookReceiver> receivers = Map.of();
  private volatile Map<String, InboxAdmin> inboxAdmins = Map.of();
  private volatile @Nullable WebhookFilter filter;
  private volatile boolean ready;

  HooklineReceivers(
      HooklineProperties properties,
      ProviderRegistry registry,
      InboxProperties inboxProperties,
      ApplicationContext context,
      IdempotencyStore store,
      ObjectMapper mapper,
      ObjectProvider<ReceiverListener> listeners,
      ObjectProvider<EndpointListenerFactory> listenerFactories,
      ObjectProvider<InboxFactory> inboxFactory,
      ObjectProvider<SecretSource> secretSource) {
    this.properties = properties;
    this.registry = registry;
    this.inboxProperties = inboxProperties;
    this.context = context;
    this.store = store;
    this.mapper = mapper;
    this.listeners = listeners;
    this.listenerFactories = listenerFactories;
    this.inboxFactory = inboxFactory;
    this.secretSource = secretSource;
    EndpointFactory.checkPaths(properties.getEndpoints());
    properties
        .getEndpoints()
        .forEach(
            (name, endpoint) -> {
              providers.put(name, EndpointFactory.providerId(name, endpoint, registry));
              EndpointFactory.builder(
                  name, endpoint, registry, secretSource::getIfUnique); // fail fast on settings
            });
    EndpointFactory.checkSecrets(properties.getEndpoints(), registry);
  }

  @Override
  @SuppressWarnings("NullAway") // checkPaths found every endpoint's path set
  public void afterSingletonsInstantiated() {
    Map<String, WebhookReceiver.Builder> builders = new LinkedHashMap<>();
    Map<String, InboxAdmin> admins = new LinkedHashMap<>();
    properties
        .getEndpoints()
        .forEach(
            (name, endpoint) -> {
              WebhookReceiver.Builder builder =
                  EndpointFactory.builder(name, endpoint, registry, secretSource::getIfUnique)
                      .idempotencyStore(store)
                      .objectMapper(mapper);
              if (endpoint.getMode() == EndpointProperties.Mode.ASYNC) {
                Inbox inbox = inboxFactory.getObject().create(name);
                builder.async(inbox);
                if (inbox instanceof InboxAdmin admin) {
                  admins.put(name, admin);
                }
              }
              EndpointStats endpointStats = new EndpointStats();
              stats.put(name, endpointStats);
              builder.listener(endpointStats);
              listeners.orderedStream().forEach(builder::listener);
              listenerFactories
                  .orderedStream()
                  .forEach(factory -> builder.listener(factory.create(name)));
              builders.put(name, builder);
            });
    ListenerMethods.register(context, builders);
    Map<String, WebhookReceiver> built = new LinkedHashMap<>();
    builders.forEach((name, builder) -> built.put(name, build(name, builder)));
    receivers = Collections.unmodifiableMap(built);
    inboxAdmins = Collections.unmodifiableMap(admins);
    if (!built.isEmpty()) {
      WebhookFilter.Builder filterBuilder = WebhookFilter.builder();
      built.forEach(
          (name, receiver) -> {
            try {
              filterBuilder.endpoint(properties.getEndpoints().get(name).getPath(), receiver);
            } catch (WebhookConfigurationException e) {
              throw EndpointFactory.inEndpoint(name, e);
            }
          });
      filter = filterBuilder.build();
    }
    ready = true;
  }

  /** Builds an endpoint's receiver; a configuration error names the endpoint's properties. */
  private static WebhookReceiver build(String name, WebhookReceiver.Builder builder) {
    try {
      return builder.build();
    } catch (WebhookConfigurationException e) {
      throw EndpointFactory.inEndpoint(name, e);
    }
  }

  /** Starts the inbox workers of the asynchronous endpoints. */
  @Override
  public synchronized void start() {
    receivers.forEach(
        (name, receiver) -> {
          if (receiver.inbox().isPresent()) {
            workers.add(
                InboxWorker.builder(receiver)
                    .threads(inboxProperties.getWorkers())
                    .maxAttempts(inboxProperties.getMaxAttempts())
                    .backoff(inboxProperties.getInitialBackoff(), inboxProperties.getMaxBackoff())
                    .lease(inboxProperties.getLease())
                    .build()
                    .start());
          }
        });
  }

  /** Drains the workers, handing back what is still running. */
  @Override
  public synchronized void stop() {
    workers.forEach(InboxWorker::close);
    workers.clear();
  }

  @Override
  public synchronized boolean isRunning() {
    return !workers.isEmpty();
  }

  /** Whether the receivers are built (the context finished creating its singletons). */
  boolean ready() {
    return ready;
  }

  /** The receiver of the named endpoint, once the context is refreshed. */
  public Optional<WebhookReceiver> receiver(String endpoint) {
    return Optional.ofNullable(receivers.get(endpoint));
  }

  /** Every endpoint's receiver by name; empty until the context is refreshed. */
  public Map<String, WebhookReceiver> receivers() {
    return receivers;
  }

  /**
   * The operator side of the named asynchronous endpoint's inbox, once the context is refreshed;
   * empty for a synchronous endpoint or an inbox that does not implement {@link InboxAdmin}.
   */
  public Optional<InboxAdmin> inboxAdmin(String endpoint) {
    return Optional.ofNullable(inboxAdmins.get(endpoint));
  }

  /** The servlet filter serving every endpoint; empty until built or without endpoints. */
  Optional<WebhookFilter> filter() {
    return Optional.ofNullable(filter);
  }

  /** The settings of the named endpoint, or null when there is no such endpoint. */
  public @Nullable EndpointProperties settings(String endpoint) {
    return properties.getEndpoints().get(endpoint);
  }

  /**
   * Whether the named endpoint's path names the tenant ({@code /webhooks/lucca/{tenant}}), so that
   * its receiver verifies each request with that tenant's secrets; false for an unknown endpoint.
   */
  public boolean hasTenants(String endpoint) {
    EndpointProperties settings = properties.getEndpoints().get(endpoint);
    return settings != null && EndpointFactory.namesTenant(settings);
  }

  /**
   * The id of the named endpoint's provider in the registry, e.g. {@code standard-webhooks} for
   * {@code provider: svix}, or {@code custom}; empty for an unknown endpoint.
   */
  public Optional<String> provider(String endpoint) {
    return Optional.ofNullable(providers.get(endpoint));
  }

  /**
   * Outcome counts of the named endpoint since startup, by outcome name (e.g. {@code handled},
   * {@code rejected-401}), plus {@code last-request}; empty for an unknown endpoint.
   */
  public Map<String, Object> stats(String endpoint) {
    EndpointStats endpointStats = stats.get(endpoint);
    return endpointStats == null ? Map.of() : endpointStats.snapshot();
  }

  /** The idempotency store every endpoint shares. */
  public IdempotencyStore store() {
    return store;
  }
}
