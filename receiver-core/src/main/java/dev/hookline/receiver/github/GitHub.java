package dev.hookline.receiver.github;

import dev.hookline.receiver.WebhookReceiver;

/** Entry point for GitHub endpoints. */
public final class GitHub {

  private GitHub() {}

  /**
   * A receiver builder preset: {@code X-Hub-Signature-256} with the given secrets, the {@link
   * GitHubEventReader}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return WebhookReceiver.builder()
        .verifier(GitHubSignature.verifier(secrets))
        .reader(GitHubEventReader.create());
  }
}
