package dev.hookline.cli;

import dev.hookline.receiver.fixtures.Fixture;
import dev.hookline.receiver.fixtures.Fixtures;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hookline fixtures}: lists the ready payloads, or prints one. */
@Command(
    name = "fixtures",
    mixinStandardHelpOptions = true,
    description = "Lists the ready payloads per provider, or prints one with --show.")
final class FixturesCommand implements Callable<Integer> {

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--provider",
      description = "Only this provider's fixtures: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Inputs.ProviderIds.class)
  @Nullable String provider;

  @Option(
      names = "--show",
      paramLabel = "NAME",
      description = "Print this fixture's headers and body.")
  @Nullable String show;

  @Option(names = "--cloudevents", paramLabel = "FRAMING", description = "With --show, Lucca only.")
  @Nullable String cloudEvents;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PrintWriter out = cmd.getOut();
    if (show != null) {
      if (provider == null) {
        throw new CommandLine.ParameterException(cmd, "--show needs --provider");
      }
      Fixture fixture = Inputs.fixture(cmd, Inputs.provider(cmd, provider), show, cloudEvents);
      fixture.headers().forEach((header, value) -> out.println(header + ": " + value));
      out.println();
      out.println(fixture.bodyText());
    } else {
      List<String> providers =
          provider == null ? Inputs.registry().ids() : List.of(Inputs.provider(cmd, provider).id());
      for (String name : providers) {
        out.println(name + ":");
        List<Fixture> fixtures = Fixtures.of(name);
        fixtures.forEach(fixture -> out.println("  " + fixture.name()));
        if (fixtures.isEmpty()) {
          out.println("  (none: send a body with --file)");
        }
      }
      out.println();
      out.println("Lucca fixtures also come framed: --cloudevents structured|binary|batch");
    }
    out.flush();
    return 0;
  }
}
