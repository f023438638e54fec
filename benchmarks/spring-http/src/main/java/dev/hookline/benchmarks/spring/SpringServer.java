package dev.hookline.benchmarks.spring;

import dev.hookline.benchmarks.spring.plain.PlainApplication;
import dev.hookline.benchmarks.spring.starter.StarterApplication;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * One Spring server of the HTTP benchmark on Tomcat with Spring Boot's default settings (200
 * request threads at most): {@code plain} or {@code starter} on {@code POST /webhooks/lucca}, and
 * the counters on {@code GET /counters}.
 *
 * <p>Usage: {@code java -jar benchmarks-spring.jar KIND SECRET PORT}; it listens on 127.0.0.1 until
 * the process is killed.
 */
public final class SpringServer {

  /** The webhook path of both servers. */
  static final String PATH = "/webhooks/lucca";

  private SpringServer() {}

  /** Starts the server of the kind {@code args[0]} with the Lucca secret {@code args[1]}. */
  public static void main(String[] args) {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: SpringServer plain|starter SECRET PORT");
    }
    String kind = args[0].toLowerCase(Locale.ROOT);
    Class<?> application =
        switch (kind) {
          case "plain" -> PlainApplication.class;
          case "starter" -> StarterApplication.class;
          default -> throw new IllegalArgumentException("unknown server kind: " + kind);
        };
    new SpringApplicationBuilder(application)
        .properties(
            Map.of(
                "server.address",
                "127.0.0.1",
                "server.port",
                args[2],
                "spring.main.banner-mode",
                "off",
                "benchmark.secret",
                args[1],
                "hookline.endpoints.lucca.path",
                PATH,
                "hookline.endpoints.lucca.provider",
                "lucca",
                "hookline.endpoints.lucca.secrets",
                args[1]))
        .run();
  }
}
