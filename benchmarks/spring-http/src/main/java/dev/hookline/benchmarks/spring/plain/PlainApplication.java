package dev.hookline.benchmarks.spring.plain;

import dev.hookline.benchmarks.spring.CountersConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Spring MVC without Hookline: its auto-configurations are excluded, though on the classpath. */
@SpringBootApplication(
    excludeName = {
      "dev.hookline.receiver.spring.autoconfigure.HooklineAutoConfiguration",
      "dev.hookline.receiver.spring.observability.HooklineObservabilityAutoConfiguration",
      "dev.hookline.receiver.spring.replay.HooklineReplayAutoConfiguration"
    })
@Import(CountersConfiguration.class)
public class PlainApplication {}
