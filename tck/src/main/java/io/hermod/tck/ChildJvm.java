package io.hermod.tck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker node (or any test helper) in a JVM of its own, for fixtures that must kill a process
 * with {@code kill -9}: started with this JVM's {@code java} binary and the test class path, its
 * output appended to a log file, killed with {@link Process#destroyForcibly()} ({@code SIGKILL} on
 * Linux). The child's standard input stays a pipe held by this JVM; a child main that calls {@link
 * #haltWhenParentExits()} halts once this JVM is gone, so no broker outlives a killed build.
 *
 * <p>Thread-safe (all methods synchronized).
 *
 * @since 0.4
 */
public final class ChildJvm {

  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  private ChildJvm(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  /**
   * A child JVM running {@code mainClass} from the test class path, not started yet.
   *
   * @param mainClass the class whose {@code main} runs
   * @param jvmOptions options before the class name, e.g. {@code -Xmx256m}
   * @param args the program's arguments
   * @param log the file the child's standard output and error are appended to
   * @return the child, started by {@link #start()}
   */
  public static ChildJvm of(
      Class<?> mainClass, List<String> jvmOptions, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add(mainClass.getName());
    command.addAll(args);
    return new ChildJvm(mainClass.getSimpleName(), command, log);
  }

  /**
   * Starts the process if it does not run; after {@link #kill()} it starts again with the same
   * command and log.
   *
   * @throws IOException if the process cannot start
   */
  public synchronized void start() throws IOException {
    if (alive()) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    // Through the environment, not -cp: surefire's class path can exceed a command line's length.
    pb.environment().put("CLASSPATH", testClassPath());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
  }

  /**
   * Whether the process runs.
   *
   * @return {@code true} between {@link #start()} and its end
   */
  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * Kills the process with {@code SIGKILL} and waits until it is gone (at most 30 s).
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the process survives
   */
  public synchronized void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child JVM " + process.pid() + " survived kill -9");
    }
    process = null;
  }

  /**
   * The exit status of a process that ended by itself, for failure messages.
   *
   * @return e.g. {@code "exited with 1"}, or {@code "running"} / {@code "not started"}
   */
  public synchronized String status() {
    if (process == null) {
      return "not started";
    }
    return process.isAlive() ? "running" : "exited with " + process.exitValue();
  }

  /**
   * The last lines of the child's log, for failure messages.
   *
   * @param lines how many
   * @return the lines, joined
   */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log " + log + ": " + e + ")";
    }
  }

  /**
   * For the child's {@code main}: halts the child JVM once its standard input ends, which happens
   * when the parent that started it through {@link ChildJvm} is gone (killed included).
   */
  public static void haltWhenParentExits() {
    Thread watchdog =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // the parent never writes; end of input means it is gone
                }
              } catch (IOException e) {
                // the pipe broke: the parent is gone too
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  @Override
  public synchronized String toString() {
    return name + (process == null ? " (not running)" : " pid " + process.pid());
  }
}
