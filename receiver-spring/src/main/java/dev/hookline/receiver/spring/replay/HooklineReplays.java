package dev.hookline.receiver.spring.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.replay.ArtaReplayer;
import dev.hookline.receiver.clients.replay.LuccaReplayer;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.spring.autoconfigure.ArtaProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.autoconfigure.LuccaProperties;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Replays the deliveries a provider could not make (Lucca's and Arta's, by their provider ids
 * {@code lucca} and {@code arta}), through the receiver of the endpoint named by {@code
 * hookline.providers.<provider>.replay.endpoint} (default: the provider's only endpoint whose path
 * names no tenant; replays per tenant are not made here), so that the endpoint's listeners and
 * idempotency store apply: an event handled live is counted as already handled, never handled
 * twice. The replay endpoints are checked when this bean is created; the receivers are looked up at
 * each replay, as they exist only once the context is refreshed.
 *
 * <p>Thread-safe; replays of one provider may overlap (the idempotency store keeps events from
 * being handled twice).
 */
public final class HooklineReplays {

  /** Replays of one provider into one receiver. */
  @FunctionalInterface
  interface Replayer {
    ReplayReport replaySince(WebhookReceiver receiver, Instant since);
  }

  /** The endpoint a provider replays into and how. */
  private record Source(String endpoint, Replayer replayer) {}

  private final HooklineReceivers receivers;
  private final Map<String, Source> sources;

  private HooklineReplays(HooklineReceivers receivers, Map<String, Source> sources) {
    this.receivers = receivers;
    this.sources = sources;
  }

  /**
   * The replays of the providers whose clients exist.
   *
   * @param lucca the Lucca client, or null
   * @param arta the Arta client, or null
   * @throws WebhookConfigurationException if a replay endpoint is unknown, belongs to another
   *     provider, or cannot be chosen among several
   */
  static HooklineReplays create(
      HooklineProperties properties,
      LuccaProperties luccaProperties,
      ArtaProperties artaProperties,
      HooklineReceivers receivers,
      @Nullable LuccaClient lucca,
      @Nullable ArtaClient arta) {
    Map<String, Source> sources = new LinkedHashMap<>();
    if (lucca != null) {
      String provider = Lucca.PROVIDER.id();
      endpoint(properties, receivers, provider, luccaProperties.getReplay().getEndpoint())
          .ifPresent(
              endpoint ->
                  sources.put(
                      provider,
                      new Source(
                          endpoint,
                          (receiver, since) ->
                              LuccaReplayer.of(lucca, receiver).replaySince(since))));
    }
    if (arta != null) {
      String provider = Arta.PROVIDER.id();
      endpoint(properties, receivers, provider, artaProperties.getReplay().getEndpoint())
          .ifPresent(
              endpoint ->
                  sources.put(
                      provider,
                      new Source(
                          endpoint,
                          (receiver, since) ->
                              ArtaReplayer.of(arta, receiver).replaySince(since))));
    }
    return new HooklineReplays(receivers, Collections.unmodifiableMap(sources));
  }

  /**
   * The endpoint replays of the provider go through: the configured one, checked, else the
   * provider's only endpoint; empty when the provider has no endpoint and none is configured.
   */
  private static Optional<String> endpoint(
      HooklineProperties properties,
      HooklineReceivers receivers,
      String provider,
      @Nullable String configured) {
    String property = "hookline.providers." + provider + ".replay.endpoint";
    if (configured != null && !configured.isBlank()) {
      Optional<String> configuredProvider = receivers.provider(configured);
      if (configuredProvider.isEmpty()) {
        throw new WebhookConfigurationException(
            property,
            property
                + " names the endpoint \""
                + configured
                + "\", but hookline.endpoints has "
                + properties.getEndpoints().keySet());
      }
      if (!configuredProvider.get().equals(provider)) {
        throw new WebhookConfigurationException(
            property,
            property
                + " names the endpoint \""
                + configured
                + "\", whose provider is "
                + configuredProvider.get()
                + ", not "
                + provider);
      }
      if (receivers.hasTenants(configured)) {
        throw new WebhookConfigurationException(
            property,
            property
                + " names the endpoint \""
                + configured
                + "\", whose path names the tenant; replays go through an endpoint without"
                + " tenants");
      }
      return Optional.of(configured);
    }
    // An endpoint with tenants replays per tenant, with each tenant's API credentials: not here.
    List<String> candidates =
        properties.getEndpoints().keySet().stream()
            .filter(endpoint -> receivers.provider(endpoint).orElseThrow().equals(provider))
            .filter(endpoint -> !receivers.hasTenants(endpoint))
            .toList();
    if (candidates.size() > 1) {
      throw new WebhookConfigurationException(
          property,
          property
              + " must name one of the "
              + provider
              + " endpoints "
              + candidates
              + " to replay through");
    }
    return candidates.stream().findFirst();
  }

  /**
   * The ids of the providers whose deliveries can be replayed ({@code lucca}, then {@code arta}): a
   * client exists and an endpoint is known.
   */
  public Set<String> providers() {
    return sources.keySet();
  }

  /**
   * The endpoint the provider's deliveries are replayed through, if it can be replayed.
   *
   * @param provider a provider id, {@code lucca} or {@code arta}
   */
  public Optional<String> endpoint(String provider) {
    Source source = sources.get(Objects.requireNonNull(provider, "provider"));
    return source == null ? Optional.empty() : Optional.of(source.endpoint());
  }

  /**
   * Replays the provider's deliveries that did not succeed since the instant, through the
   * endpoint's receiver. Errors of single events and API errors are reported, not thrown.
   *
   * @param provider a provider id, {@code lucca} or {@code arta}
   * @throws WebhookConfigurationException if the provider cannot be replayed (no client, no
   *     endpoint of that provider, or a provider without replay)
   * @throws IllegalStateException if the context is not refreshed yet
   */
  public ReplayReport replaySince(String provider, Instant since) {
    Objects.requireNonNull(since, "since");
    Source source = sources.get(Objects.requireNonNull(provider, "provider"));
    if (source == null) {
      throw new WebhookConfigurationException(
          provider
              + " deliveries cannot be replayed: replay needs hookline.providers."
              + provider
              + ".api and an endpoint with provider "
              + provider
              + " in hookline.endpoints; replayable: "
              + sources.keySet());
    }
    WebhookReceiver receiver =
        receivers
            .receiver(source.endpoint())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the receiver of endpoint \""
                            + source.endpoint()
                            + "\" is not built yet; replay once the context is refreshed"));
    return source.replayer().replaySince(receiver, since);
  }

  /** The providers and their endpoints, e.g. {@code HooklineReplays[lucca -> hr]}. */
  @Override
  public String toString() {
    StringJoiner text = new StringJoiner(", ", "HooklineReplays[", "]");
    sources.forEach((provider, source) -> text.add(provider + " -> " + source.endpoint()));
    return text.toString();
  }
}
