package dev.hookline.receiver.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.TestRequests;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.internal.MediaTypes;
import dev.hookline.receiver.lucca.Lucca;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * CloudEvents requests for tests: read by the reader alone, or signed and sent through a real Lucca
 * receiver (structured and batch as every endpoint accepts them, binary mode enabled with {@code
 * trustUnsignedHeaders}, since these tests are about reading events, not about which headers are
 * signed).
 */
public final class CloudEventRequests {

  /** The mapper a receiver reads CloudEvents with: the CloudEvents module registered. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().registerModule(CloudEventsReader.jacksonModule());

  private CloudEventRequests() {}

  /** A request with the headers, in order, and the body. */
  public static WebhookRequest request(List<Map.Entry<String, String>> headers, byte[] body) {
    WebhookRequest.Builder request = WebhookRequest.builder().method("POST").body(body);
    headers.forEach(header -> request.header(header.getKey(), header.getValue()));
    return request.build();
  }

  /**
   * A structured event: its JSON as the body, {@code Content-Type: application/cloudevents+json}.
   */
  public static WebhookRequest structured(String json) {
    return request(List.of(Map.entry("Content-Type", MediaTypes.CLOUDEVENTS_JSON)), utf8(json));
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the request with the reader that trusts every {@code ce-*} header. */
  public static List<WebhookEvent> read(WebhookRequest request) {
    return CloudEventsReader.create().read(request, MAPPER);
  }

  /** Reads the request that holds one event. */
  public static WebhookEvent readOne(WebhookRequest request) {
    List<WebhookEvent> events = read(request);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** The request with a Lucca signature over its body, made now with the test secret. */
  public static WebhookRequest signed(WebhookRequest request) {
    WebhookRequest signed = TestRequests.lucca(request.body()).build();
    WebhookRequest.Builder copy =
        WebhookRequest.builder()
            .method("POST")
            .path("/webhooks/lucca")
            .headers(request.headers().asMap())
            .body(request.body());
    copy.header("Lucca-Timestamp", signed.headers().first("Lucca-Timestamp").orElseThrow());
    copy.header("Lucca-Signature", signed.headers().first("Lucca-Signature").orElseThrow());
    return copy.build();
  }

  /** A signed Lucca endpoint that accepts every framing and records the events it handles. */
  public static final class Endpoint {
    private final List<WebhookEvent> handled = new CopyOnWriteArrayList<>();
    private final WebhookReceiver receiver;

    /** An endpoint whose one handler takes every event as it is. */
    public Endpoint() {
      this(builder -> {});
    }

    /** An endpoint with the given handlers besides the one that records every event. */
    public Endpoint(Consumer<WebhookReceiver.Builder> handlers) {
      WebhookReceiver.Builder builder =
          Lucca.receiver(TestRequests.LUCCA_SECRET)
              .framings(EnumSet.allOf(Framing.class))
              .trustUnsignedHeaders("conformance test");
      handlers.accept(builder);
      this.receiver = builder.onAny(handled::add).build();
    }

    /** Signs the request, sends it, and returns the answer. */
    public WebhookResponse receive(WebhookRequest request) {
      return receiver.receive(signed(request));
    }

    /** Signs and sends the request, expects a 200, and returns the events handled for it. */
    public List<WebhookEvent> accept(WebhookRequest request) {
      int before = handled.size();
      WebhookResponse response = receive(request);
      assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
      return new ArrayList<>(handled.subList(before, handled.size()));
    }

    /** The events handled so far. */
    public List<WebhookEvent> handled() {
      return List.copyOf(handled);
    }
  }
}
