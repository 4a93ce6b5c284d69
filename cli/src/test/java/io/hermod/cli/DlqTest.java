package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeadLetterFilter;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hermod dlq} on the in-memory binding: one JVM, one named broker for the app and the CLI.
 */
class DlqTest {

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void threeDeadLetters() throws IOException {
    String broker = "cli-dlq-" + UUID.randomUUID();
    config =
        Files.writeString(
                dir.resolve("inmemory.properties"),
                "hermod.binding=inmemory\nhermod.inmemory.broker=" + broker + "\n")
            .toString();
    try (Messaging app =
        Hermod.builder()
            .config(Map.of("hermod.binding", "inmemory", "hermod.inmemory.broker", broker))
            .build()) {
      app.declare(
          ChannelSpec.queue("orders")
              .maxDeliveryAttempts(2)
              .backoff(Backoff.fixed(Duration.ofMillis(10)))
              .build());
      app.subscribe(
          "orders",
          String.class,
          d -> {
            if (d.message().payload().contains("bad")) {
              throw new IllegalArgumentException("order has no lines");
            }
            throw new IllegalStateException("stock service down");
          });
      var publisher = app.publisher("orders", String.class);
      publisher.send(Message.builder("{\"order\": 1}").id("order-1").build());
      publisher.send(Message.builder("{\"order\": 2}").id("order-2").build());
      publisher.send(Message.builder("{\"order\": \"bad\"}").id("order-3").build());
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> app.deadLetters("orders").count(DeadLetterFilter.all()) == 3);
    }
  }

  private Cli.Result dlq(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "dlq";
    all[1] = args[0];
    all[2] = "--config";
    all[3] = config;
    System.arraycopy(args, 1, all, 4, args.length - 1);
    Cli.Result r = Cli.run(all);
    System.out.println("$ hermod dlq " + String.join(" ", args) + "\n" + r.out());
    return r;
  }

  @Test
  void listShowRedriveAndPurge() {
    Cli.Result list = dlq("list", "--channel", "orders");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("ID", "REASON", "ATTEMPTS", "ERROR", "LAST FAILURE", "PAYLOAD")
        .contains("order-1", "order-2", "order-3")
        .contains("IllegalStateException", "IllegalArgumentException")
        .contains("orders.dlq: rows 1-3");

    Cli.Result show = dlq("show", "--channel", "orders", "--id", "order-3");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("reason          exhausted")
        .contains("attempts        2")
        .contains("error           java.lang.IllegalArgumentException: order has no lines")
        .contains("hermod_dlq_channel=orders");

    Cli.Result dry =
        dlq(
            "redrive",
            "--channel",
            "orders",
            "--error-class",
            IllegalStateException.class.getName(),
            "--dry-run");
    assertThat(dry.out()).contains("dry run: 2 dead letters in orders.dlq would be redriven");

    Cli.Result redrive =
        dlq(
            "redrive",
            "--channel",
            "orders",
            "--error-class",
            IllegalStateException.class.getName());
    assertThat(redrive.exitCode()).as(redrive.err()).isZero();
    assertThat(redrive.out())
        .contains("redriving [##############################] 2/2")
        .contains("redriven 2 of 2 from orders.dlq to orders");

    Cli.Result purge = dlq("purge", "--channel", "orders", "--reason", "exhausted");
    assertThat(purge.exitCode()).as(purge.err()).isZero();
    assertThat(purge.out()).contains("purged 1 of 1 from orders.dlq");
  }
}
