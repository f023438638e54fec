package dev.hookline.receiver.spring.replay;

import dev.hookline.receiver.arta.Arta;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.spring.autoconfigure.ArtaProperties;
import dev.hookline.receiver.spring.autoconfigure.LuccaProperties;
import dev.hookline.receiver.spring.autoconfigure.ReplayProperties.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The opt-in periodic catch-up ({@code hookline.providers.<provider>.replay.schedule.enabled}): one
 * daemon thread, started and stopped with the context, replays each enabled provider's failed
 * deliveries of the last {@code lookback} every {@code interval}, and logs the counts.
 */
final class HooklineCatchUp implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(HooklineCatchUp.class);

  private final @Nullable HooklineReplays replays;
  private final Map<String, Schedule> schedules;
  private final Clock clock;
  private @Nullable ScheduledExecutorService executor;

  private HooklineCatchUp(
      @Nullable HooklineReplays replays, Map<String, Schedule> schedules, Clock clock) {
    this.replays = replays;
    this.schedules = schedules;
    this.clock = clock;
  }

  /**
   * The catch-up of every provider whose schedule is enabled.
   *
   * @param replays the replays, or null when no provider client exists
   * @throws WebhookConfigurationException if an enabled provider cannot be replayed, or its
   *     interval or lookback is not positive
   */
  static HooklineCatchUp create(
      LuccaProperties lucca, ArtaProperties arta, @Nullable HooklineReplays replays) {
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    schedules.put(Lucca.PROVIDER.id(), lucca.getReplay().getSchedule());
    schedules.put(Arta.PROVIDER.id(), arta.getReplay().getSchedule());
    schedules.values().removeIf(schedule -> !schedule.isEnabled());
    schedules.forEach(
        (provider, schedule) -> {
          String prefix = "hookline.providers." + provider + ".replay.";
          if (replays == null || replays.endpoint(provider).isEmpty()) {
            throw new WebhookConfigurationException(
                prefix + "schedule.enabled",
                prefix
                    + "schedule.enabled needs "
                    + (provider.equals(Lucca.PROVIDER.id())
                        ? "hookline.providers.lucca.api.host and client-id"
                        : "hookline.providers.arta.api.key")
                    + " and an endpoint with provider "
                    + provider
                    + " in hookline.endpoints");
          }
          HooklineReplayAutoConfiguration.positive(
              prefix + "schedule.interval", schedule.getInterval());
          HooklineReplayAutoConfiguration.positive(
              prefix + "schedule.lookback", schedule.getLookback());
        });
    return new HooklineCatchUp(replays, schedules, Clock.systemUTC());
  }

  @Override
  public synchronized void start() {
    if (executor != null || schedules.isEmpty()) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hookline-catch-up");
              thread.setDaemon(true);
              return thread;
            });
    schedules.forEach(
        (provider, schedule) -> {
          long interval = schedule.getInterval().toMillis();
          executor.scheduleWithFixedDelay(
              () -> run(provider, schedule.getLookback()),
              interval,
              interval,
              TimeUnit.MILLISECONDS);
        });
  }

  /** Never throws: an exception would cancel the schedule. */
  @SuppressWarnings("NullAway") // create() refused an enabled schedule without replays
  private void run(String provider, Duration lookback) {
    Instant since = clock.instant().minus(lookback);
    try {
      ReplayReport report = replays.replaySince(provider, since);
      if (report.failed() > 0 || !report.complete()) {
        log.warn(
            "Hookline catch-up of {} since {}: replayed {}, already handled {}, ignored {},"
                + " failed {}, complete {}",
            provider,
            since,
            report.replayed(),
            report.alreadyHandled(),
            report.ignored(),
            report.failed(),
            report.complete());
      } else {
        log.info(
            "Hookline catch-up of {} since {}: replayed {}, already handled {}, ignored {}",
            provider,
            since,
            report.replayed(),
            report.alreadyHandled(),
            report.ignored());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Hookline catch-up of {} since {} failed: {}",
          provider,
          since,
          LogText.escape(e.toString()));
    }
  }

  /** Stops scheduling, interrupts a running replay and waits for it briefly. */
  @Override
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Hookline catch-up did not stop within 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  /** The ids of the providers caught up periodically, with their schedules. */
  Map<String, Schedule> schedules() {
    return schedules;
  }
}
