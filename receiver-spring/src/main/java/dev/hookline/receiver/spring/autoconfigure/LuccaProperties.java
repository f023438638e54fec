package dev.hookline.receiver.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Lucca's API client and the replay of its failed deliveries, {@code hookline.providers.lucca.*}
 * (the client needs receiver-clients).
 */
@ConfigurationProperties(prefix = "hookline.providers.lucca")
public class LuccaProperties {

  /** The API client; created when host and client-id are set. */
  private Api api = new Api();

  /** Replay of Lucca deliveries that did not succeed. */
  @NestedConfigurationProperty private ReplayProperties replay = new ReplayProperties();

  /** The endpoint lifecycle of the tenants of an endpoint whose path ends in /{tenant}. */
  @NestedConfigurationProperty private LifecycleProperties lifecycle = new LifecycleProperties();

  public Api getApi() {
    return api;
  }

  public void setApi(Api api) {
    this.api = api;
  }

  public ReplayProperties getReplay() {
    return replay;
  }

  public void setReplay(ReplayProperties replay) {
    this.replay = replay;
  }

  public LifecycleProperties getLifecycle() {
    return lifecycle;
  }

  public void setLifecycle(LifecycleProperties lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * Lucca's management API: the tenant host and OAuth2 client credentials.
   *
   * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
   * setting's description is applied where the setting is used.
   */
  public static class Api {

    /**
     * The tenant's API host, e.g. https://example.ilucca.net; with client-id, enables the client.
     */
    private @Nullable URI host;

    /** The OAuth2 token endpoint. Default: Lucca's (accounts.world.luccasoftware.com). */
    private @Nullable URI tokenUrl;

    /** The OAuth2 client id. */
    private @Nullable String clientId;

    /** The OAuth2 client secret; never logged. */
    private @Nullable String clientSecret;

    /** Space-separated OAuth2 scopes. Default: read and write webhook endpoints and deliveries. */
    private @Nullable String scope;

    /** Time allowed for each API request. Default 10s. */
    private @Nullable Duration timeout;

    public @Nullable URI getHost() {
      return host;
    }

    public void setHost(@Nullable URI host) {
      this.host = host;
    }

    public @Nullable URI getTokenUrl() {
      return tokenUrl;
    }

    public void setTokenUrl(@Nullable URI tokenUrl) {
      this.tokenUrl = tokenUrl;
    }

    public @Nullable String getClientId() {
      return clientId;
    }

    public void setClientId(@Nullable String clientId) {
      this.clientId = clientId;
    }

    public @Nullable String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public @Nullable String getScope() {
      return scope;
    }

    public void setScope(@Nullable String scope) {
      this.scope = scope;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }
  }
}
