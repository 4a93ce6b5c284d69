package io.hermod.cli;

import io.hermod.cli.internal.ConfigReferenceCommand;
import io.hermod.cli.internal.DemoCommand;
import io.hermod.cli.internal.DlqCommand;
import io.hermod.cli.internal.ExitCodes;
import io.hermod.cli.internal.SendCommand;
import io.hermod.cli.internal.StatsCommand;
import io.hermod.cli.internal.TailCommand;
import io.hermod.cli.internal.TckCommand;
import io.hermod.cli.internal.UsageErrors;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code hermod} command: {@code demo}, {@code tck}, {@code send} and {@code tail} on any
 * binding.
 *
 * <p>Exit codes: {@code 0} success, {@code 1} failures found (a failed TCK scenario, a demo step
 * that did not complete, fewer messages than asked for), {@code 2} usage or configuration error,
 * {@code 3} broker unreachable. Each invocation builds its own command tree, so {@link #execute}
 * may be called from several threads at once.
 *
 * @since 0.1
 */
@Command(
    name = "hermod",
    mixinStandardHelpOptions = true,
    versionProvider = HermodCli.Version.class,
    description =
        "Write messaging code once; choose Artemis, Kafka, SQS or in-memory at deploy time.",
    subcommands = {
      DemoCommand.class,
      TckCommand.class,
      SendCommand.class,
      TailCommand.class,
      StatsCommand.class,
      DlqCommand.class,
      ConfigReferenceCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failures found, 2 usage or configuration error, 3 broker unreachable.",
      "Start with: hermod demo"
    })
public final class HermodCli implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** For picocli. */
  public HermodCli() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(out, err, args));
  }

  /**
   * Runs the command line without exiting the JVM.
   *
   * @param out where results and narration go
   * @param err where errors go
   * @param args the arguments
   * @return the exit code: 0 ok, 1 failures found, 2 usage or configuration error, 3 broker
   *     unreachable
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new HermodCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(ExitCodes::of);
    cli.setExecutionExceptionHandler(ExitCodes::report);
    cli.setParameterExceptionHandler(new UsageErrors());
    cli.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Without a command: show what there is, and fail as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = HermodCli.class.getPackage().getImplementationVersion();
      return new String[] {"hermod " + (v == null ? "development build" : v)};
    }
  }
}
