package dev.hookline.benchmarks.spring.starter;

import dev.hookline.benchmarks.spring.CountersConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Spring MVC with the Hookline starter serving the {@code lucca} endpoint. */
@SpringBootApplication
@Import(CountersConfiguration.class)
public class StarterApplication {}
