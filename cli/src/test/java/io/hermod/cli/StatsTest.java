package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stats on the in-memory binding: one JVM, one named broker shared by send and stats. */
class StatsTest {

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void brokerOfItsOwn() throws IOException {
    config =
        Files.writeString(
                dir.resolve("inmemory.properties"),
                "hermod.binding=inmemory\nhermod.inmemory.broker=stats-" + UUID.randomUUID() + "\n")
            .toString();
  }

  @Test
  void theBacklogOfAQueueIsWhatWasSentAndNotYetConsumed() {
    for (int i = 0; i < 3; i++) {
      Cli.Result sent = Cli.run("send", "--config", config, "--channel", "orders", "m" + i);
      assertThat(sent.exitCode()).as(sent.err()).isZero();
    }
    Cli.Result stats =
        Cli.run(
            "stats",
            "--config",
            config,
            "--channel",
            "orders",
            "--count",
            "2",
            "--interval",
            "200ms");
    assertThat(stats.exitCode()).as(stats.err()).isZero();
    assertThat(stats.out())
        .contains("watching orders on inmemory")
        .containsPattern("orders .*\\s3 \\[#{20}\\]");
  }

  @Test
  void aCountBelowZeroIsAUsageError() {
    Cli.Result stats = Cli.run("stats", "--config", config, "--channel", "orders", "--count", "-1");
    assertThat(stats.exitCode()).isEqualTo(2);
    assertThat(stats.err()).contains("--count must be >= 0, was -1");
  }
}
