package dev.hookline.cli;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.Reason;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hookline verify}: checks captured headers and a body with the core verifier and, when the
 * signature does not match, says why and what to try.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a captured delivery (headers + body file) with the provider's verifier.",
      "When it fails, prints the reason and the likely cause."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the signature is valid", "1:the delivery is rejected", "2:usage"})
final class VerifyCommand implements Callable<Integer> {

  /** A tolerance so wide that only the signature itself is checked. */
  private static final Duration ANY_TIME = Duration.ofDays(365L * 100);

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @SuppressWarnings("NullAway.Init") // a required option: picocli sets it
  @Option(
      names = "--provider",
      required = true,
      description = "A provider id or alias: ${COMPLETION-CANDIDATES}.",
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
      description = "The body exactly as received ('-' for stdin).")
  Path file;

  @Option(
      names = {"-H", "--header"},
      description = "A captured header 'Name: value'; repeatable.")
  List<String> headers = List.of();

  @Option(
      names = "--headers-file",
      description = "A file of captured 'Name: value' lines (e.g. copied from a request log).")
  @Nullable Path headersFile;

  @Option(
      names = "--at",
      description = "Check timestamps against this time (ISO-8601 or Unix seconds); default now.")
  @Nullable String at;

  @SuppressWarnings("NullAway.Init") // picocli sets it, to its default when not given
  @Option(
      names = "--tolerance",
      defaultValue = "PT5M",
      description = "Accepted clock distance (ISO-8601 duration); default ${DEFAULT-VALUE}.")
  Duration tolerance;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    Provider chosen = Inputs.provider(cmd, provider);
    String name = chosen.id();
    SignatureScheme scheme =
        chosen
            .scheme()
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        cmd,
                        Character.toUpperCase(name.charAt(0))
                            + name.substring(1)
                            + " documents no signature to verify"));
    if (secret == null || secret.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd, "Missing --secret (or the HOOKLINE_SECRET environment variable)");
    }
    byte[] body = Inputs.read(cmd, file);
    List<Map.Entry<String, String>> captured = captured(cmd);
    Instant now = Inputs.instant(cmd, at, "--at");
    PrintWriter out = cmd.getOut();

    Verification verification = verify(cmd, scheme, captured, body, now, tolerance);
    if (verification.isValid()) {
      out.println("valid: the " + name + " signature matches");
      out.flush();
      return 0;
    }
    out.println("rejected: " + verification.reason().orElseThrow() + ": " + verification.detail());
    for (String hint : hints(cmd, scheme, name, captured, body, now, verification)) {
      out.println("  hint: " + hint);
    }
    out.flush();
    return HooklineCommand.REJECTED;
  }

  @SuppressWarnings("NullAway") // call() checked that the secret is set
  private List<String> hints(
      CommandLine cmd,
      SignatureScheme scheme,
      String name,
      List<Map.Entry<String, String>> captured,
      byte[] body,
      Instant now,
      Verification verification) {
    List<String> hints = new ArrayList<>();
    Reason reason = verification.reason().orElseThrow();
    switch (reason) {
      case MISSING_HEADER ->
          hints.add(
              "headers given: "
                  + captured.stream().map(Map.Entry::getKey).toList()
                  + "; pass each captured header with -H 'Name: value' or --headers-file");
      case MALFORMED_HEADER ->
          hints.add("copy the header value exactly, without quotes or a trailing semicolon");
      case TIMESTAMP_OUT_OF_WINDOW -> {
        if (verify(cmd, scheme, captured, body, now, ANY_TIME).isValid()) {
          hints.add(
              "the signature itself matches: only the timestamp is outside ±"
                  + tolerance
                  + ". The capture is old or the clocks differ; check it with --at <its"
                  + " timestamp>");
        }
      }
      case NO_MATCHING_SIGNATURE -> {
        byte[] trimmed = withoutTrailingNewlines(body);
        if (trimmed.length != body.length
            && verify(cmd, scheme, captured, trimmed, now, ANY_TIME).isValid()) {
          hints.add(
              "the signature matches the body WITHOUT its trailing newline: the file gained one"
                  + " (editors and shells add it); deliveries are signed byte for byte");
        } else {
          hints.add(
              "the body must be the raw bytes as received: pretty-printing, re-serialising JSON,"
                  + " another key order or charset changes the signature");
          hints.add(
              "check the secret: the one returned when the endpoint was created (or the previous"
                  + " one during a rotation), with no surrounding spaces or quotes");
          if (secret.startsWith("whsec_")) {
            hints.add(
                name.equals("stripe")
                    ? "Stripe keys the HMAC with the whole whsec_ string; if the sender is Svix or"
                        + " Standard Webhooks, use --provider standard-webhooks"
                    : "Standard Webhooks base64-decodes what follows whsec_; if the sender is"
                        + " Stripe, use --provider stripe");
          }
        }
      }
      default -> {}
    }
    return hints;
  }

  @SuppressWarnings("NullAway") // call() checked that the secret is set
  private Verification verify(
      CommandLine cmd,
      SignatureScheme scheme,
      List<Map.Entry<String, String>> captured,
      byte[] body,
      Instant now,
      Duration window) {
    WebhookRequest.Builder request = WebhookRequest.builder().body(body);
    captured.forEach(entry -> request.header(entry.getKey(), entry.getValue()));
    SignatureVerifier verifier;
    try {
      verifier =
          scheme.withTolerance(window).withClock(Clock.fixed(now, ZoneOffset.UTC)).verifier(secret);
    } catch (WebhookConfigurationException e) {
      throw new CommandLine.ParameterException(cmd, "Invalid --secret: " + e.getMessage());
    }
    return verifier.verify(request.build());
  }

  private List<Map.Entry<String, String>> captured(CommandLine cmd) {
    List<Map.Entry<String, String>> captured = new ArrayList<>();
    if (headersFile != null) {
      try {
        for (String line : Files.readAllLines(headersFile, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.startsWith("#")) {
            captured.add(Inputs.header(cmd, line));
          }
        }
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            cmd, "Cannot read " + headersFile + ": " + e.getMessage());
      }
    }
    headers.forEach(header -> captured.add(Inputs.header(cmd, header)));
    return captured;
  }

  private static byte[] withoutTrailingNewlines(byte[] body) {
    int end = body.length;
    while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
      end--;
    }
    return Arrays.copyOf(body, end);
  }
}
