package dev.hookline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--provider",
      required = true,
      description = "lucca, standard-webhooks, github or stripe.")
  String provider;

  @Option(
      names = "--secret",
      defaultValue = "${env:HOOKLINE_SECRET}",
      description = "The endpoint secret; default: $HOOKLINE_SECRET.")
  String secret;

  @Option(
      names = "--file",
      required = true,
      description = "The body file, signed byte for byte ('-' for stdin).")
  Path file;

  @Option(names = "--timestamp", description = "ISO-8601 or Unix seconds; default now.")
  String timestamp;

  @Option(
      names = "--id",
      description = "The message id (Standard Webhooks); default from the body.")
  String id;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    String name = Inputs.provider(cmd, provider);
    byte[] body = Inputs.read(cmd, file);
    var signer = Inputs.signer(cmd, name, secret);
    var at = Inputs.instant(cmd, timestamp, "--timestamp");
    var headers = id == null ? signer.sign(body, at) : signer.sign(id, body, at);
    PrintWriter out = cmd.getOut();
    headers.forEach((header, value) -> out.println(header + ": " + value));
    out.flush();
    return 0;
  }
}
