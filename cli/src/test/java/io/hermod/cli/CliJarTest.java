package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code java -jar target/hermod.jar demo} in a child JVM, as the README tells a newcomer to:
 * the shaded jar must start, find every binding through its merged service files, and narrate. Runs
 * in the integration-test phase, after the package phase built the jar.
 */
class CliJarTest {

  @TempDir Path dir;

  @Test
  void theShadedJarRunsTheDemo() throws Exception {
    Path jar = Path.of(System.getProperty("cliJar", "target/hermod.jar"));
    assertThat(jar).as("the shaded jar (built by the package phase)").exists();

    Result r = java(jar, "demo");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("1. Point-to-point")
        .contains("2. Competing consumers")
        .contains("3. Publish/subscribe")
        .contains("4. Routed pub/sub")
        .contains("5. Topic wildcards")
        .contains("6. RPC")
        .contains("7. Exactly-once")
        .contains("8. Dead-lettering")
        .contains("All 8 steps completed on the 'inmemory' binding.");
  }

  @Test
  void theShadedJarHoldsEveryBinding() throws Exception {
    Path jar = Path.of(System.getProperty("cliJar", "target/hermod.jar"));

    Result r = java(jar, "demo", "--binding", "nope");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("available: [")
        .contains("artemis")
        .contains("inmemory")
        .contains("kafka")
        .contains("sqs");
  }

  private record Result(int exitCode, String out, String err) {}

  private Result java(Path jar, String... args) throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hermod " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
