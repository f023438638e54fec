package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready GitHub deliveries: the body plus the {@code X-GitHub-Event} and {@code X-GitHub-Delivery}
 * headers the reader needs. The delivery id is the fixture id.
 */
public final class GitHubFixtures {

  private GitHubFixtures() {}

  /** The {@code ping} GitHub sends when a webhook is created. */
  public static FixtureBuilder ping() {
    ObjectNode body = Json.object();
    body.put("zen", "Keep it logically awesome.");
    body.put("hook_id", 12345678);
    ObjectNode hook = body.putObject("hook");
    hook.put("type", "Repository");
    hook.put("id", 12345678);
    hook.put("active", true);
    hook.putArray("events").add("push");
    repository(body);
    return builder("ping", "d3f2a1c0-0000-11ef-8000-000000000001", body);
  }

  /** A {@code push} of one commit to {@code main}. */
  public static FixtureBuilder push() {
    ObjectNode body = Json.object();
    body.put("ref", "refs/heads/main");
    body.put("before", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    body.put("after", "0000000000000000000000000000000000000001");
    repository(body);
    ObjectNode pusher = body.putObject("pusher");
    pusher.put("name", "octocat");
    pusher.put("email", "octocat@github.com");
    ObjectNode commit = body.putArray("commits").addObject();
    commit.put("id", "0000000000000000000000000000000000000001");
    commit.put("message", "Update README.md");
    return builder("push", "d3f2a1c0-0000-11ef-8000-000000000002", body);
  }

  private static void repository(ObjectNode body) {
    ObjectNode repository = body.putObject("repository");
    repository.put("id", 1296269);
    repository.put("full_name", "octocat/Hello-World");
  }

  private static FixtureBuilder builder(String event, String delivery, ObjectNode body) {
    return new FixtureBuilder("github", event, delivery, null, body)
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", delivery);
  }
}
