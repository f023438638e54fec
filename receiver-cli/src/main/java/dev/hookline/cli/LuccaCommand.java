package dev.hookline.cli;

import dev.hookline.receiver.clients.lifecycle.ProvisioningException;
import dev.hookline.receiver.clients.lifecycle.ShownOnceSecrets;
import dev.hookline.receiver.clients.lucca.CreatedEndpoint;
import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.lucca.WebhookEndpoint;
import dev.hookline.receiver.jdbc.JdbcSecretVault;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline lucca}: Lucca's management API; {@code endpoint create} and {@code list}. */
@Command(
    name = "lucca",
    mixinStandardHelpOptions = true,
    description = "Calls Lucca's management API.",
    subcommands = {LuccaCommand.Endpoint.class, CommandLine.HelpCommand.class})
final class LuccaCommand implements Runnable {

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** {@code hookline lucca endpoint}: the webhook endpoints of a tenant. */
  @Command(
      name = "endpoint",
      mixinStandardHelpOptions = true,
      description = "Creates and lists webhook endpoints.",
      subcommands = {Create.class, ListEndpoints.class, CommandLine.HelpCommand.class})
  static final class Endpoint implements Runnable {

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
  }

  /**
   * {@code hookline lucca endpoint create}: prints the new endpoint and, once, its secret, or
   * stores the secret in a JDBC secret vault and prints its id.
   */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Creates a webhook endpoint and prints it with its signing secret.",
        "Lucca returns the secret only in this answer: it is printed once, on the line"
            + " 'secret (shown once, store it now): …', and nowhere else.",
        "With --vault-url the secret is stored in the JDBC secret vault instead, for the tenant"
            + " of the receiver's endpoint, and only its id is printed. The vault is checked"
            + " before the endpoint is created; if storing fails all the same, the endpoint is"
            + " deleted (if that fails too, the secret is printed so that it is not lost)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:created (and stored)",
        "1:Lucca refused or could not be reached, or the vault failed (an endpoint it created is"
            + " deleted again)",
        "2:usage"
      })
  static final class Create implements Callable<Integer> {

    /** The start of the one line that carries the secret. */
    static final String SECRET_LINE = "secret (shown once, store it now): ";

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    LuccaApiOptions api;

    @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "Where Lucca posts the events; must be https.")
    URI url;

    @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
    @Option(
        names = "--topic",
        required = true,
        paramLabel = "TOPIC",
        description = "A topic to subscribe to, e.g. employee.created; repeatable.")
    List<String> topics;

    @Option(names = "--name", paramLabel = "NAME", description = "A display name.")
    @Nullable String name;

    @Option(
        names = "--api-version",
        paramLabel = "VERSION",
        description = "The API version of the events' data; default " + LuccaClient.API_VERSION)
    @Nullable String apiVersion;

    @Option(
        names = "--content-type",
        paramLabel = "TYPE",
        description = "default or cloudEvents; default: default.")
    @Nullable String contentType;

    @ArgGroup(
        exclusive = false,
        heading = "%nStoring the secret in a JDBC secret vault instead of printing it:%n")
    @Nullable VaultOptions vaultOptions;

    @Override
    public Integer call() {
      CommandLine cmd = spec.commandLine();
      EndpointCreation creation = creation(cmd);
      LuccaClient client = api.client(cmd);
      JdbcSecretVault vault = vaultOptions == null ? null : vaultOptions.vault(cmd);
      CreatedEndpoint created = client.createEndpoint(creation);
      WebhookEndpoint endpoint = created.endpoint();
      PrintWriter out = cmd.getOut();
      out.println("created endpoint " + endpoint.id());
      if (endpoint.name() != null) {
        out.println("  name:    " + endpoint.name());
      }
      out.println("  url:     " + endpoint.webhookUrl());
      out.println("  topics:  " + String.join(", ", endpoint.topics()));
      out.println("  status:  " + endpoint.status());
      out.println("  content: " + endpoint.contentType());
      if (vault == null || vaultOptions == null) {
        out.println(SECRET_LINE + created.secret());
        out.flush();
        return 0;
      }
      String secretId;
      try {
        secretId =
            ShownOnceSecrets.keep(
                vault,
                vaultOptions.endpoint,
                vaultOptions.tenant,
                endpoint.id(),
                created::secret,
                () -> client.deleteEndpoint(endpoint.id()));
      } catch (ProvisioningException e) {
        out.flush();
        return undone(cmd, created, e);
      }
      out.println(
          "stored secret "
              + secretId
              + " for tenant "
              + vaultOptions.tenant
              + " of endpoint "
              + vaultOptions.endpoint
              + " in the vault");
      out.flush();
      return 0;
    }

    /**
     * Reports a secret that could not be stored and the endpoint deleted for it; if that endpoint
     * could not be deleted either, prints the secret, the only copy there is.
     */
    private static int undone(CommandLine cmd, CreatedEndpoint created, ProvisioningException e) {
      String id = e.endpointId();
      // ShownOnceSecrets.keep gives the storing failure as the cause.
      Throwable storing = Objects.requireNonNullElse(e.getCause(), e);
      PrintWriter err = cmd.getErr();
      err.println("hookline: storing the secret failed: " + storing.getMessage());
      if (e.endpointDeleted()) {
        err.println("hookline: endpoint " + id + " was deleted; run the command again");
        err.flush();
        return HooklineCommand.REJECTED;
      }
      // The failed deletions are suppressed by the storing failure, the last one last.
      Throwable[] deleting = storing.getSuppressed();
      err.println(
          "hookline: deleting endpoint "
              + id
              + " failed too"
              + (deleting.length == 0 ? "" : ": " + deleting[deleting.length - 1].getMessage()));
      err.println(
          "hookline: endpoint "
              + id
              + " is left; store its secret by hand, or delete the endpoint in Lucca");
      err.flush();
      cmd.getOut().println(SECRET_LINE + created.secret());
      cmd.getOut().flush();
      return HooklineCommand.REJECTED;
    }

    private EndpointCreation creation(CommandLine cmd) {
      try {
        EndpointCreation creation = EndpointCreation.of(url, topics);
        if (name != null) {
          creation = creation.withName(name);
        }
        if (apiVersion != null) {
          creation = creation.withApiVersion(apiVersion);
        }
        if (contentType != null) {
          if (!contentType.equals("default") && !contentType.equals("cloudEvents")) {
            throw new IllegalArgumentException(
                "--content-type must be default or cloudEvents, but was " + contentType);
          }
          creation = creation.withContentType(contentType);
        }
        return creation;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, e.getMessage());
      }
    }
  }

  /** {@code hookline lucca endpoint list}: one line per endpoint. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = "Lists the webhook endpoints: id, status, URL and topics, one per line.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:listed", "1:Lucca refused or could not be reached", "2:usage"})
  static final class ListEndpoints implements Callable<Integer> {

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @SuppressWarnings("NullAway.Init") // picocli injects it
    @Mixin
    LuccaApiOptions api;

    @Override
    public Integer call() {
      CommandLine cmd = spec.commandLine();
      PrintWriter out = cmd.getOut();
      int count = 0;
      try (Stream<WebhookEndpoint> endpoints = api.client(cmd).endpoints()) {
        Iterator<WebhookEndpoint> iterator = endpoints.iterator();
        while (iterator.hasNext()) {
          WebhookEndpoint endpoint = iterator.next();
          out.println(
              endpoint.id()
                  + "  "
                  + endpoint.status()
                  + "  "
                  + endpoint.webhookUrl()
                  + "  "
                  + String.join(",", endpoint.topics()));
          count++;
        }
      }
      out.println(count + (count == 1 ? " endpoint" : " endpoints"));
      out.flush();
      return 0;
    }
  }
}
