package dev.hookline.receiver.fuzz;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One provider endpoint under fuzzing: its valid sample inputs, the headers worth mutating, a
 * receiver with typed and untyped handlers reporting to a {@link Recorder}, a signer written apart
 * from the main code, and the rule a handled event must follow to come from the signed content.
 *
 * @param name the directory of its regression cases
 * @param mutableHeaders the input headers the reader uses, mutated now and then
 */
record FuzzTarget(
    String name,
    List<FuzzInput> samples,
    List<String> mutableHeaders,
    Function<Recorder, WebhookReceiver> receiver,
    Signer signer,
    Provenance provenance) {

  /** Signs an input as the provider does, at the given time. */
  @FunctionalInterface
  interface Signer {
    WebhookRequest sign(FuzzInput input, Instant now);
  }

  /** Why a handled event's topic or id did not come from the signed content, or null. */
  @FunctionalInterface
  interface Provenance {
    String problem(FuzzInput input, WebhookEvent event);
  }

  @Override
  public String toString() {
    return name;
  }
}
