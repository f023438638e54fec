package dev.hookline.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Real receivers behind the JDK's HTTP server on a random port, for driving the CLI. */
final class TestReceiverServer implements AutoCloseable {

  private final HttpServer server;

  TestReceiverServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
  }

  TestReceiverServer mount(String path, WebhookReceiver receiver) {
    server.createContext(path, exchange -> handle(exchange, receiver));
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void handle(HttpExchange exchange, WebhookReceiver receiver) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      URI uri = exchange.getRequestURI();
      WebhookRequest.Builder request =
          WebhookRequest.builder()
              .method(exchange.getRequestMethod())
              .path(uri.getPath())
              .headers(exchange.getRequestHeaders())
              .body(in.readAllBytes());
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          int at = pair.indexOf('=');
          if (at > 0) {
            request.queryParameter(
                URLDecoder.decode(pair.substring(0, at), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8));
          }
        }
      }
      WebhookResponse response = receiver.receive(request.build());
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
