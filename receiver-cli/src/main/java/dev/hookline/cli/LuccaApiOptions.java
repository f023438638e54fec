package dev.hookline.cli;

import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every command calling Lucca's API shares, and the client they configure. */
final class LuccaApiOptions {

  @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
  @Option(
      names = "--api-host",
      required = true,
      paramLabel = "URL",
      description = "The tenant's API host, e.g. https://example.ilucca.net.")
  URI apiHost;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      defaultValue = "${env:LUCCA_CLIENT_ID}",
      description = "The OAuth2 client id; default: $LUCCA_CLIENT_ID.")
  @Nullable String clientId;

  // Never echoed: picocli shows no default value unless asked, and none is asked here.
  @Option(
      names = "--client-secret",
      paramLabel = "SECRET",
      defaultValue = "${env:LUCCA_CLIENT_SECRET}",
      description = "The OAuth2 client secret; default: $LUCCA_CLIENT_SECRET (preferred).")
  @Nullable String clientSecret;

  @Option(
      names = "--token-url",
      paramLabel = "URL",
      description = "The OAuth2 token endpoint; default: Lucca's.")
  @Nullable URI tokenUrl;

  @Option(
      names = "--scope",
      paramLabel = "SCOPES",
      description = "Space-separated OAuth2 scopes; default: endpoints and deliveries readwrite.")
  @Nullable String scope;

  @SuppressWarnings("NullAway.Init") // picocli sets it, to its default when not given
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT30S",
      description = "Time allowed for each API request (ISO-8601 duration); default PT30S.")
  Duration timeout;

  /** The client; a missing or invalid value is a usage error. No request is made yet. */
  LuccaClient client(CommandLine cmd) {
    if (clientId == null || clientId.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd, "Missing --client-id (or the LUCCA_CLIENT_ID environment variable)");
    }
    if (clientSecret == null || clientSecret.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd, "Missing --client-secret (or the LUCCA_CLIENT_SECRET environment variable)");
    }
    LuccaClient.Builder builder =
        LuccaClient.builder()
            .apiHost(apiHost)
            .clientId(clientId)
            .clientSecret(clientSecret)
            .timeout(timeout);
    if (tokenUrl != null) {
      builder.tokenUrl(tokenUrl);
    }
    if (scope != null) {
      builder.scope(scope);
    }
    try {
      return builder.build();
    } catch (WebhookConfigurationException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
  }
}
