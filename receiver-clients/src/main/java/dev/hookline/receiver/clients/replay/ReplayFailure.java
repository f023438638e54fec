package dev.hookline.receiver.clients.replay;

import java.util.Objects;

/**
 * An event (or delivery) the replay could not bring to an end.
 *
 * @param id the event id (Lucca), the delivery id (Arta), or {@code "listing"} when listing the
 *     deliveries failed
 * @param reason why, e.g. {@code "a handler failed"} or the API error
 */
public record ReplayFailure(String id, String reason) {

  /** The id of a failure to list deliveries; the report is then incomplete. */
  public static final String LISTING = "listing";

  /** Checks both parts are present. */
  public ReplayFailure {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
  }
}
