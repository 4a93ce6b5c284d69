package io.hermod.cli.internal;

import io.hermod.spi.support.Suggestions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command line picocli could not parse: one line naming what was wrong and, for an
 * unknown option or command, the closest known one (as a misspelled binding name gets), then where
 * the help is. Exit code {@link ExitCodes#USAGE}. Stateless and thread-safe.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  /** For {@link io.hermod.cli.HermodCli}. */
  public UsageErrors() {}

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine cli = error.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(qualifiedName(cli) + ": " + describe(error, args));
    err.println("see '" + qualifiedName(cli) + " --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * The problem in one sentence, with a "did you mean" where a known name is close.
   *
   * @param error the parse failure
   * @param args the whole command line
   * @return e.g. {@code unknown option '--step-timout'; did you mean '--step-timeout'?}
   */
  static String describe(ParameterException error, String[] args) {
    CommandSpec spec = error.getCommandLine().getCommandSpec();
    if (!(error instanceof UnmatchedArgumentException unmatched)
        || unmatched.getUnmatched().isEmpty()) {
      // picocli reports a missing required option before an unknown one, but the unknown one is
      // usually the cause: "--chanel orders" is why "--channel" is missing.
      return unknownLongOption(spec, args)
          .map(o -> unknownOption(spec, o) + " (" + error.getMessage() + ")")
          .orElse(error.getMessage());
    }
    String arg = unmatched.getUnmatched().get(0);
    if (arg.startsWith("-") && arg.length() > 1) {
      return unknownOption(spec, optionName(arg));
    }
    if (!spec.subcommands().isEmpty()) {
      return "unknown command '"
          + arg
          + "'"
          + didYouMean(arg, spec.subcommands().keySet().stream());
    }
    return "unexpected argument '" + arg + "'";
  }

  private static String unknownOption(CommandSpec spec, String option) {
    return "unknown option '" + option + "'" + didYouMean(option, optionNames(spec, option));
  }

  /** "--step-timout=5s" names the option "--step-timout". */
  private static String optionName(String arg) {
    return arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
  }

  /** The first {@code --name} in the arguments that neither the command nor a parent knows. */
  private static Optional<String> unknownLongOption(CommandSpec spec, String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        break; // what follows is positional, whatever it looks like
      }
      if (arg.startsWith("--") && !known(spec, optionName(arg))) {
        return Optional.of(optionName(arg));
      }
    }
    return Optional.empty();
  }

  private static boolean known(CommandSpec spec, String option) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      if (s.optionsMap().containsKey(option)) {
        return true;
      }
    }
    return false;
  }

  /** Long options are compared with long options, short with short: "-x" is no typo of "-b". */
  private static Stream<String> optionNames(CommandSpec spec, String option) {
    boolean longForm = option.startsWith("--");
    return spec.optionsMap().keySet().stream().filter(n -> n.startsWith("--") == longForm);
  }

  private static String didYouMean(String input, Stream<String> candidates) {
    // A single-letter option has no plausible typo: every other letter is one edit away.
    if (input.length() <= 2) {
      return "";
    }
    List<String> known = candidates.sorted().toList();
    Optional<String> closest = Suggestions.closest(input, known);
    return closest.map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  /** {@code hermod} or {@code hermod tail}. */
  private static String qualifiedName(CommandLine cli) {
    return cli.getCommandSpec().qualifiedName();
  }
}
