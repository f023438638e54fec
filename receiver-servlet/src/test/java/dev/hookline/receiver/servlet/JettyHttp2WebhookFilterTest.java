package dev.hookline.receiver.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.lucca.Lucca;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filter over HTTP/2 (cleartext, prior knowledge) on embedded Jetty: a body sent in DATA frames
 * declares no length and no {@code Transfer-Encoding}, which over HTTP/1.1 would mean no body at
 * all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyHttp2WebhookFilterTest {

  private static final String SECRET = "lucca-endpoint-secret";
  private static final int MAX_BODY = 4096;

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private Server server;
  private HTTP2Client client;
  private int port;

  @BeforeAll
  void start() throws Exception {
    WebhookReceiver lucca =
        Lucca.receiver(SECRET)
            .maxBodySize(MAX_BODY)
            .on(
                "employee.*",
                event ->
                    runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet())
            .build();
    server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    ServerConnector connector =
        new ServerConnector(
            server, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter =
        new FilterHolder(WebhookFilter.builder().endpoint("/webhooks/lucca", lucca).build());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder next =
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void service(HttpServletRequest request, HttpServletResponse response) {
                response.setStatus(404);
              }
            });
    next.setAsyncSupported(true);
    context.addServlet(next, "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
    client = new HTTP2Client();
    client.start();
  }

  @AfterAll
  void stop() throws Exception {
    client.stop();
    server.stop();
  }

  @Test
  void aSignedDeliveryWhoseBodyDeclaresNoLengthIsReadAndHandledOnce() throws Exception {
    SignedRequests delivery =
        SignedRequests.lucca(SECRET).event(LuccaFixtures.employeeUpdated().id("over-h2"));

    Answer first = post(delivery.headers(), delivery.body(), 3);
    Answer again = post(delivery.headers(), delivery.body(), 1);

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(again.status()).as(again.text()).isEqualTo(200);
    assertThat(runs).containsOnlyKeys("over-h2");
    assertThat(runs.get("over-h2")).hasValue(1);
  }

  @Test
  void aBodyWithoutDeclaredLengthOverTheLimitIsAnswered413() throws Exception {
    Answer answer = post(Map.of("Content-Type", "application/json"), new byte[MAX_BODY * 4], 4);

    assertThat(answer.status()).as(answer.text()).isEqualTo(413);
  }

  /** A status and body text. */
  private record Answer(int status, String text) {}

  /**
   * POSTs the body in this many DATA frames, with the headers and no {@code Content-Length}, on a
   * new HTTP/2 connection.
   */
  private Answer post(Map<String, String> headers, byte[] body, int frames) throws Exception {
    HttpFields.Mutable fields = HttpFields.build();
    headers.forEach(fields::put);
    MetaData.Request request =
        new MetaData.Request(
            "POST",
            HttpURI.from("http://127.0.0.1:" + port + "/webhooks/lucca"),
            HttpVersion.HTTP_2,
            fields);
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int[] status = new int[1];
    Stream.Listener listener =
        new Stream.Listener() {
          @Override
          public void onHeaders(Stream stream, HeadersFrame frame) {
            if (frame.getMetaData() instanceof MetaData.Response response) {
              status[0] = response.getStatus();
            }
            if (frame.isEndStream()) {
              answer.complete(new Answer(status[0], ""));
            } else {
              stream.demand();
            }
          }

          @Override
          public void onDataAvailable(Stream stream) {
            Stream.Data data = stream.readData();
            if (data == null) {
              stream.demand();
              return;
            }
            ByteBuffer buffer = data.frame().getByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            text.writeBytes(bytes);
            boolean last = data.frame().isEndStream();
            data.release();
            if (last) {
              answer.complete(
                  new Answer(status[0], new String(text.toByteArray(), StandardCharsets.UTF_8)));
            } else {
              stream.demand();
            }
          }

          @Override
          public void onReset(
              Stream stream,
              org.eclipse.jetty.http2.frames.ResetFrame frame,
              org.eclipse.jetty.util.Callback callback) {
            answer.completeExceptionally(new IllegalStateException("stream reset: " + frame));
            callback.succeeded();
          }
        };
    Session session =
        client
            .connect(new InetSocketAddress("127.0.0.1", port), new Session.Listener() {})
            .get(5, TimeUnit.SECONDS);
    try {
      Stream stream =
          session
              .newStream(new HeadersFrame(request, null, false), listener)
              .get(5, TimeUnit.SECONDS);
      int chunk = (body.length + frames - 1) / frames;
      for (int from = 0; from < body.length; from += chunk) {
        int to = Math.min(body.length, from + chunk);
        if (answer.isDone()) {
          break; // answered before the whole body was sent, as a 413 may be
        }
        stream
            .data(
                new DataFrame(
                    stream.getId(), ByteBuffer.wrap(body, from, to - from), to == body.length))
            .get(5, TimeUnit.SECONDS);
      }
      return answer.get(10, TimeUnit.SECONDS);
    } finally {
      session.close(0, "done", org.eclipse.jetty.util.Callback.NOOP);
    }
  }
}
