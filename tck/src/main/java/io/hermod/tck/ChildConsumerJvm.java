package io.hermod.tck;

import io.hermod.api.Durability;
import io.hermod.tck.internal.ChildConsumer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A consumer in a JVM of its own ({@link ChildConsumer}), for the kill -9 scenario (C11): started
 * with this JVM's {@code java} binary and class path, killed with {@link Process#destroyForcibly()}
 * (SIGKILL on Linux). {@link #close()} kills it too and deletes its files, so a failing scenario
 * never leaves it running; the child also halts by itself once this JVM is gone or its lifetime is
 * over. Not thread-safe: one scenario drives it.
 */
final class ChildConsumerJvm implements AutoCloseable {

  private final Path dir;
  private final Path handled;
  private final Path ready;
  private final Path log;
  private final Process process;

  private ChildConsumerJvm(Path dir, Process process) {
    this.dir = dir;
    this.handled = dir.resolve("handled.txt");
    this.ready = dir.resolve("ready");
    this.log = dir.resolve("child.log");
    this.process = process;
  }

  /**
   * Starts the child consuming {@code channel}.
   *
   * @param config the fixture's configuration
   * @param channel the exactly-once queue, already declared by the kit
   * @param durability its durability as the kit declared it
   * @param prefetch the subscription's prefetch (its concurrency is 1)
   * @param handlerTime how long the handler works on each message
   * @param lifetime the longest the child may live
   */
  static ChildConsumerJvm start(
      Map<String, String> config,
      String channel,
      Durability durability,
      int prefetch,
      Duration handlerTime,
      Duration lifetime)
      throws IOException {
    Path dir = Files.createTempDirectory("hermod-tck-child-");
    Properties p = new Properties();
    p.putAll(config);
    p.setProperty(ChildConsumer.CHANNEL, channel);
    p.setProperty(ChildConsumer.DURABILITY, durability.name());
    p.setProperty(ChildConsumer.PREFETCH, Integer.toString(prefetch));
    p.setProperty(ChildConsumer.HANDLER_MILLIS, Long.toString(handlerTime.toMillis()));
    p.setProperty(ChildConsumer.HANDLED_FILE, dir.resolve("handled.txt").toString());
    p.setProperty(ChildConsumer.READY_FILE, dir.resolve("ready").toString());
    p.setProperty(ChildConsumer.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
    p.setProperty(ChildConsumer.MAX_LIFETIME_SECONDS, Long.toString(lifetime.toSeconds()));
    Path file = dir.resolve("child.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "written by the Hermod TCK for scenario C11");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildConsumer.class.getName());
    command.add(file.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    return new ChildConsumerJvm(dir, process);
  }

  /**
   * Whether the child's subscription is started.
   *
   * @return {@code true} once it is
   */
  boolean ready() {
    return Files.exists(ready);
  }

  /**
   * Whether the process still runs.
   *
   * @return {@code true} while it does
   */
  boolean alive() {
    return process.isAlive();
  }

  /**
   * The ids the child's handler had handled (written before it returned), in order; a line cut
   * short by the kill is left out.
   *
   * @return the ids, never {@code null}
   */
  List<String> handled() {
    String text;
    try {
      text = Files.exists(handled) ? Files.readString(handled, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  /**
   * Kills the child with SIGKILL and waits for it to be gone.
   *
   * @return the exit status
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the child consumer JVM " + process.pid() + " survived kill -9");
    }
    return process.exitValue();
  }

  /**
   * The end of the child's output, for failure messages.
   *
   * @return up to the last 2,000 characters
   */
  String outputTail() {
    try {
      String s = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      return s.length() <= 2000 ? s : "..." + s.substring(s.length() - 2000);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (process.isAlive()) {
        kill();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Override
  public String toString() {
    return "child consumer JVM " + process.pid();
  }
}
