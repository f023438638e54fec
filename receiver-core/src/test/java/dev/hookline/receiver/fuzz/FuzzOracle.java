package dev.hookline.receiver.fuzz;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.EventBindingException;
import dev.hookline.receiver.core.HandlerFailedException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Sends one signed input through a receiver and judges the answer against the documented status
 * table (README): what is allowed for any validly signed body, whatever its content.
 */
final class FuzzOracle {

  /** The statuses a signed POST may get; 500 and 503 only for a handler or binding failure. */
  static final Set<Integer> DOCUMENTED = Set.of(200, 202, 400, 401, 413, 415, 500, 503);

  /** The body the receiver answers for data that does not bind (issue 11). */
  private static final String UNBINDABLE = "event data does not bind to ";

  /** The range of times an event may carry: years 0000 to 9999, as RFC 3339 writes them. */
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private FuzzOracle() {}

  /**
   * The outcome of one case.
   *
   * @param status the answer's status, or -1 when an exception escaped
   * @param problems every rule the answer broke; empty when it is fine
   */
  record Verdict(int status, List<String> problems) {}

  static Verdict judge(
      FuzzTarget target, WebhookReceiver receiver, Recorder recorder, FuzzInput input) {
    recorder.reset();
    WebhookRequest request = target.signer().sign(input, Instant.now());
    WebhookResponse response;
    try {
      response = receiver.receive(request);
    } catch (Throwable e) {
      return new Verdict(-1, List.of("receive threw " + e));
    }
    int status = response.status();
    List<String> problems = new ArrayList<>(recorder.problems);
    if (!DOCUMENTED.contains(status)) {
      problems.add("undocumented status " + status + ": " + response.bodyText());
    }
    if (status == 401
        && target.samples().stream().anyMatch(s -> s.headers().equals(input.headers()))) {
      // Only a mutated signed header (e.g. an empty webhook-id) may make a verifier refuse.
      problems.add("a validly signed request was answered 401: " + response.bodyText());
    }
    if (status >= 400 && status < 500 && !recorder.handled.isEmpty()) {
      problems.add("a handler ran, yet the answer was " + status + ": " + response.bodyText());
    }
    if ((status == 500 || status == 503) && !bindingFailure(recorder, response)) {
      problems.add(
          "status "
              + status
              + " is neither a handler nor a binding failure: "
              + response.bodyText()
              + " "
              + recorder.failures);
    }
    for (WebhookEvent event : recorder.handled) {
      String problem = target.provenance().problem(input, event);
      if (problem != null) {
        problems.add("handled " + event + " not from the signed content: " + problem);
      }
      if (event.id().length() > EventJson.MAX_ID_LENGTH
          || event.topic().length() > EventJson.MAX_TOPIC_LENGTH) {
        problems.add("handled an event whose id or topic is over its bound: " + event);
      }
      event
          .occurredAt()
          .filter(at -> at.isBefore(FIRST) || at.isAfter(LAST))
          .ifPresent(
              at ->
                  problems.add("handled an event whose time is not in years 0000 to 9999: " + at));
    }
    return new Verdict(status, problems);
  }

  /**
   * Whether a 5xx answers data that does not bind: the handlers here never throw, so every failure
   * the receiver reports must be the binding's.
   */
  private static boolean bindingFailure(Recorder recorder, WebhookResponse response) {
    if (response.bodyText().startsWith(UNBINDABLE)) {
      return true;
    }
    return !recorder.failures.isEmpty()
        && recorder.failures.stream()
            .allMatch(
                failure ->
                    failure instanceof HandlerFailedException
                        && Stream.concat(
                                Stream.of(failure.getCause()), Stream.of(failure.getSuppressed()))
                            .allMatch(EventBindingException.class::isInstance));
  }
}
