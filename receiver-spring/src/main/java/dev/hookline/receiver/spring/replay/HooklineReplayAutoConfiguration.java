package dev.hookline.receiver.spring.replay;

import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.http.ApiClientBuilder;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.spring.autoconfigure.ArtaProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.autoconfigure.LuccaProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Provider API clients and replay, when {@code dev.hookline:receiver-clients} is present: a {@link
 * LuccaClient} when {@code hookline.providers.lucca.api.host} and {@code client-id} are set, an
 * {@link ArtaClient} when {@code hookline.providers.arta.api.key} is, {@link HooklineReplays}
 * replaying through the endpoints' receivers, the opt-in scheduled catch-up, and the {@code
 * hooklinereplay} actuator endpoint. The nested configurations are ordered so that each one's
 * conditions see the beans of the previous ones.
 */
@AutoConfiguration(after = HooklineAutoConfiguration.class)
@ConditionalOnClass(name = "dev.hookline.receiver.clients.lucca.LuccaClient")
@ConditionalOnBean(HooklineReceivers.class)
public class HooklineReplayAutoConfiguration {

  /** The Lucca client. */
  @Configuration(proxyBeanMethods = false)
  @Order(0)
  @Conditional(OnLuccaApi.class)
  static class LuccaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @SuppressWarnings("NullAway") // OnLuccaApi: the host and client id are set
    LuccaClient hooklineLuccaClient(LuccaProperties properties) {
      LuccaProperties.Api api = properties.getApi();
      String settings = "hookline.providers.lucca.api";
      if (api.getClientSecret() == null || api.getClientSecret().isEmpty()) {
        String clientSecret = settings + ".client-secret";
        throw new WebhookConfigurationException(clientSecret, clientSecret + " must be set");
      }
      LuccaClient.Builder builder =
          LuccaClient.builder()
              .apiHost(api.getHost())
              .clientId(api.getClientId())
              .clientSecret(api.getClientSecret());
      if (api.getTokenUrl() != null) {
        builder.tokenUrl(api.getTokenUrl());
      }
      if (api.getScope() != null) {
        builder.scope(api.getScope());
      }
      return client(settings, api.getTimeout(), builder, LuccaClient.Builder::build);
    }
  }

  /** The Arta client. */
  @Configuration(proxyBeanMethods = false)
  @Order(0)
  @Conditional(OnArtaApi.class)
  static class ArtaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @SuppressWarnings("NullAway") // OnArtaApi: the key is set
    ArtaClient hooklineArtaClient(ArtaProperties properties) {
      ArtaProperties.Api api = properties.getApi();
      String settings = "hookline.providers.arta.api";
      ArtaClient.Builder builder = ArtaClient.builder().apiKey(api.getKey());
      if (api.getHost() != null) {
        builder.apiHost(api.getHost());
      }
      return client(settings, api.getTimeout(), builder, ArtaClient.Builder::build);
    }
  }

  /** Replays and the catch-up, once the clients are registered. */
  @Configuration(proxyBeanMethods = false)
  @Order(1)
  static class ReplaysConfiguration {

    /**
     * Replays through the endpoints' receivers, for whichever clients exist (from properties or the
     * application's own beans).
     *
     * @throws WebhookConfigurationException if a replay endpoint is unknown, of another provider,
     *     or ambiguous
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnAnyClient.class)
    HooklineReplays hooklineReplays(
        HooklineProperties properties,
        LuccaProperties luccaProperties,
        ArtaProperties artaProperties,
        HooklineReceivers receivers,
        ObjectProvider<LuccaClient> lucca,
        ObjectProvider<ArtaClient> arta) {
      return HooklineReplays.create(
          properties,
          luccaProperties,
          artaProperties,
          receivers,
          lucca.getIfUnique(),
          arta.getIfUnique());
    }

    /** The periodic catch-up, when a provider's schedule is enabled. */
    @Bean
    @Conditional(OnAnySchedule.class)
    HooklineCatchUp hooklineCatchUp(
        LuccaProperties lucca, ArtaProperties arta, ObjectProvider<HooklineReplays> replays) {
      return HooklineCatchUp.create(lucca, arta, replays.getIfAvailable());
    }
  }

  /** The actuator endpoint triggering a replay. */
  @Configuration(proxyBeanMethods = false)
  @Order(2)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(HooklineReplays.class)
    HooklineReplayEndpoint hooklineReplayEndpoint(HooklineReplays replays) {
      return new HooklineReplayEndpoint(replays, Clock.systemUTC());
    }
  }

  /**
   * Builds a client with the configured timeout, naming {@code settings} in a configuration error
   * of the client's.
   */
  private static <B extends ApiClientBuilder<B>, C> C client(
      String settings, @Nullable Duration timeout, B builder, Function<B, C> build) {
    if (timeout != null) {
      builder.timeout(positive(settings + ".timeout", timeout));
    }
    try {
      return build.apply(builder);
    } catch (WebhookConfigurationException e) {
      throw inApi(settings, e);
    }
  }

  /** The duration of the property, checked to be set and positive. */
  static Duration positive(String property, @Nullable Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new WebhookConfigurationException(
          property, property + " must be positive, but was " + (value == null ? "unset" : value));
    }
    return value;
  }

  /**
   * A client's configuration error, e.g. a relative host: its message prefixed with the API's
   * properties, which it names as its setting.
   */
  private static WebhookConfigurationException inApi(
      String settings, WebhookConfigurationException e) {
    return new WebhookConfigurationException(settings, settings + ".*: " + e.getMessage(), e);
  }

  /**
   * Every named property has a value other than blank or {@code false}, so that an environment
   * variable set to nothing (e.g. {@code host: ${LUCCA_API_HOST:}} with the variable unset) leaves
   * a client off instead of half-configured; {@code @ConditionalOnProperty} counts an empty value
   * as set.
   */
  abstract static class OnSetProperties extends SpringBootCondition {

    private final List<String> names;

    OnSetProperties(String... names) {
      this.names = List.of(names);
    }

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      for (String name : names) {
        String value = context.getEnvironment().getProperty(name);
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
          return ConditionOutcome.noMatch(name + " is not set");
        }
      }
      return ConditionOutcome.match(names + " are set");
    }
  }

  /** The Lucca API's host and client id are set. */
  static final class OnLuccaApi extends OnSetProperties {
    OnLuccaApi() {
      super("hookline.providers.lucca.api.host", "hookline.providers.lucca.api.client-id");
    }
  }

  /** The Arta API key is set. */
  static final class OnArtaApi extends OnSetProperties {
    OnArtaApi() {
      super("hookline.providers.arta.api.key");
    }
  }

  /** A Lucca or an Arta client exists. */
  static final class OnAnyClient extends AnyNestedCondition {

    OnAnyClient() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(LuccaClient.class)
    static final class Lucca {}

    @ConditionalOnBean(ArtaClient.class)
    static final class Arta {}
  }

  /** A provider's catch-up schedule is enabled. */
  static final class OnAnySchedule extends AnyNestedCondition {

    OnAnySchedule() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(
        prefix = "hookline.providers.lucca.replay.schedule",
        name = "enabled",
        havingValue = "true")
    static final class Lucca {}

    @ConditionalOnProperty(
        prefix = "hookline.providers.arta.replay.schedule",
        name = "enabled",
        havingValue = "true")
    static final class Arta {}
  }
}
