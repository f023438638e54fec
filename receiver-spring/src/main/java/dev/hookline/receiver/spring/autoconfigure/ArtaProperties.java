package dev.hookline.receiver.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Arta's API client and the replay of its failed deliveries, {@code hookline.providers.arta.*} (the
 * client needs receiver-clients).
 */
@ConfigurationProperties(prefix = "hookline.providers.arta")
public class ArtaProperties {

  /** The API client; created when key is set. */
  private Api api = new Api();

  /** Replay of Arta deliveries that did not succeed. */
  @NestedConfigurationProperty private ReplayProperties replay = new ReplayProperties();

  /** The endpoint lifecycle of the tenants of an endpoint whose path ends in /{tenant}. */
  @NestedConfigurationProperty
  private ArtaLifecycleProperties lifecycle = new ArtaLifecycleProperties();

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

  public ArtaLifecycleProperties getLifecycle() {
    return lifecycle;
  }

  public void setLifecycle(ArtaLifecycleProperties lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * Arta's API: its host and an API key.
   *
   * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
   * setting's description is applied where the setting is used.
   */
  public static class Api {

    /** The API key; enables the client. Never logged. */
    private @Nullable String key;

    /** The API host. Default https://api.arta.io. */
    private @Nullable URI host;

    /** Time allowed for each API request. Default 10s. */
    private @Nullable Duration timeout;

    public @Nullable String getKey() {
      return key;
    }

    public void setKey(@Nullable String key) {
      this.key = key;
    }

    public @Nullable URI getHost() {
      return host;
    }

    public void setHost(@Nullable URI host) {
      this.host = host;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }
  }
}
