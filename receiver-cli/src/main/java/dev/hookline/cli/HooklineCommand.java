package dev.hookline.cli;

import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hookline} root command. Exit codes: 0 done, 1 rejected (a non-2xx answer, an invalid
 * signature or a failed delivery), 2 usage error.
 */
@Command(
    name = "hookline",
    mixinStandardHelpOptions = true,
    versionProvider = HooklineCommand.Version.class,
    description = {
      "Send, sign and verify webhook deliveries the way providers do;",
      "create Lucca endpoints and replay failed deliveries to your application.",
      "",
      "--provider takes the id or alias of a provider of Hookline's registry: the built-ins and,"
          + " since this command opts in to plugins, those of every ProviderPlugin listed in"
          + " META-INF/services/dev.hookline.receiver.provider.ProviderPlugin on the class path"
          + " (java -cp hookline.jar:your-plugin.jar dev.hookline.cli.HooklineCommand …)."
    },
    subcommands = {
      SendCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      FixturesCommand.class,
      LuccaCommand.class,
      ReplayCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:rejected: a non-2xx answer, an invalid signature, a provider API error, or the request"
          + " could not be sent",
      "2:usage error"
    })
public final class HooklineCommand implements Runnable {

  /** Exit code of a rejected delivery or signature. */
  static final int REJECTED = 1;

  /** Exit code of a usage error (picocli's default). */
  static final int USAGE = CommandLine.ExitCode.USAGE;

  @SuppressWarnings("NullAway.Init") // picocli injects it
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final UnaryOperator<String> environment;

  /** Created by picocli; reads the process environment. */
  public HooklineCommand() {
    this(System::getenv);
  }

  private HooklineCommand(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and tests. */
  static CommandLine commandLine() {
    return commandLine(System::getenv);
  }

  /** The configured command line reading environment variables from {@code environment}. */
  static CommandLine commandLine(UnaryOperator<String> environment) {
    CommandLine commandLine = new CommandLine(new HooklineCommand(environment));
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr().println("hookline: " + exception.getMessage());
          return REJECTED;
        });
    return commandLine;
  }

  /** The root command of {@code cmd}, a subcommand of {@code hookline} at any depth. */
  static HooklineCommand of(CommandLine cmd) {
    return (HooklineCommand) cmd.getCommandSpec().root().userObject();
  }

  /** The value of an environment variable, or null when it is not set. */
  @Nullable String environment(String name) {
    return environment.apply(name);
  }

  /** Without a subcommand: print the usage and answer 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The version from the jar manifest, if any. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = HooklineCommand.class.getPackage().getImplementationVersion();
      return new String[] {"hookline " + (version == null ? "development" : version)};
    }
  }
}
