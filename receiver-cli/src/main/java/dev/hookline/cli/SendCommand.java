package dev.hookline.cli;

import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.GitHubFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.github.GitHub;
import dev.hookline.receiver.provider.Provider;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hookline send}: signs a fixture or a file and posts it, printing status and body. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Signs a fixture or a file the way the provider does and POSTs it to a receiver.",
      "Prints each response's status and body; exits 1 if any answer is not 2xx."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every answer was 2xx",
      "1:an answer was not 2xx, or sending failed",
      "2:usage"
    })
final class SendCommand implements Callable<Integer> {

  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
  @Option(
      names = "--provider",
      required = true,
      description =
          "A provider id or alias: ${COMPLETION-CANDIDATES}. One without a signature scheme"
              + " (arta) is sent unsigned.",
      completionCandidates = Inputs.ProviderIds.class)
  String provider;

  @Option(
      names = "--secret",
      defaultValue = "${env:HOOKLINE_SECRET}",
      description = "The endpoint secret; default: $HOOKLINE_SECRET.")
  @Nullable String secret;

  @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
  @Option(names = "--url", required = true, description = "The receiver URL.")
  URI url;

  @SuppressWarnings("NullAway.Init") // a required group: picocli sets it
  @ArgGroup(multiplicity = "1")
  Body body;

  static final class Body {
    @Option(
        names = "--fixture",
        description = "A ready payload by name, e.g. employee.updated (see `hookline fixtures`).")
    @Nullable String fixture;

    @Option(names = "--file", description = "A body file, sent byte for byte ('-' for stdin).")
    @Nullable Path file;
  }

  @Option(
      names = "--cloudevents",
      paramLabel = "FRAMING",
      description =
          "Lucca only: structured, binary or batch (binary only reaches endpoints that enable"
              + " CloudEvents binary mode).")
  @Nullable String cloudEvents;

  @Option(
      names = "--form",
      description =
          "GitHub only: send the JSON as the one field, payload, of a form"
              + " (application/x-www-form-urlencoded), as a webhook of content type form does.")
  boolean form;

  @Option(
      names = "--times",
      defaultValue = "1",
      description = "How many times to deliver (a redelivery keeps the id); default 1.")
  int times;

  @Option(names = "--tamper", description = "Change the body after signing (expect 401).")
  boolean tamper;

  @Option(
      names = "--timestamp",
      description = "Sign at this time (ISO-8601 or Unix seconds) instead of now.")
  @Nullable String timestamp;

  @Option(names = "--id", description = "The message id (Standard Webhooks, files).")
  @Nullable String id;

  @Option(
      names = {"-H", "--header"},
      description = "An extra header 'Name: value'; repeatable.")
  List<String> headers = List.of();

  @Option(
      names = {"-v", "--verbose"},
      description = "Also print the request headers sent.")
  boolean verbose;

  @Override
  @SuppressWarnings("NullAway") // the --fixture/--file group is required and exclusive
  public Integer call() throws IOException, InterruptedException {
    CommandLine cmd = spec.commandLine();
    if (times < 1 || times > 100) {
      throw new CommandLine.ParameterException(cmd, "--times must be between 1 and 100");
    }
    Provider chosen = Inputs.provider(cmd, provider);
    Fixture fixture =
        body.fixture != null
            ? Inputs.fixture(cmd, chosen, body.fixture, cloudEvents)
            : Inputs.file(cmd, chosen, body.file, cloudEvents, id);
    if (id != null && body.fixture != null) {
      fixture = new Fixture(chosen.id(), fixture.name(), id, fixture.headers(), fixture.body());
    }
    if (form) {
      if (!chosen.id().equals(GitHub.PROVIDER.id())) {
        throw new CommandLine.ParameterException(cmd, "--form applies to github only");
      }
      fixture = GitHubFixtures.form(fixture);
    }
    SignedRequests request =
        SignedRequests.with(chosen.id(), Inputs.signer(cmd, chosen, secret)).event(fixture);
    if (timestamp != null) {
      request = request.at(Inputs.instant(cmd, timestamp, "--timestamp"));
    }
    if (tamper) {
      request = request.tampered();
    }
    for (String header : headers) {
      Map.Entry<String, String> entry = Inputs.header(cmd, header);
      request = request.header(entry.getKey(), entry.getValue());
    }
    PrintWriter out = cmd.getOut();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    boolean allOk = true;
    for (int attempt = 1; attempt <= times; attempt++) {
      Map<String, String> sent = request.headers();
      HttpRequest.Builder http =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
      sent.forEach(
          (header, value) -> {
            if (!RESTRICTED.contains(header.toLowerCase(Locale.ROOT))) {
              http.header(header, value);
            }
          });
      if (verbose) {
        out.println("> POST " + url);
        sent.forEach((header, value) -> out.println("> " + header + ": " + value));
      }
      HttpResponse<String> response;
      try {
        response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        cmd.getErr().println("hookline: cannot POST to " + url + ": " + e);
        return HooklineCommand.REJECTED;
      }
      out.println((times > 1 ? "#" + attempt + " " : "") + "HTTP " + response.statusCode());
      if (!response.body().isEmpty()) {
        out.println(response.body());
      }
      allOk &= response.statusCode() / 100 == 2;
    }
    out.flush();
    return allOk ? 0 : HooklineCommand.REJECTED;
  }
}
