package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.clients.lifecycle.TenantReport;
import dev.hookline.receiver.internal.LogText;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The opt-in periodic reconciliation of one provider's tenants ({@code
 * hookline.providers.lucca.lifecycle.schedule.enabled}, {@code
 * hookline.providers.arta.lifecycle.schedule.enabled}): one daemon thread, started and stopped with
 * the context, reconciles every tenant of the provider with a stored secret every {@code interval}
 * and logs each report (a warning for anything but an active endpoint).
 */
final class HooklineReconciler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(HooklineReconciler.class);

  private final HooklineLifecycles lifecycles;
  private final String provider;
  private final Duration interval;
  private @Nullable ScheduledExecutorService executor;

  HooklineReconciler(HooklineLifecycles lifecycles, String provider, Duration interval) {
    this.lifecycles = lifecycles;
    this.provider = provider;
    this.interval = interval;
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hookline-reconcile-" + provider);
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Never throws: an exception would cancel the schedule. */
  void run() {
    try {
      for (TenantReport report : lifecycles.reconcileAll(provider)) {
        if (report.outcome() == TenantReport.Outcome.ACTIVE) {
          log.info(
              "Hookline reconcile of {} tenant {}: {}", provider, report.tenant(), report.detail());
        } else {
          log.warn(
              "Hookline reconcile of {} tenant {}: {}, {}",
              provider,
              report.tenant(),
              report.outcome(),
              LogText.escape(report.detail()));
        }
      }
    } catch (RuntimeException e) {
      log.warn("Hookline reconcile of {} failed: {}", provider, LogText.escape(e.toString()));
    }
  }

  @Override
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Hookline reconcile did not stop within 10s");
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

  /** The time between runs. */
  Duration interval() {
    return interval;
  }
}
