package io.hermod.cli.internal;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.UnsupportedCapabilityException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The exit codes of the {@code hermod} command and the mapping of errors to them. Stateless and
 * thread-safe.
 */
public final class ExitCodes {

  /** Everything worked. */
  public static final int OK = 0;

  /** The command ran and found failures (failed scenarios, missing messages, a demo step). */
  public static final int FAILURES = 1;

  /** Bad arguments or configuration: fix the command line or the config file. */
  public static final int USAGE = 2;

  /** The broker could not be reached. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}

  /**
   * The exit code for an error escaping a command.
   *
   * @param error the error
   * @return {@link #USAGE} for configuration and credential errors, {@link #UNREACHABLE} for
   *     connection errors and timeouts, {@link #FAILURES} otherwise
   */
  public static int of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      // AuthenticationException is a ConnectionException, but the fix is in the configuration.
      if (t instanceof ConfigurationException
          || t instanceof AuthenticationException
          || t instanceof UnsupportedCapabilityException
          || t instanceof CommandLine.ParameterException) {
        return USAGE;
      }
      if (t instanceof ConnectionException || t instanceof MessagingTimeoutException) {
        return UNREACHABLE;
      }
    }
    return FAILURES;
  }

  /**
   * Prints an error escaping a command (its message, which names the key, value and fix) and
   * returns its exit code. Hermod's own errors are printed without a stack trace: their message is
   * the whole story. Anything else is a bug and keeps its trace.
   *
   * @param error the error
   * @param cli the command that failed
   * @param parseResult the parsed arguments
   * @return the exit code
   */
  public static int report(
      Exception error, CommandLine cli, CommandLine.@Nullable ParseResult parseResult) {
    int code = of(error);
    MessagingException hermod = hermodError(error);
    if (hermod != null) {
      String hint =
          code == UNREACHABLE
              ? System.lineSeparator()
                  + "hint: is the broker running, and does the config point at it?"
              : "";
      cli.getErr().println("hermod " + cli.getCommandName() + ": " + hermod.getMessage() + hint);
    } else {
      cli.getErr().println("hermod " + cli.getCommandName() + ": unexpected error");
      error.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return code;
  }

  private static @Nullable MessagingException hermodError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MessagingException m) {
        return m;
      }
    }
    return null;
  }
}
