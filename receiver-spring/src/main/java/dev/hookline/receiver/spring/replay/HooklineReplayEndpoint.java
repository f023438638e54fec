package dev.hookline.receiver.spring.replay;

import dev.hookline.receiver.clients.replay.DeliveryClass;
import dev.hookline.receiver.clients.replay.ReplayFailure;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code hooklinereplay} actuator endpoint: a read lists the replayable providers and their
 * endpoints; a write ({@code POST /actuator/hooklinereplay/{provider}} with {@code {"since":
 * "2025-01-01T00:00:00Z"}} or {@code {"lookback": "6h"}}) replays the provider's deliveries that
 * did not succeed and answers the report's counts and failure reasons. A bad request is answered
 * 400.
 */
@Endpoint(id = "hooklinereplay")
public class HooklineReplayEndpoint {

  private final HooklineReplays replays;
  private final Clock clock;

  HooklineReplayEndpoint(HooklineReplays replays, Clock clock) {
    this.replays = replays;
    this.clock = clock;
  }

  /** The replayable providers, each with the endpoint its replays go through. */
  @ReadOperation
  public Map<String, Object> providers() {
    Map<String, Object> providers = new LinkedHashMap<>();
    replays
        .providers()
        .forEach(
            provider ->
                providers.put(
                    provider, Map.of("endpoint", replays.endpoint(provider).orElseThrow())));
    return Map.of("providers", providers);
  }

  /**
   * Replays the provider's deliveries that did not succeed since an instant, given either as {@code
   * since} (ISO-8601, e.g. {@code 2025-01-01T00:00:00Z}) or as {@code lookback} (a duration before
   * now, e.g. {@code 6h} or {@code PT6H}).
   *
   * @param provider {@code lucca} or {@code arta}
   * @param since the earliest delivery replayed, or null to use {@code lookback}
   * @param lookback how far back to replay, or null to use {@code since}
   * @return the report: provider, endpoint, since, replayed, alreadyHandled, ignored, failed,
   *     deliveries (the counts of the deliveries by the status they ended with: notDelivered ones
   *     were replayed, delivered and unknownStatus ones not), failures (id and reason) and complete
   * @throws InvalidEndpointRequestException (400) if the provider is unknown or not replayable, or
   *     the instant is missing or malformed
   */
  @WriteOperation
  // Boot 3.5 recognises only Spring's own @Nullable here; a WebhookConfigurationException always
  // has a message.
  @SuppressWarnings({"deprecation", "NullAway"})
  public Map<String, Object> replay(
      @Selector String provider,
      @org.springframework.lang.Nullable String since,
      @org.springframework.lang.Nullable String lookback) {
    String chosen = provider(provider);
    Instant from = since(since, lookback);
    ReplayReport report;
    try {
      report = replays.replaySince(chosen, from);
    } catch (WebhookConfigurationException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("provider", chosen);
    result.put("endpoint", replays.endpoint(chosen).orElseThrow());
    result.put("since", from.toString());
    result.put("replayed", report.replayed());
    result.put("alreadyHandled", report.alreadyHandled());
    result.put("ignored", report.ignored());
    result.put("failed", report.failed());
    result.put(
        "deliveries",
        Map.of(
            "notDelivered", report.count(DeliveryClass.NOT_DELIVERED),
            "delivered", report.count(DeliveryClass.DELIVERED),
            "unknownStatus", report.count(DeliveryClass.UNKNOWN_STATUS)));
    result.put("failures", failures(report.failures()));
    result.put("complete", report.complete());
    return result;
  }

  /** The replayable provider's id, given in any case. */
  private String provider(String name) {
    String id = name.toLowerCase(Locale.ROOT);
    if (replays.providers().contains(id)) {
      return id;
    }
    String message =
        "cannot replay \"" + name + "\": replayable providers are " + replays.providers();
    throw new InvalidEndpointRequestException(message, message);
  }

  private Instant since(@Nullable String since, @Nullable String lookback) {
    if ((since == null) == (lookback == null)) {
      String message =
          "give either since (e.g. 2025-01-01T00:00:00Z) or lookback (e.g. 6h), not "
              + (since == null ? "neither" : "both");
      throw new InvalidEndpointRequestException(message, message);
    }
    if (since != null) {
      try {
        return Instant.parse(since);
      } catch (DateTimeParseException e) {
        String message =
            "since must be an ISO-8601 instant such as 2025-01-01T00:00:00Z, but was " + since;
        throw new InvalidEndpointRequestException(message, message);
      }
    }
    Duration duration;
    try {
      duration = DurationStyle.detectAndParse(lookback);
    } catch (IllegalArgumentException e) {
      String message = "lookback must be a duration such as 6h or PT6H, but was " + lookback;
      throw new InvalidEndpointRequestException(message, message);
    }
    if (duration.isZero() || duration.isNegative()) {
      String message = "lookback must be positive, but was " + lookback;
      throw new InvalidEndpointRequestException(message, message);
    }
    return clock.instant().minus(duration);
  }

  private static List<Map<String, String>> failures(List<ReplayFailure> failures) {
    return failures.stream()
        .map(failure -> Map.of("id", failure.id(), "reason", failure.reason()))
        .toList();
  }
}
