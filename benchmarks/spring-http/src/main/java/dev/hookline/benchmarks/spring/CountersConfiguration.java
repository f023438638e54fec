package dev.hookline.benchmarks.spring;

import dev.hookline.benchmarks.server.Counters;
import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What both Spring servers share: the {@link Counters}, their filter ahead of every other filter on
 * the webhook path, and {@code GET /counters}.
 */
@Configuration(proxyBeanMethods = false)
public class CountersConfiguration {

  /** The server's counts. */
  @Bean
  public Counters counters() {
    return new Counters();
  }

  /** The counting filter, first on {@code /webhooks/*}. */
  @Bean
  public FilterRegistrationBean<Filter> countingFilter(Counters counters) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(counters.filter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/webhooks/*");
    return registration;
  }

  /**
   * Answers {@code GET /counters} with {@link Counters#text()}; registered as a member class of
   * this configuration.
   */
  @RestController
  public static class CountersController {
    private final Counters counters;

    CountersController(Counters counters) {
      this.counters = counters;
    }

    /** The counts now. */
    @GetMapping(path = "/counters", produces = "text/plain")
    public String counters() {
      return counters.text();
    }
  }
}
