package dev.hookline.receiver.spring.replay;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.replay.ArtaReplayer;
import dev.hookline.receiver.clients.replay.LuccaReplayer;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.spring.autoconfigure.ArtaProperties;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties;
import dev.hookline.receiver.spring.autoconfigure.EndpointProperties.Provider;
import dev.hookline.receiver.spring.autoconfigure.HooklineProperties;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import dev.hookline.receiver.spring.autoconfigure.LuccaProperties;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Replays the deliveries a provider could not make, through the receiver of the endpoint named by
 * {@code hookline.providers.<provider>.replay.endpoint} (default: the provider's only endpoint), so
 * that the endpoint's listeners and idempotency store apply: an event handled live is counted as
 * already handled, never handled twice. The replay endpoints are checked when this bean is created;
 * the receivers are looked up at each replay, as they exist only once the context is refreshed.
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
  private final Map<Provider, Source> sources;

  private HooklineReplays(HooklineReceivers receivers, Map<Provider, Source> sources) {
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
      LuccaClient lucca,
      ArtaClient arta) {
    Map<Provider, Source> sources = new EnumMap<>(Provider.class);
    if (lucca != null) {
      endpoint(properties, Provider.LUCCA, luccaProperties.getReplay().getEndpoint())
          .ifPresent(
              endpoint ->
                  sources.put(
                      Provider.LUCCA,
                      new Source(
                          endpoint,
                          (receiver, since) ->
                              LuccaReplayer.of(lucca, receiver).replaySince(since))));
    }
    if (arta != null) {
      endpoint(properties, Provider.ARTA, artaProperties.getReplay().getEndpoint())
          .ifPresent(
              endpoint ->
                  sources.put(
                      Provider.ARTA,
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
      HooklineProperties properties, Provider provider, String configured) {
    String property = "hookline.providers." + name(provider) + ".replay.endpoint";
    Map<String, EndpointProperties> endpoints = properties.getEndpoints();
    if (configured != null && !configured.isBlank()) {
      EndpointProperties endpoint = endpoints.get(configured);
      if (endpoint == null) {
        throw new WebhookConfigurationException(
            property,
            property
                + " names the endpoint \""
                + configured
                + "\", but hookline.endpoints has "
                + endpoints.keySet());
      }
      if (endpoint.getProvider() != provider) {
        throw new WebhookConfigurationException(
            property,
            property
                + " names the endpoint \""
                + configured
                + "\", whose provider is "
                + (endpoint.getProvider() == null ? "unset" : name(endpoint.getProvider()))
                + ", not "
                + name(provider));
      }
      return Optional.of(configured);
    }
    List<String> candidates =
        endpoints.entrySet().stream()
            .filter(entry -> entry.getValue().getProvider() == provider)
            .map(Map.Entry::getKey)
            .toList();
    if (candidates.size() > 1) {
      throw new WebhookConfigurationException(
          property,
          property
              + " must name one of the "
              + name(provider)
              + " endpoints "
              + candidates
              + " to replay through");
    }
    return candidates.stream().findFirst();
  }

  /** The providers whose deliveries can be replayed: a client exists and an endpoint is known. */
  public Set<Provider> providers() {
    return sources.keySet();
  }

  /** The endpoint the provider's deliveries are replayed through, if it can be replayed. */
  public Optional<String> endpoint(Provider provider) {
    Source source = sources.get(Objects.requireNonNull(provider, "provider"));
    return source == null ? Optional.empty() : Optional.of(source.endpoint());
  }

  /**
   * Replays the provider's deliveries that did not succeed since the instant, through the
   * endpoint's receiver. Errors of single events and API errors are reported, not thrown.
   *
   * @throws WebhookConfigurationException if the provider cannot be replayed (no client, or no
   *     endpoint of that provider)
   * @throws IllegalStateException if the context is not refreshed yet
   */
  public ReplayReport replaySince(Provider provider, Instant since) {
    Objects.requireNonNull(since, "since");
    Source source = sources.get(Objects.requireNonNull(provider, "provider"));
    if (source == null) {
      throw new WebhookConfigurationException(
          name(provider)
              + " deliveries cannot be replayed: replay needs hookline.providers."
              + name(provider)
              + ".api and an endpoint with provider "
              + name(provider)
              + " in hookline.endpoints; replayable: "
              + names(sources.keySet()));
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

  /** The provider's name in properties, e.g. {@code lucca} or {@code standard-webhooks}. */
  static String name(Provider provider) {
    return provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static List<String> names(Set<Provider> providers) {
    return providers.stream().map(HooklineReplays::name).toList();
  }

  /** The providers and their endpoints, e.g. {@code HooklineReplays[lucca -> hr]}. */
  @Override
  public String toString() {
    StringJoiner text = new StringJoiner(", ", "HooklineReplays[", "]");
    sources.forEach((provider, source) -> text.add(name(provider) + " -> " + source.endpoint()));
    return text.toString();
  }
}
