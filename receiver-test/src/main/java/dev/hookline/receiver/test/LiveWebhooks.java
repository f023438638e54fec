package dev.hookline.receiver.test;

import dev.hookline.receiver.fixtures.SignedRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Posts signed requests to a receiver listening on a real port, over {@code java.net.http}: for
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} or any embedded server. Thread-safe.
 *
 * <pre>{@code
 * HttpResponse<String> response = LiveWebhooks.localhost(port).post(signed);
 * }</pre>
 */
public final class LiveWebhooks {

  /** Headers java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final URI base;
  private final HttpClient client;

  private LiveWebhooks(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Requests to {@code http://localhost:<port>}. */
  public static LiveWebhooks localhost(int port) {
    return at(URI.create("http://localhost:" + port));
  }

  /** Requests to the base URI; request paths are resolved against it. */
  public static LiveWebhooks at(URI base) {
    return new LiveWebhooks(Objects.requireNonNull(base, "base"));
  }

  /** Posts the signed request to its path and returns the response with its body as text. */
  public HttpResponse<String> post(SignedRequests request) {
    return post(request.path(), request);
  }

  /** Posts the signed request to the given path. */
  public HttpResponse<String> post(String path, SignedRequests request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                builder.header(name, value);
              }
            });
    try {
      return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + base.resolve(path) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while posting to " + path, e);
    }
  }
}
