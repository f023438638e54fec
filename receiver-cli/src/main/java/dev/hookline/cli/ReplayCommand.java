package dev.hookline.cli;

import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.replay.ArtaMissedDeliveries;
import dev.hookline.receiver.clients.replay.LuccaMissedEvents;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.signature.WebhookSigner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hookline replay}: finds the events a provider failed to deliver and POSTs them again to
 * the application, so that its own verifier and idempotency decide: an event handled before answers
 * 200 without running the handlers again.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Posts the events a provider failed to deliver to the application again.",
    subcommands = {
      ReplayCommand.Lucca.class,
      ReplayCommand.Arta.class,
      CommandLine.HelpCommand.class
    })
final class ReplayCommand implements Runnable {

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The options of every replay: when from, and where to. */
  static final class Target {

    private static final Set<String> RESTRICTED =
        Set.of("connection", "content-length", "expect", "host", "upgrade");

    @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
    @Option(
        names = "--since",
        required = true,
        paramLabel = "WHEN",
        description =
            "Replay what failed since: an instant (2025-01-01T00:00:00Z), a date"
                + " (2025-01-01, UTC) or a duration back from now (6h, 30m, 2d, PT6H).")
    String since;

    @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "The application's webhook endpoint (full URL) to POST the events to.")
    URI url;

    @Option(
        names = {"-H", "--header"},
        paramLabel = "HEADER",
        description = "An extra header 'Name: value' sent with each event; repeatable.")
    List<String> headers = List.of();

    @SuppressWarnings("NullAway.Init") // picocli sets it, to its default when not given
    @Option(
        names = "--post-timeout",
        paramLabel = "DURATION",
        defaultValue = "PT30S",
        description = "Time allowed for each POST to the application; default PT30S.")
    Duration postTimeout;

    Map<String, String> extraHeaders(CommandLine cmd) {
      Map<String, String> extra = new LinkedHashMap<>();
      for (String header : headers) {
        Map.Entry<String, String> entry = Inputs.header(cmd, header);
        if (RESTRICTED.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
          throw new CommandLine.ParameterException(
              cmd, "-H " + entry.getKey() + " cannot be set; the HTTP client sets it");
        }
        extra.put(entry.getKey(), entry.getValue());
      }
      return extra;
    }

    /**
     * POSTs what {@code scan} hands over to {@link #url}, each body signed by {@code signer}, and
     * returns the exit code; a listing that fails part way is reported after what it found.
     */
    @SuppressWarnings("NullAway") // an ApiException always has a message
    int redeliver(CommandLine cmd, Map<String, String> extra, WebhookSigner signer, Scan scan)
        throws InterruptedException {
      Redelivery redelivery = new Redelivery(cmd.getOut(), url, postTimeout, extra, signer);
      try {
        scan.into(redelivery);
      } catch (ApiException e) {
        redelivery.listingStopped(e.getMessage());
      }
      return redelivery.finish();
    }
  }

  /** A provider's scan of its missed deliveries, handing each to the redelivery. */
  @FunctionalInterface
  interface Scan {
    void into(Redelivery redelivery) throws InterruptedException;
  }

  /** {@code hookline replay lucca}. */
  @Command(
      name = "lucca",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Lists Lucca's delivery attempts since --since, keeps the events whose delivery did not"
            + " end 'delivered' (undelivered or failed), signs each one with the endpoint secret"
            + " ($HOOKLINE_SECRET) as Lucca does, or with --sign-scheme, and POSTs it to --url.",
        "Prints a line per event and the counts; exits 1 unless every answer was 2xx."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every event got a 2xx answer (or there was nothing to replay)",
        "1:an answer was not 2xx, an event could not be sent, or listing failed",
        "2:usage"
      })
  static final class Lucca implements Callable<Integer> {

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    Target target;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    ReplaySigning signing;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    LuccaApiOptions api;

    @Override
    public Integer call() throws InterruptedException {
      CommandLine cmd = spec.commandLine();
      Instant since = Inputs.since(cmd, target.since, Instant.now());
      WebhookSigner signer = signing.signer(cmd, "lucca");
      Map<String, String> extra = target.extraHeaders(cmd);
      var client = api.client(cmd);
      return target.redeliver(
          cmd,
          extra,
          signer,
          redelivery -> LuccaMissedEvents.scan(client, since, null, redelivery));
    }
  }

  /** {@code hookline replay arta}. */
  @Command(
      name = "arta",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Lists Arta's webhook deliveries created since --since, fetches each one that ended 'failed'"
            + " and POSTs its request body, byte for byte, to --url. Arta signs nothing: sign each"
            + " body as your endpoint checks with --sign-scheme ($HOOKLINE_SECRET), or pass what it"
            + " checks (e.g. a shared token) with -H.",
        "Prints a line per event and the counts; exits 1 unless every answer was 2xx."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every event got a 2xx answer (or there was nothing to replay)",
        "1:an answer was not 2xx, an event could not be fetched or sent, or listing failed",
        "2:usage"
      })
  static final class Arta implements Callable<Integer> {

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    Target target;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    ReplaySigning signing;

    @Option(
        names = "--api-key",
        paramLabel = "KEY",
        defaultValue = "${env:ARTA_API_KEY}",
        description = "The Arta API key; default: $ARTA_API_KEY (preferred).")
    @Nullable String apiKey;

    @Option(
        names = "--api-host",
        paramLabel = "URL",
        description = "The API host; default https://api.arta.io.")
    @Nullable URI apiHost;

    @SuppressWarnings("NullAway.Init") // picocli sets it, to its default when not given
    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "PT30S",
        description = "Time allowed for each API request (ISO-8601 duration); default PT30S.")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
      CommandLine cmd = spec.commandLine();
      Instant since = Inputs.since(cmd, target.since, Instant.now());
      Map<String, String> extra = target.extraHeaders(cmd);
      WebhookSigner signer = signing.signer(cmd, null);
      ArtaClient client = client(cmd);
      return target.redeliver(
          cmd, extra, signer, redelivery -> ArtaMissedDeliveries.scan(client, since, redelivery));
    }

    private ArtaClient client(CommandLine cmd) {
      if (apiKey == null || apiKey.isEmpty()) {
        throw new CommandLine.ParameterException(
            cmd, "Missing --api-key (or the ARTA_API_KEY environment variable)");
      }
      ArtaClient.Builder builder = ArtaClient.builder().apiKey(apiKey).timeout(timeout);
      if (apiHost != null) {
        builder.apiHost(apiHost);
      }
      try {
        return builder.build();
      } catch (WebhookConfigurationException | IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, e.getMessage());
      }
    }
  }
}
