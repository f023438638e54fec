package dev.hookline.cli;

import dev.hookline.receiver.clients.replay.DeliveryClass;
import dev.hookline.receiver.clients.replay.MissedEventSink;
import dev.hookline.receiver.signature.WebhookSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sink of a replay scan: posts each missed event to the application's webhook endpoint, one at
 * a time and byte for byte as the scan hands it over, prints a line per event labelled with its id
 * and topic, and counts: the application's own verifier and idempotency decide what runs.
 */
final class Redelivery implements MissedEventSink<InterruptedException> {

  /** The longest excerpt of a non-2xx answer printed. */
  static final int EXCERPT = 200;

  private final PrintWriter out;
  private final URI url;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, String> extraHeaders;
  private final WebhookSigner signer;
  private int replayed;
  private int failed;
  private @Nullable String incomplete;
  private final Map<DeliveryClass, Integer> classified = new EnumMap<>(DeliveryClass.class);

  /**
   * @param extraHeaders sent with each event
   * @param signer signs each event when it is posted, so that a scheme with a timestamp accepts it
   */
  Redelivery(
      PrintWriter out,
      URI url,
      Duration timeout,
      Map<String, String> extraHeaders,
      WebhookSigner signer) {
    this.out = out;
    this.url = url;
    this.timeout = timeout;
    this.extraHeaders = extraHeaders;
    this.signer = signer;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * POSTs one event, signed now, with the extra headers; prints {@code replayed} for a 2xx answer
   * and {@code failed} with the status and an excerpt of the answer otherwise.
   */
  @Override
  public void missed(String id, @Nullable String topic, byte[] body) throws InterruptedException {
    String label = label(id, topic);
    Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
    headers.put("Content-Type", "application/json");
    headers.putAll(signer.sign(body, Instant.now()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      fail(label, "cannot POST to " + url + ": " + e);
      return;
    }
    if (response.statusCode() / 100 == 2) {
      replayed++;
      out.println("replayed  " + label + ": HTTP " + response.statusCode());
    } else {
      fail(label, "HTTP " + response.statusCode() + excerpt(response.body()));
    }
  }

  /** Counts an event or delivery that could not be posted at all. */
  @Override
  public void unusable(String subject, @Nullable String topic, String reason) {
    fail(label(subject, topic), reason);
  }

  private void fail(String label, String reason) {
    failed++;
    out.println("failed    " + label + ": " + reason);
  }

  /** Counts a delivery by the class of the status it ended with. */
  @Override
  public void classified(String deliveryId, DeliveryClass deliveryClass) {
    classified.merge(deliveryClass, 1, Integer::sum);
  }

  /** The id, and the topic in parentheses when known. */
  private static String label(String id, @Nullable String topic) {
    return topic == null ? id : id + " (" + topic + ")";
  }

  /** Records that listing the deliveries stopped part way, and why. */
  void listingStopped(String reason) {
    incomplete = reason;
    out.println("stopped   listing the deliveries failed: " + reason);
  }

  /**
   * Prints the classification of the deliveries (when any were classified) and the counts, and
   * returns the exit code: 0 when every event got a 2xx answer and the listing was complete.
   */
  int finish() {
    if (!classified.isEmpty()) {
      out.println(
          "deliveries: "
              + count(DeliveryClass.NOT_DELIVERED)
              + " not delivered (replayed), "
              + count(DeliveryClass.DELIVERED)
              + " delivered (skipped), "
              + count(DeliveryClass.UNKNOWN_STATUS)
              + " of unknown status (skipped)");
    }
    out.println(
        replayed
            + " replayed, "
            + failed
            + " failed"
            + (incomplete == null ? "" : "; the listing is incomplete: " + incomplete));
    out.flush();
    return failed == 0 && incomplete == null ? 0 : HooklineCommand.REJECTED;
  }

  private int count(DeliveryClass deliveryClass) {
    return classified.getOrDefault(deliveryClass, 0);
  }

  private static String excerpt(String body) {
    String line = body.replaceAll("\\s+", " ").strip();
    if (line.isEmpty()) {
      return "";
    }
    return ": " + (line.length() > EXCERPT ? line.substring(0, EXCERPT) + "…" : line);
  }
}
