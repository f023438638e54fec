package dev.hookline.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.benchmarks.server.Counters;
import dev.hookline.benchmarks.server.LuccaFloor;
import dev.hookline.benchmarks.server.TypedLuccaEvent;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.servlet.WebhookFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * One server of the HTTP benchmark on embedded Jetty 12: {@code bare}, {@code floor}, {@code typed}
 * (the floor binding the body to its typed model) or {@code hookline} on {@code POST
 * /webhooks/lucca}, and the {@link Counters} on {@code GET /counters}. Every kind has the same
 * connector, thread pool (8 to 200 threads) and counting filter.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.hookline.benchmarks.http.JettyServer KIND SECRET
 * PORT}; it listens on 127.0.0.1 until the process is killed.
 */
public final class JettyServer {

  /** The webhook path of every server. */
  static final String PATH = "/webhooks/lucca";

  /** Most threads of every server's pool (Jetty's default). */
  static final int MAX_THREADS = 200;

  /** Fewest threads of every server's pool (Jetty's default). */
  static final int MIN_THREADS = 8;

  private JettyServer() {}

  /** Starts the server of the kind {@code args[0]} with the Lucca secret {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: JettyServer bare|floor|typed|hookline SECRET PORT");
    }
    String secret = args[1];
    String kind = args[0].toLowerCase(Locale.ROOT);
    Counters counters = new Counters();
    ServletContextHandler context = new ServletContextHandler("/");
    // First filter: it sees every webhook request and what the server answered.
    context.addFilter(
        new FilterHolder(counters.filter()), "/webhooks/*", EnumSet.of(DispatcherType.REQUEST));
    switch (kind) {
      case "bare" -> context.addServlet(new ServletHolder(new BareServlet(counters)), PATH);
      case "floor" ->
          context.addServlet(new ServletHolder(new FloorServlet(counters, secret, false)), PATH);
      case "typed" ->
          context.addServlet(new ServletHolder(new FloorServlet(counters, secret, true)), PATH);
      case "hookline" -> {
        WebhookFilter webhooks =
            WebhookFilter.builder()
                .endpoint(
                    PATH,
                    Lucca.receiver(secret)
                        // The default store; -Dhookline.bench.maxEntries bounds it otherwise.
                        .idempotencyStore(
                            InMemoryIdempotencyStore.builder()
                                .maxEntries(
                                    Integer.getInteger(
                                        "hookline.bench.maxEntries",
                                        InMemoryIdempotencyStore.DEFAULT_MAX_ENTRIES))
                                .build())
                        .on(
                            LuccaTopics.EMPLOYEE_UPDATED,
                            Employee.class,
                            (employee, event) -> counters.handled(event.id()))
                        .build())
                .build();
        FilterHolder holder = new FilterHolder(webhooks);
        for (String pattern : WebhookFilter.urlPatterns(PATH)) {
          context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST));
        }
      }
      default -> throw new IllegalArgumentException("unknown server kind: " + kind);
    }
    context.addServlet(new ServletHolder(new CountersServlet(counters)), "/counters");

    Server server = new Server(new QueuedThreadPool(MAX_THREADS, MIN_THREADS));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[2]));
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    System.out.println("JettyServer " + kind + " listening on port " + connector.getLocalPort());
    server.join();
  }

  /** Reads the whole body and answers 200. */
  static final class BareServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Counters counters;

    BareServlet(Counters counters) {
      this.counters = counters;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      request.getInputStream().readAllBytes();
      counters.handled();
      response.setStatus(200);
      response.setContentLength(0);
    }
  }

  /**
   * {@link LuccaFloor}: verifies the body and parses it (or, typed, binds it to {@link
   * TypedLuccaEvent}), then answers 200 (401 if not verified).
   */
  static final class FloorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Counters counters;
    private final transient LuccaFloor floor;
    private final boolean typed;

    FloorServlet(Counters counters, String secret, boolean typed) {
      this.counters = counters;
      this.floor = new LuccaFloor(secret);
      this.typed = typed;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body = request.getInputStream().readAllBytes();
      String timestamp = request.getHeader(Lucca.TIMESTAMP_HEADER);
      String signature = request.getHeader(Lucca.SIGNATURE_HEADER);
      @Nullable String id;
      if (typed) {
        TypedLuccaEvent event = floor.verifyAndBind(timestamp, signature, body);
        id = event == null ? null : Objects.requireNonNullElse(event.id(), "");
      } else {
        JsonNode event = floor.verifyAndParse(timestamp, signature, body);
        id = event == null ? null : event.path("id").asText();
      }
      if (id == null) {
        response.setStatus(401);
        response.setContentLength(0);
        return;
      }
      counters.handled(id);
      response.setStatus(200);
      response.setContentLength(0);
    }
  }

  /** {@code GET /counters}: {@link Counters#text()}. */
  static final class CountersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Counters counters;

    CountersServlet(Counters counters) {
      this.counters = counters;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] text = counters.text().getBytes(StandardCharsets.US_ASCII);
      response.setStatus(200);
      response.setContentType("text/plain");
      response.setContentLength(text.length);
      response.getOutputStream().write(text);
    }
  }
}
