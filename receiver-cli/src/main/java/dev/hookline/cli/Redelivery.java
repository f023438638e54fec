package dev.hookline.cli;

import dev.hookline.receiver.clients.replay.DeliveryClass;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Posts replayed events to the application's webhook endpoint one at a time, prints a line per
 * event and counts: the application's own verifier and idempotency decide what runs.
 */
final class Redelivery {

  /** The longest excerpt of a non-2xx answer printed. */
  static final int EXCERPT = 200;

  private final PrintWriter out;
  private final URI url;
  private final HttpClient http;
  private final Duration timeout;
  private int replayed;
  private int failed;
  private String incomplete;
  private final Map<DeliveryClass, Integer> classified = new EnumMap<>(DeliveryClass.class);

  Redelivery(PrintWriter out, URI url, Duration timeout) {
    this.out = out;
    this.url = url;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * POSTs one body with the given headers; prints {@code replayed} for a 2xx answer and {@code
   * failed} with the status and an excerpt of the answer otherwise.
   */
  void post(String label, byte[] body, Map<String, String> headers) throws InterruptedException {
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

  /** Counts an event that could not be posted at all. */
  void fail(String label, String reason) {
    failed++;
    out.println("failed    " + label + ": " + reason);
  }

  /** Counts a delivery by the class of the status it ended with. */
  void classified(DeliveryClass deliveryClass) {
    classified.merge(deliveryClass, 1, Integer::sum);
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
