package dev.hookline.cli;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.fixtures.CloudEventsFraming;
import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.Fixtures;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.registry.ProviderRegistry;
import dev.hookline.receiver.signature.WebhookSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Turns option values into fixtures, bodies, signers and instants; bad input is a usage error. */
final class Inputs {

  private Inputs() {}

  /**
   * The providers the command line knows: Hookline's built-ins and those of every {@link
   * dev.hookline.receiver.provider.ProviderPlugin} listed in {@code META-INF/services} on the class
   * path. The command line is an application, so it opts in to plugins here.
   */
  static ProviderRegistry registry() {
    return ProviderRegistry.builtIns().installPlugins();
  }

  /**
   * The provider with this id or alias, ignoring case; another name is a usage error listing the
   * known ids.
   */
  static Provider provider(CommandLine cmd, String text) {
    ProviderRegistry registry = registry();
    return registry
        .find(text)
        .orElseThrow(
            () ->
                new ParameterException(
                    cmd, "Unknown provider '" + text + "'; expected one of " + registry.ids()));
  }

  /**
   * The provider's signer with the secret; a provider without a signature scheme (Arta) signs
   * nothing.
   */
  static WebhookSigner signer(CommandLine cmd, Provider provider, @Nullable String secret) {
    if (provider.scheme().isEmpty()) {
      return (id, body, at) -> Map.of();
    }
    if (secret == null || secret.isEmpty()) {
      throw new ParameterException(
          cmd, "Missing --secret (or the HOOKLINE_SECRET environment variable)");
    }
    try {
      return provider.scheme().orElseThrow().signer(secret);
    } catch (WebhookConfigurationException e) {
      throw new ParameterException(
          cmd, "Invalid secret for " + provider.id() + ": " + e.getMessage());
    }
  }

  /** The ids {@code --provider} takes, for help and completion: see {@link #registry()}. */
  static final class ProviderIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return registry().ids().iterator();
    }
  }

  static Fixture fixture(
      CommandLine cmd, Provider provider, String name, @Nullable String framing) {
    if (provider.id().equals("lucca")) {
      try {
        return LuccaFixtures.forTopic(name).fixture(framing(cmd, framing));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd, e.getMessage());
      }
    }
    if (framing != null) {
      throw new ParameterException(cmd, "--cloudevents applies to Lucca only");
    }
    return Fixtures.find(provider.id(), name)
        .orElseThrow(
            () ->
                new ParameterException(
                    cmd,
                    "No "
                        + provider.id()
                        + " fixture named '"
                        + name
                        + "'; see `hookline fixtures --provider "
                        + provider.id()
                        + "`"));
  }

  static CloudEventsFraming framing(CommandLine cmd, @Nullable String framing) {
    if (framing == null) {
      return CloudEventsFraming.NONE;
    }
    try {
      return CloudEventsFraming.of(framing);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          cmd, "Invalid --cloudevents '" + framing + "'; expected structured, binary or batch");
    }
  }

  /** A file as the body: the bytes exactly as stored, no newline added or removed. */
  static Fixture file(
      CommandLine cmd,
      Provider provider,
      Path file,
      @Nullable String framing,
      @Nullable String id) {
    byte[] body = read(cmd, file);
    Map<String, String> headers = new LinkedHashMap<>();
    switch (framing(cmd, framing)) {
      case NONE -> headers.put("Content-Type", "application/json");
      case STRUCTURED -> headers.put("Content-Type", "application/cloudevents+json");
      case BATCH -> headers.put("Content-Type", "application/cloudevents-batch+json");
      case BINARY ->
          throw new ParameterException(
              cmd, "--cloudevents binary needs a --fixture (its ce-* headers come from the event)");
      default -> throw new IllegalStateException();
    }
    String messageId = id != null ? id : WebhookSigner.idFor(body);
    if (provider.id().equals("github")) {
      headers.put("X-GitHub-Event", "ping");
      headers.put("X-GitHub-Delivery", messageId);
    }
    return new Fixture(provider.id(), file.getFileName().toString(), messageId, headers, body);
  }

  static byte[] read(CommandLine cmd, Path file) {
    try {
      return file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParameterException(cmd, "Cannot read " + file + ": " + e.getMessage());
    }
  }

  /** ISO-8601 ({@code 2025-01-01T08:34:23Z}) or Unix seconds; null means now. */
  static Instant instant(CommandLine cmd, @Nullable String text, String option) {
    if (text == null) {
      return Instant.now();
    }
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochSecond(Long.parseLong(text))
          : Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ParameterException(
          cmd, "Invalid " + option + " '" + text + "'; use ISO-8601 or Unix seconds");
    }
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhdw])");

  /**
   * A start instant: ISO-8601 ({@code 2025-01-01T00:00:00Z}), a date ({@code 2025-01-01}, midnight
   * UTC), or a duration back from {@code now} ({@code 90s}, {@code 30m}, {@code 6h}, {@code 2d},
   * {@code 1w}, or ISO-8601 {@code PT6H}). A future instant is a usage error.
   */
  static Instant since(CommandLine cmd, String text, Instant now) {
    Instant since;
    try {
      Matcher matcher = SHORT_DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        Duration unit =
            switch (matcher.group(2)) {
              case "s" -> Duration.ofSeconds(1);
              case "m" -> Duration.ofMinutes(1);
              case "h" -> Duration.ofHours(1);
              case "d" -> Duration.ofDays(1);
              default -> Duration.ofDays(7);
            };
        since = now.minus(unit.multipliedBy(amount));
      } else if (text.startsWith("P") || text.startsWith("p")) {
        since = now.minus(Duration.parse(text).abs());
      } else if (text.length() == 10) {
        since = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else {
        since = Instant.parse(text);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new ParameterException(
          cmd,
          "Invalid --since '"
              + text
              + "'; use an instant (2025-01-01T00:00:00Z), a date (2025-01-01) or a duration"
              + " back from now (6h, 30m, 2d, PT6H)");
    }
    if (since.isAfter(now)) {
      throw new ParameterException(cmd, "--since must not be in the future, but was " + since);
    }
    return since;
  }

  /** {@code Name: value} or {@code Name=value}. */
  static Map.Entry<String, String> header(CommandLine cmd, String text) {
    int colon = text.indexOf(':');
    int equals = text.indexOf('=');
    int at = colon > 0 && (equals < 0 || colon < equals) ? colon : equals;
    if (at <= 0) {
      throw new ParameterException(cmd, "Invalid header '" + text + "'; use 'Name: value'");
    }
    return Map.entry(text.substring(0, at).trim(), text.substring(at + 1).trim());
  }
}
