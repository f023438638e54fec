package dev.hookline.samples.jetty;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.internal.LogText;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.servlet.WebhookFilter;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded Jetty receiving Lucca events on {@code /webhooks/lucca} and Standard Webhooks events on
 * {@code /webhooks/standard}.
 *
 * <p>Environment: {@code LUCCA_WEBHOOK_SECRET} (the Lucca endpoint secret), {@code
 * STANDARD_WEBHOOK_SECRET} ({@code whsec_} + base64 key), {@code PORT} (default 8080). A secret
 * that is not set is replaced by a public demo secret, announced at startup.
 */
public final class JettySample {

  /** Used when {@code LUCCA_WEBHOOK_SECRET} is not set. Public: never use it for real traffic. */
  public static final String DEMO_LUCCA_SECRET = "hookline-DEMO-lucca-secret-NOT-FOR-PRODUCTION";

  /**
   * Used when {@code STANDARD_WEBHOOK_SECRET} is not set: {@code whsec_} + base64 of {@code
   * hookline-demo-key-not-a-secret!!}. Public: never use it for real traffic.
   */
  public static final String DEMO_STANDARD_SECRET =
      "whsec_aG9va2xpbmUtZGVtby1rZXktbm90LWEtc2VjcmV0ISE=";

  private static final Logger log = LoggerFactory.getLogger(JettySample.class);

  /** The most changed attributes of one event that are logged; the rest are counted. */
  static final int MAX_LOGGED_CHANGES = 20;

  private JettySample() {}

  /** Reads the environment, starts the server and waits until it stops (Ctrl-C stops it). */
  public static void main(String[] args) throws Exception {
    int port = port(System.getenv("PORT"));
    String luccaSecret = secret("LUCCA_WEBHOOK_SECRET", DEMO_LUCCA_SECRET);
    String standardSecret = secret("STANDARD_WEBHOOK_SECRET", DEMO_STANDARD_SECRET);
    start(port, luccaSecret, standardSecret).join();
  }

  /**
   * Starts Jetty on the port (0 for any free one) with both webhook endpoints, and returns it
   * started. Jetty stops, letting requests in flight finish, when the JVM shuts down.
   */
  public static Server start(int port, String luccaSecret, String standardSecret) throws Exception {
    WebhookFilter webhooks =
        WebhookFilter.builder()
            .endpoint("/webhooks/lucca", luccaReceiver(luccaSecret))
            .endpoint("/webhooks/standard", standardReceiver(standardSecret))
            .build();

    ServletContextHandler context = new ServletContextHandler("/");
    // Asynchronous requests let the filter wait for a late body without holding a thread, so
    // senders trickling bodies cannot take every thread from genuine deliveries.
    FilterHolder filter = new FilterHolder(webhooks);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    // The filter answers its own paths; everything else passes through to this servlet.
    ServletHolder notFound = new ServletHolder(new NotFoundServlet());
    notFound.setAsyncSupported(true);
    context.addServlet(notFound, "/*");

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(context));
    server.setStopTimeout(10_000);
    server.setStopAtShutdown(true);
    server.start();
    log.info(
        "Listening on port {}: POST /webhooks/lucca, POST /webhooks/standard",
        connector.getLocalPort());
    return server;
  }

  /** Logs every {@code employee.*} event: who, and each changed attribute, before and after. */
  static WebhookReceiver luccaReceiver(String secret) {
    return Lucca.receiver(secret)
        .on(
            "employee.*",
            Employee.class,
            (employee, event) -> {
              // The sender wrote all of this: escaped, a value cannot start a log line of its own.
              log.info(
                  "Lucca {} (event {}): {} {}",
                  LogText.escape(event.topic()),
                  LogText.escape(event.id()),
                  LogText.escape(employee.givenName()),
                  LogText.escape(employee.familyName()));
              // A signed event may list any number of changes: the first few are logged.
              Map<String, JsonNode> changes = event.previousAttributes().asMap();
              changes.entrySet().stream()
                  .limit(MAX_LOGGED_CHANGES)
                  .forEach(
                      change ->
                          log.info(
                              "  {}: {} -> {}",
                              LogText.escape(change.getKey()),
                              LogText.escape(change.getValue()),
                              LogText.escape(event.data().get(change.getKey()))));
              if (changes.size() > MAX_LOGGED_CHANGES) {
                log.info(
                    "  ... and {} more changed attributes", changes.size() - MAX_LOGGED_CHANGES);
              }
            })
        .build();
  }

  /** Logs every event: topic, {@code webhook-id} and data. */
  static WebhookReceiver standardReceiver(String secret) {
    return StandardWebhooks.receiver(secret)
        .on(
            "*",
            event ->
                log.info(
                    "Standard Webhooks {} (webhook-id {}): {}",
                    LogText.escape(event.topic()),
                    LogText.escape(event.id()),
                    LogText.escape(event.data())))
        .build();
  }

  private static String secret(String variable, String demo) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      return value; // never logged
    }
    log.warn(
        "*** {} is not set: using the DEMO secret \"{}\". Anyone can sign events with it;"
            + " set {} before receiving real webhooks. ***",
        variable,
        demo,
        variable);
    return demo;
  }

  private static int port(String value) {
    if (value == null || value.isBlank()) {
      return 8080;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("PORT must be a number from 0 to 65535, not: " + value);
  }

  /** Answers 404 to whatever the webhook filter passed through. */
  static final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body =
          "Not found. Webhooks go to POST /webhooks/lucca and POST /webhooks/standard.\n"
              .getBytes(StandardCharsets.UTF_8);
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      response.setContentType("text/plain; charset=UTF-8");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }
}
