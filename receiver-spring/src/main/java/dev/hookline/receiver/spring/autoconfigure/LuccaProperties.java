package dev.hookline.receiver.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
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

  /** Lucca's management API: the tenant host and OAuth2 client credentials. */
  public static class Api {

    /**
     * The tenant's API host, e.g. https://example.ilucca.net; with client-id, enables the client.
     */
    private URI host;

    /** The OAuth2 token endpoint. Default: Lucca's (accounts.world.luccasoftware.com). */
    private URI tokenUrl;

    /** The OAuth2 client id. */
    private String clientId;

    /** The OAuth2 client secret; never logged. */
    private String clientSecret;

    /** Space-separated OAuth2 scopes. Default: read and write webhook endpoints and deliveries. */
    private String scope;

    /** Time allowed for each API request. Default 10s. */
    private Duration timeout;

    public URI getHost() {
      return host;
    }

    public void setHost(URI host) {
      this.host = host;
    }

    public URI getTokenUrl() {
      return tokenUrl;
    }

    public void setTokenUrl(URI tokenUrl) {
      this.tokenUrl = tokenUrl;
    }

    public String getClientId() {
      return clientId;
    }

    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    public String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public String getScope() {
      return scope;
    }

    public void setScope(String scope) {
      this.scope = scope;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
