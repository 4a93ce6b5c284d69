package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void theDemoNarratesEveryPatternDedupAndDeadLetteringOnTheInMemoryBinding() {
    Cli.Result r = Cli.run("demo");

    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
    assertThat(r.out())
        .contains("Hermod demo on the 'inmemory' binding")
        // point-to-point
        .contains("1. Point-to-point")
        .contains("printer received \"hello\", \"hola\", \"hallo\"")
        // competing consumers
        .contains("2. Competing consumers")
        .contains("worker-a and worker-b together handled 8 of 8 jobs, each job exactly once")
        .contains("both workers took a share of the load")
        // publish/subscribe
        .contains("3. Publish/subscribe")
        .contains("mailer  received \"release 1.0\", \"release 1.1\"")
        .contains("archive received \"release 1.0\", \"release 1.1\"")
        // routed pub/sub
        .contains("4. Routed pub/sub")
        .contains("errors received \"disk full\" [error], \"timeout calling billing\" [error]")
        .contains(
            "all    received \"disk full\" [error], \"user login\" [info], \"timeout calling billing\""
                + " [error], \"cache miss\" [debug]")
        // topic wildcards
        .contains("5. Topic wildcards")
        .contains(
            "created received \"order 1\" [orders.eu.created], \"order 2\" [orders.us.created]")
        .contains(
            "eu      received \"order 1\" [orders.eu.created], \"order 3\" [orders.eu.shipped],"
                + " \"order 4\" [orders.eu.created.late]")
        // RPC
        .contains("6. RPC")
        .contains("request \"apple\" -> reply \"apple costs 0.50 EUR\"")
        .contains("request \"fig\" -> reply \"fig costs 1.20 EUR\"")
        .contains("(no responder) failed after its 500 ms timeout with MessagingTimeoutException")
        // exactly-once
        .contains("7. Exactly-once")
        .contains("ledger received payment-1 \"charge 10 EUR\", payment-2 \"charge 25 EUR\"")
        .contains("3 sends, 2 deliveries")
        // dead-lettering
        .contains("8. Dead-lettering")
        .contains("the handler saw attempts 1, 2, 3")
        .contains("demo.invoices.dlq received \"invoice 1001\"")
        .contains("hermod_dlq_attempts = 3")
        .contains("hermod_dlq_channel = demo.invoices")
        .contains("hermod_dlq_error_class = java.lang.IllegalStateException")
        .contains("hermod_dlq_error_message = invoice service down")
        .contains("hermod_dlq_reason = exhausted")
        .contains("All 8 steps completed on the 'inmemory' binding.")
        .doesNotContain("FAILED");
  }

  @Test
  void theDemoSaysTheSameOnEveryRun() {
    Cli.Result first = Cli.run("demo");
    Cli.Result second = Cli.run("demo", "--binding", "inmemory");

    assertThat(first.exitCode()).isZero();
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
  }
}
