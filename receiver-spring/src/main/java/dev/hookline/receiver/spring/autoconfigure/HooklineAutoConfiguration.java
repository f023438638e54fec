package dev.hookline.receiver.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.jdbc.JdbcIdempotencyStore;
import dev.hookline.receiver.jdbc.JdbcInbox;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.provider.ProviderPlugin;
import dev.hookline.receiver.redis.RedisIdempotencyStore;
import dev.hookline.receiver.registry.ProviderRegistry;
import dev.hookline.receiver.servlet.WebhookFilter;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.spring.WebhookListener;
import io.lettuce.core.RedisClient;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Builds a receiver per {@code hookline.endpoints.<name>}, binds {@link WebhookListener} methods to
 * them, and in a servlet web application registers the filter serving their paths. An endpoint
 * whose path ends in {@code /{tenant}} takes each tenant's secrets from its {@code tenants.*}
 * properties or from the application's {@link SecretSource} bean. An endpoint's {@code provider} is
 * looked up in the {@link ProviderRegistry} bean, which an application extends with {@link
 * Provider} beans or replaces with its own. The filter runs before Spring Security's filter chain,
 * so webhook paths need no login and no CSRF token: the signature is their authentication.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"
    })
@ConditionalOnClass(WebhookReceiver.class)
@EnableConfigurationProperties({
  HooklineProperties.class,
  IdempotencyProperties.class,
  InboxProperties.class,
  KafkaInboxProperties.class,
  LuccaProperties.class,
  ArtaProperties.class,
  VaultProperties.class
})
public class HooklineAutoConfiguration {

