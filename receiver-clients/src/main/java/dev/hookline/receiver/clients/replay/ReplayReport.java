package dev.hookline.receiver.clients.replay;

import java.util.List;

/**
 * What a replay did.
 *
 * @param replayed events whose handlers ran now (or that an asynchronous receiver accepted)
 * @param alreadyHandled events the receiver had processed before, e.g. live: not handled again
 * @param ignored events no handler takes
 * @param failures events that failed (a handler threw, the store was unavailable, the event was
 *     missing or malformed, or the API failed), with reasons
 * @param complete false when listing the deliveries failed part way (see {@link
 *     ReplayFailure#LISTING})
 */
public record ReplayReport(
    int replayed, int alreadyHandled, int ignored, List<ReplayFailure> failures, boolean complete) {

  /** Copies the failures. */
  public ReplayReport {
    failures = List.copyOf(failures);
  }

  /** The number of failures. */
  public int failed() {
    return failures.size();
  }
}
