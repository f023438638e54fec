package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready Slack Events API bodies (PROTOCOLS.md §3): an {@code event_callback} whose {@code event_id}
 * is the fixture id, and the {@code url_verification} handshake. Slack signs the whole body.
 */
public final class SlackFixtures {

  /** The challenge of {@link #urlVerification()}, which the receiver answers with. */
  public static final String CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";

  private SlackFixtures() {}

  /** An {@code app_mention} event callback, event id {@code Ev0LAN670R}. */
  public static FixtureBuilder appMention() {
    ObjectNode body = Json.object();
    body.put("token", "XXYYZZ");
    body.put("team_id", "T061EG9R6");
    body.put("api_app_id", "A0MDYCDME");
    ObjectNode event = body.putObject("event");
    event.put("type", "app_mention");
    event.put("user", "U061F7AUR");
    event.put("text", "<@U0LAN0Z89> is it everything a river should be?");
    event.put("ts", "1515449522.000016");
    event.put("channel", "C0LAN2Q65");
    event.put("event_ts", "1515449522.000016");
    body.put("type", "event_callback");
    body.put("event_id", "Ev0LAN670R");
    body.put("event_time", 1515449522);
    return new FixtureBuilder("slack", "app_mention", "Ev0LAN670R", "event_id", body);
  }

  /**
   * The {@code url_verification} Slack sends when the request URL is set; a receiver answers it,
   * signed, with {@link #CHALLENGE}. Not an event, so not in {@link Fixtures#all()}.
   */
  public static FixtureBuilder urlVerification() {
    ObjectNode body = Json.object();
    body.put("token", "Jhj5dZrVaK7ZwHHjRyZWjbDl");
    body.put("challenge", CHALLENGE);
    body.put("type", "url_verification");
    return new FixtureBuilder("slack", "url_verification", "url_verification", null, body);
  }
}
