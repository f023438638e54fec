package dev.hookline.cli;

import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.WebhookSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The signing options of {@code hookline replay}: which scheme signs each replayed body, with the
 * secret from {@value #SECRET_VARIABLE} only (never an option, so it stays out of shell history and
 * process lists; it is never printed either).
 */
final class ReplaySigning {

  /** The environment variable holding the secret every scheme signs with. */
  static final String SECRET_VARIABLE = "HOOKLINE_SECRET";

  /** A hex HMAC-SHA256 of the raw body in one header: the core HMAC verifier's defaults. */
  static final String HMAC = "hmac";

  @Option(
      names = "--sign-scheme",
      paramLabel = "SCHEME",
      description =
          "Signs each body now with $HOOKLINE_SECRET, as `hookline send` does: a provider with a"
              + " signature scheme (${COMPLETION-CANDIDATES}), or hmac (a hex HMAC-SHA256 of the"
              + " body keyed with the secret as UTF-8, in --sign-header). Default: lucca for"
              + " `replay lucca`, none for `replay arta`.",
      completionCandidates = ReplaySigning.Schemes.class)
  @Nullable String scheme;

  @Option(
      names = "--sign-header",
      paramLabel = "NAME",
      description = "With --sign-scheme hmac: the header carrying the signature.")
  @Nullable String header;

  /**
   * The signer of {@code --sign-scheme}, or of {@code defaultScheme} when it is not given; without
   * either (a null {@code defaultScheme}), a signer adding no header. Resolved before any request,
   * so that a usage error costs no API call.
   */
  @SuppressWarnings("NullAway") // checked: header is set whenever provider is null
  WebhookSigner signer(CommandLine cmd, @Nullable String defaultScheme) {
    String chosen = scheme != null ? scheme : defaultScheme;
    if (chosen == null) {
      if (header != null) {
        throw new CommandLine.ParameterException(cmd, "--sign-header needs --sign-scheme hmac");
      }
      return (id, body, at) -> Map.of();
    }
    Provider provider = null;
    if (!chosen.equalsIgnoreCase(HMAC)) {
      provider =
          Inputs.registry()
              .find(chosen)
              .filter(known -> known.scheme().isPresent())
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          cmd,
                          "Unknown --sign-scheme '" + chosen + "'; expected one of " + schemes()));
    }
    String name = provider == null ? HMAC : provider.id();
    if ((provider == null) != (header != null)) {
      throw new CommandLine.ParameterException(
          cmd,
          provider == null
              ? "--sign-scheme hmac needs --sign-header NAME"
              : "--sign-header applies to --sign-scheme hmac only");
    }
    String secret = HooklineCommand.of(cmd).environment(SECRET_VARIABLE);
    if (secret == null || secret.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd,
          "--sign-scheme "
              + name
              + " signs with the "
              + SECRET_VARIABLE
              + " environment variable, which is not set");
    }
    if (provider == null) {
      try {
        // The HTTP client refuses an invalid or restricted name: refuse it before any API call.
        HttpRequest.newBuilder(URI.create("http://localhost/")).header(header, "");
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            cmd, "Invalid --sign-header '" + header + "': " + e.getMessage());
      }
      return HmacSignature.builder().signatureHeader(header).scheme().signer(secret);
    }
    return Inputs.signer(cmd, provider, secret);
  }

  /** The ids of the providers with a signature scheme, then {@value #HMAC}. */
  static List<String> schemes() {
    List<String> schemes = new ArrayList<>();
    for (Provider provider : Inputs.registry().providers()) {
      if (provider.scheme().isPresent()) {
        schemes.add(provider.id());
      }
    }
    schemes.add(HMAC);
    return schemes;
  }

  /** The values {@code --sign-scheme} takes, for help and completion. */
  static final class Schemes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return schemes().iterator();
    }
  }
}
