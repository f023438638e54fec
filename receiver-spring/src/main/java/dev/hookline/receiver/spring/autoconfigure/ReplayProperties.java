package dev.hookline.receiver.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a provider's replayed events go, and the optional periodic catch-up: {@code
 * hookline.providers.lucca.replay.*} and {@code hookline.providers.arta.replay.*}.
 *
 * <p>A {@code @Nullable} getter returns null while its setting is unset; a default named in the
 * setting's description is applied where the setting is used.
 */
public class ReplayProperties {

  /**
   * The hookline.endpoints entry whose receiver (handlers, idempotency store) replays go through.
   * Default: the only endpoint of this provider; required when there are several.
   */
  private @Nullable String endpoint;

  /** A periodic catch-up replaying what failed recently; off by default. */
  private Schedule schedule = new Schedule();

  public @Nullable String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable String endpoint) {
    this.endpoint = endpoint;
  }

  public Schedule getSchedule() {
    return schedule;
  }

  public void setSchedule(Schedule schedule) {
    this.schedule = schedule;
  }

  /** A periodic replay of the deliveries that failed within the lookback. */
  public static class Schedule {

    /** Whether to replay periodically; the first run is one interval after startup. */
    private boolean enabled;

    /** Time between the end of one run and the start of the next. */
    private Duration interval = Duration.ofMinutes(15);

    /** How far back each run looks: it replays failed deliveries made since now minus this. */
    private Duration lookback = Duration.ofHours(6);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getLookback() {
      return lookback;
    }

    public void setLookback(Duration lookback) {
      this.lookback = lookback;
    }
  }
}
