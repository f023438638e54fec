package dev.hookline.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot sample: the Hookline starter serves the five endpoints of {@code application.yml}
 * and calls the {@code @WebhookListener} methods of {@link SampleListeners}; {@code GET
 * /demo/events} lists what they handled.
 */
@SpringBootApplication
public class SampleApplication {

  /** Starts the app; {@code --server.port=…} or {@code SERVER_PORT} changes the port (8080). */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
