package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.Hermod;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** send and tail on the in-memory binding: one JVM, one named broker shared by both commands. */
class SendTailTest {

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void brokerOfItsOwn() throws IOException {
    config =
        Files.writeString(
                dir.resolve("inmemory.properties"),
                "hermod.binding=inmemory\nhermod.inmemory.broker=cli-" + UUID.randomUUID() + "\n")
            .toString();
  }

  @Test
  void aMessageSentToAQueueIsPrintedByTailWithEveryAttribute() {
    Cli.Result sent =
        Cli.run(
            "send",
            "--config",
            config,
            "--channel",
            "orders",
            "--id",
            "order-42",
            "--key",
            "customer-7",
            "--routing-key",
            "orders.eu.created",
            "--header",
            "tenant=acme",
            "--header",
            "trace=abc",
            "{\"total\": 12.5}");
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("sent order-42 to queue orders on inmemory");

    Cli.Result tail =
        Cli.run(
            "tail", "--config", config, "--channel", "orders", "--count", "1", "--timeout", "30s");

    assertThat(tail.exitCode()).as(tail.err()).isZero();
    assertThat(tail.out())
        .contains("message 1 on orders")
        .contains("id:           order-42")
        .contains("key:          customer-7")
        .contains("routing key:  orders.eu.created")
        .contains("headers:      tenant=acme, trace=abc")
        .contains("payload:      {\"total\": 12.5}");
    assertThat(tail.err())
        .contains("watching queue orders on inmemory")
        .contains("received 1 message");
  }

  @Test
  void tailOnATopicPrintsOnlyWhatItsFilterSelects() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> tail =
        CompletableFuture.supplyAsync(
            () ->
                HermodCli.execute(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "tail",
                    "--config",
                    config,
                    "--channel",
                    "logs",
                    "--kind",
                    "topic",
                    "--subscription",
                    "errors",
                    "--filter",
                    "error",
                    "--count",
                    "1",
                    "--timeout",
                    "30s"));
    // The subscription exists once tail says it is watching; only then can it see the sends.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> err.toString().contains("watching") || tail.isDone());
    assertThat(err.toString())
        .contains("watching topic logs on inmemory through subscription errors");

    for (String[] m : new String[][] {{"info", "all good"}, {"error", "disk full"}}) {
      Cli.Result sent =
          Cli.run(
              "send",
              "--config",
              config,
              "--channel",
              "logs",
              "--kind",
              "TOPIC",
              "--routing-key",
              m[0],
              m[1]);
      assertThat(sent.exitCode()).as(sent.err()).isZero();
    }

    assertThat(tail.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("message 1 on logs (subscription errors)")
        .contains("payload:      disk full")
        .doesNotContain("all good")
        .doesNotContain("message 2");
  }

  @Test
  void tailExits1WhenFewerMessagesThanAskedForArriveInTime() {
    Cli.Result sent = Cli.run("send", "--config", config, "--channel", "jobs", "only one");
    assertThat(sent.exitCode()).isZero();

    Cli.Result tail =
        Cli.run("tail", "--config", config, "--channel", "jobs", "--count", "2", "--timeout", "1s");

    assertThat(tail.exitCode()).isEqualTo(1);
    assertThat(tail.out()).contains("payload:      only one");
    assertThat(tail.err()).contains("received 1 of 2 messages before the timeout");
  }

  @Test
  void sendWithConfirmPrintsWhoProcessedItAndExits1WhileASubscriptionIsPending() throws Exception {
    String broker =
        Files.readString(Path.of(config))
            .lines()
            .filter(l -> l.contains("broker="))
            .findFirst()
            .orElseThrow();
    try (Messaging consumer =
        Hermod.builder()
            .config(
                java.util.Map.of(
                    "hermod.binding",
                    "inmemory",
                    "hermod.inmemory.broker",
                    broker.substring(broker.indexOf('=') + 1),
                    "hermod.confirm.instance",
                    "billing-1"))
            .declare(ChannelSpec.topic("invoices").build())
            .build()) {
      consumer.subscribe("invoices", String.class, SubscriptionOptions.named("billing"), d -> {});
      Cli.Result sent =
          Cli.run(
              "send",
              "--config",
              config,
              "--channel",
              "invoices",
              "--kind",
              "topic",
              "--id",
              "inv-1",
              "--confirm",
              "billing,shipping",
              "--confirm-within",
              "1s",
              "total 12");
      assertThat(sent.exitCode()).as(sent.out() + sent.err()).isEqualTo(1);
      assertThat(sent.out())
          .contains("sent inv-1 to topic invoices on inmemory")
          .containsPattern("billing +processed at .* by billing-1 after 1 attempt")
          .containsPattern("shipping +pending");
    }
  }
}