  /** Before Spring Security (-100), after request observation (highest precedence + 1). */
  public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /**
   * The JDBC store on the application's DataSource, for {@code hookline.idempotency.store=jdbc}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.hookline.receiver.jdbc.JdbcIdempotencyStore")
  @ConditionalOnProperty(prefix = "hookline.idempotency", name = "store", havingValue = "jdbc")
  @ConditionalOnBean(DataSource.class)
  static class JdbcStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyStore hooklineIdempotencyStore(
        IdempotencyProperties settings, DataSource dataSource) {
      return JdbcIdempotencyStore.builder(dataSource)
          .tableName(settings.getTable())
          .createTable(settings.isCreateTable())
          .lease(settings.getLease())
          .retention(settings.getRetention())
          .flushCompletions(settings.isFlushCompletions())
          .build();
    }
  }

  /**
   * The Redis store for {@code hookline.idempotency.store=redis}, on its own connection from the
   * Lettuce client of the application's connection factory ({@code spring.data.redis.*}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "dev.hookline.receiver.redis.RedisIdempotencyStore",
        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory"
      })
  @ConditionalOnProperty(prefix = "hookline.idempotency", name = "store", havingValue = "redis")
  @ConditionalOnBean(
      type = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory")
  static class RedisStoreConfiguration {

    /**
     * Closed with the context (its connection only; the client is the factory's).
     *
     * @throws WebhookConfigurationException if the factory's client is a Redis Cluster client
     */
    @Bean
    @ConditionalOnMissingBean
    IdempotencyStore hooklineIdempotencyStore(
        IdempotencyProperties settings, LettuceConnectionFactory connectionFactory) {
      if (!(connectionFactory.getRequiredNativeClient() instanceof RedisClient client)) {
        throw new WebhookConfigurationException(
            "hookline.idempotency.store",
            "hookline.idempotency.store=redis needs a standalone or Sentinel Redis connection;"
                + " Redis Cluster is not supported");
      }
      return RedisIdempotencyStore.builder(client)
          .keyPrefix(settings.getKeyPrefix())
          .lease(settings.getLease())
          .retention(settings.getRetention())
          .timeout(settings.getTimeout())
          .build();
    }
  }

  /**
   * The JDBC secret vault on the application's DataSource when {@code hookline.vault.current-key}
   * is set, and, unless the application has a {@link SecretSource} bean of its own, the vault
   * behind {@link SecretSource#cached} as the (primary) source of endpoints whose path names the
   * tenant. The application injects the {@link JdbcSecretVault} to add and retire secrets.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.hookline.receiver.jdbc.JdbcSecretVault")
  @ConditionalOnProperty(prefix = "hookline.vault", name = "current-key")
  @ConditionalOnBean(DataSource.class)
  static class JdbcVaultConfiguration {

    /**
     * @throws WebhookConfigurationException naming {@code hookline.vault} if a key is not base64 of
     *     32 bytes, a key id is invalid or the current key is not among the keys; never with a key
     */
    @Bean
    @ConditionalOnMissingBean
    JdbcSecretVault hooklineSecretVault(VaultProperties settings, DataSource dataSource) {
      JdbcSecretVault.Builder builder =
          JdbcSecretVault.builder(dataSource)
              .tableName(settings.getTable())
              .createTable(settings.isCreateTable());
      settings.getKeys().forEach(builder::key);
      try {
        return builder.currentKey(Objects.requireNonNull(settings.getCurrentKey())).build();
      } catch (WebhookConfigurationException e) {
        throw new WebhookConfigurationException(
            "hookline.vault", "hookline.vault: " + e.getMessage(), e);
      }
    }

    @Bean
    @Primary
    @ConditionalOnMissingBean(value = SecretSource.class, ignored = JdbcSecretVault.class)
    SecretSource hooklineSecretSource(JdbcSecretVault vault, VaultProperties settings) {
      try {
        return SecretSource.cached(vault, settings.getCacheMaxAge());
      } catch (WebhookConfigurationException e) {
        throw new WebhookConfigurationException(
            "hookline.vault.cache-max-age", "hookline.vault.cache-max-age: " + e.getMessage(), e);
      }
    }
  }

  /** A JDBC inbox per asynchronous endpoint, for {@code hookline.inbox.type=jdbc}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.hookline.receiver.jdbc.JdbcInbox")
  @ConditionalOnInboxType(StoreType.JDBC)
  @ConditionalOnBean(DataSource.class)
  static class JdbcInboxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InboxFactory hooklineInboxFactory(InboxProperties settings, DataSource dataSource) {
      return endpoint ->
          JdbcInbox.builder(dataSource)
              .tableName(settings.getTablePrefix() + endpoint)
              .createTable(settings.isCreateTable())
              .build();
    }
  }

  /**
   * A Kafka inbox per asynchronous endpoint, for {@code hookline.inbox.type=kafka}, on {@code
   * hookline.inbox.kafka.bootstrap-servers} or else the application's {@code
   * spring.kafka.bootstrap-servers}, guarded by the idempotency store.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.hookline.receiver.kafka.KafkaInbox")
  @ConditionalOnInboxType(StoreType.KAFKA)
  static class KafkaInboxConfiguration {

    /**
     * @throws WebhookConfigurationException if no bootstrap servers are set
     */
    @Bean
    @ConditionalOnMissingBean
    InboxFactory hooklineInboxFactory(
        KafkaInboxProperties settings,
        InboxProperties inbox,
        IdempotencyStore store,
        Environment environment) {
      String servers = settings.getBootstrapServers();
      if (servers == null || servers.isBlank()) {
        servers = environment.getProperty("spring.kafka.bootstrap-servers");
      }
      if (servers == null || servers.isBlank()) {
        throw new WebhookConfigurationException(
            "hookline.inbox.kafka.bootstrap-servers",
            inbox.typeProperty()
                + "=kafka needs hookline.inbox.kafka.bootstrap-servers or"
                + " spring.kafka.bootstrap-servers");
      }
      return new KafkaInboxes(settings, servers, store);
    }
  }

  /**
   * The in-memory store, bounded by {@code hookline.idempotency.max-entries}.
   *
   * @throws WebhookConfigurationException if the JDBC or Redis store was asked for but could not be
   *     made
   */
  @Bean
  @ConditionalOnMissingBean
  public IdempotencyStore hooklineIdempotencyStore(IdempotencyProperties settings) {
    if (settings.getStore() == StoreType.JDBC) {
      throw new WebhookConfigurationException(
          "hookline.idempotency.store",
          "hookline.idempotency.store=jdbc needs dev.hookline:receiver-jdbc on the classpath and a"
              + " DataSource bean");
    }
    if (settings.getStore() == StoreType.KAFKA) {
      throw new WebhookConfigurationException(
          "hookline.idempotency.store",
          "hookline.idempotency.store=kafka is not an idempotency store: Kafka is an inbox"
              + " (hookline.inbox.store=kafka), guarded by the memory, jdbc or redis store");
    }
    if (settings.getStore() == StoreType.REDIS) {
      throw new WebhookConfigurationException(
          "hookline.idempotency.store",
          "hookline.idempotency.store=redis needs dev.hookline:receiver-redis on the classpath and a"
              + " LettuceConnectionFactory bean (spring-boot-starter-data-redis)");
    }
    return InMemoryIdempotencyStore.builder()
        .maxEntries(settings.getMaxEntries())
        .lease(settings.getLease())
        .retention(settings.getRetention())
        .build();
  }

  /**
   * The providers that {@code hookline.endpoints.<name>.provider} names: Hookline's built-ins,
   * every {@link Provider} bean, and, with {@code hookline.install-plugins=true}, the providers of
   * the {@link ProviderPlugin}s the application's class loader lists.
   *
   * @throws WebhookConfigurationException if two providers share an id or alias, or a plugin cannot
   *     be loaded (naming {@code hookline.install-plugins} when a plugin is the cause)
   */
  @Bean
  @ConditionalOnMissingBean
  @SuppressWarnings("NullAway") // a refreshing application context has a class loader
  public ProviderRegistry hooklineProviderRegistry(
      HooklineProperties properties,
      ObjectProvider<Provider> providers,
      ApplicationContext context) {
    ProviderRegistry registry =
        ProviderRegistry.builtIns().with(providers.orderedStream().toList());
    if (!properties.isInstallPlugins()) {
      return registry;
    }
    try {
      return registry.installPlugins(context.getClassLoader());
    } catch (WebhookConfigurationException e) {
      String property = "hookline.install-plugins";
      throw new WebhookConfigurationException(property, property + ": " + e.getMessage(), e);
    }
  }

  /**
   * The endpoints' receivers; Hookline's private Jackson 2 mapper, customisable.
   *
   * @throws WebhookConfigurationException if provider API settings are given without
   *     receiver-clients on the classpath
   */
  @Bean
  @ConditionalOnMissingBean
  public HooklineReceivers hooklineReceivers(
      HooklineProperties properties,
      ProviderRegistry registry,
      InboxProperties inboxProperties,
      LuccaProperties luccaProperties,
      ArtaProperties artaProperties,
      ApplicationContext context,
      IdempotencyStore store,
      ObjectProvider<HooklineObjectMapperCustomizer> customizers,
      ObjectProvider<ReceiverListener> listeners,
      ObjectProvider<EndpointListenerFactory> listenerFactories,
      ObjectProvider<InboxFactory> inboxFactory,
      ObjectProvider<SecretSource> secretSource) {
    checkClientsPresent(luccaProperties, artaProperties, context.getClassLoader());
    ObjectMapper mapper = new ObjectMapper();
    customizers.orderedStream().forEach(customizer -> customizer.customize(mapper));
    return new HooklineReceivers(
        properties,
        registry,
        inboxProperties,
        context,
        store,
        mapper,
        listeners,
        listenerFactories,
        inboxFactory,
        secretSource);
  }

  /** Provider API settings do nothing without receiver-clients: say so instead of ignoring them. */
  private static void checkClientsPresent(
      LuccaProperties lucca, ArtaProperties arta, @Nullable ClassLoader classLoader) {
    if (ClassUtils.isPresent("dev.hookline.receiver.clients.lucca.LuccaClient", classLoader)) {
      return;
    }
    String property = null;
    if (lucca.getApi().getHost() != null) {
      property = "hookline.providers.lucca.api.host";
    } else if (arta.getApi().getKey() != null) {
      property = "hookline.providers.arta.api.key";
    } else if (lucca.getReplay().getSchedule().isEnabled()) {
      property = "hookline.providers.lucca.replay.schedule.enabled";
    } else if (arta.getReplay().getSchedule().isEnabled()) {
      property = "hookline.providers.arta.replay.schedule.enabled";
    }
    if (property != null) {
      throw new WebhookConfigurationException(
          property, property + " needs dev.hookline:receiver-clients on the classpath");
    }
  }

  /**
   * In-memory inboxes for asynchronous endpoints: not durable, an accepted event is lost if the JVM
   * stops before it is processed.
   *
   * @throws WebhookConfigurationException if the JDBC inbox was asked for but could not be made, or
   *     the Redis one, which does not exist
   */
  @Bean
  @ConditionalOnMissingBean
  public InboxFactory hooklineInboxFactory(InboxProperties settings) {
    String property = settings.typeProperty();
    if (settings.getType() == StoreType.REDIS) {
      throw new WebhookConfigurationException(
          property,
          property + "=redis is not an inbox: the inbox stores are memory, jdbc and kafka");
    }
    if (settings.getType() == StoreType.JDBC) {
      throw new WebhookConfigurationException(
          property,
          property
              + "=jdbc needs dev.hookline:receiver-jdbc on the classpath and a DataSource bean");
    }
    if (settings.getType() == StoreType.KAFKA) {
      throw new WebhookConfigurationException(
          property, property + "=kafka needs dev.hookline:receiver-kafka on the classpath");
    }
    return endpoint -> InMemoryInbox.create();
  }

  /** Registers the webhook filter in servlet web applications. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.boot.web.servlet.FilterRegistrationBean")
  static class ServletConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hooklineFilter")
    FilterRegistrationBean<HooklineFilter> hooklineFilter(
        HooklineReceivers receivers, HooklineProperties properties) {
      FilterRegistrationBean<HooklineFilter> registration =
          new FilterRegistrationBean<>(new HooklineFilter(receivers));
      registration.setName("hooklineFilter");
      registration.setOrder(FILTER_ORDER);
      // Exact patterns miss /path/, which WebhookFilter answers too (a 404 suspends a Lucca
      // endpoint); containers strip ;jsessionid=… before matching.
      List<String> patterns =
          properties.getEndpoints().values().stream()
              .map(EndpointProperties::getPath)
              .flatMap(path -> WebhookFilter.urlPatterns(path).stream())
              .toList();
      registration.setUrlPatterns(patterns);
      registration.setEnabled(!patterns.isEmpty());
      return registration;
    }
  }
}
