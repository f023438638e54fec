package dev.hookline.cli;

import dev.hookline.receiver.provider.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hookline sign}: prints the headers a provider would send with a body. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description =
        "Prints the signature headers the provider would send with the body, one per line.")
final class SignCommand implements Callable<Integer> {

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
  @Option(
      names = "--provider",
      required = true,
      description =
          "A provider id or alias: ${COMPLETION-CANDIDATES}. One without a signature scheme"
              + " (arta) signs nothing.",
      completionCandidates = Inputs.ProviderIds.class)
  String provider;

  @Option(
      names = "--secret",
      defaultValue = "${env:HOOKLINE_SECRET}",
      description = "The endpoint secret; default: $HOOKLINE_SECRET.")
  @Nullable String secret;

  @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
  @Option(
      names = "--file",
      required = true,
      description = "The body file, signed byte for byte ('-' for stdin).")
  Path file;

  @Option(names = "--timestamp", description = "ISO-8601 or Unix seconds; default now.")
  @Nullable String timestamp;

  @Option(
      names = "--id",
      description = "The message id (Standard Webhooks); default from the body.")
  @Nullable String id;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    Provider chosen = Inputs.provider(cmd, provider);
    byte[] body = Inputs.read(cmd, file);
    var signer = Inputs.signer(cmd, chosen, secret);
    var at = Inputs.instant(cmd, timestamp, "--timestamp");
    var headers = id == null ? signer.sign(body, at) : signer.sign(id, body, at);
    PrintWriter out = cmd.getOut();
    headers.forEach((header, value) -> out.println(header + ": " + value));
    out.flush();
    return 0;
  }
}
