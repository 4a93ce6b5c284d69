package io.hermod.cli.internal;

import io.hermod.api.Confirm;
import io.hermod.api.ConfirmedSend;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.ProcessingOutcome;
import io.hermod.api.ProcessingReport;
import io.hermod.api.Receipt;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hermod send}: publishes one text message to a channel and prints the broker's receipt. Not
 * thread-safe; one instance per invocation.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      // The first line is the summary `hermod --help` lists: one whole sentence.
      "Publish one text message to a channel and print the broker's receipt.",
      "",
      "The channel is declared if needed.",
      "",
      "Example: hermod send --binding kafka --config kafka.properties \\",
      "           --channel orders --key customer-7 --header tenant=acme '{\"id\":42}'"
    },
    footer = {
      "",
      "Exit codes: 0 sent (with --confirm: and processed by every named subscription), 1 not"
          + " confirmed by all (pending, dead-lettered, unverified), 2 usage or configuration"
          + " error, 3 broker unreachable."
    })
public final class SendCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BindingOptions binding = new BindingOptions();

  @Mixin private ChannelOptions target = new ChannelOptions();

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The message id (the dedup id); a UUID if absent.")
  private @Nullable String id;

  @Option(names = "--key", paramLabel = "KEY", description = "The ordering key.")
  private @Nullable String key;

  @Option(
      names = "--routing-key",
      paramLabel = "KEY",
      description = "The routing key topic subscriptions filter on, e.g. orders.eu.created.")
  private @Nullable String routingKey;

  @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A header; repeat for more.")
  private Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = WrittenDuration.Converter.class,
      description = "How long to wait for the receipt (default: ${DEFAULT-VALUE}).")
  private WrittenDuration timeout = WrittenDuration.parse("30s");

  @Option(
      names = "--confirm",
      paramLabel = "SUBSCRIPTIONS",
      split = ",",
      description =
          "Wait until these subscriptions confirm they processed the message and print who did"
              + " (comma-separated; '*' on a queue: whichever consumer takes it).")
  private List<String> confirm = new ArrayList<>();

  @Option(
      names = "--confirm-within",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = WrittenDuration.Converter.class,
      description = "How long --confirm waits for the confirmations (default: ${DEFAULT-VALUE}).")
  private WrittenDuration confirmWithin = WrittenDuration.parse("30s");

  @Parameters(index = "0", paramLabel = "PAYLOAD", description = "The payload, sent as UTF-8 text.")
  private String payload = "";

  /** For picocli. */
  public SendCommand() {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Messaging messaging = binding.connect(null)) {
      messaging.declare(Channels.spec(messaging, target.channel, target.kind).build());
      Message.Builder<String> b = Message.builder(payload).key(key).routingKey(routingKey);
      if (id != null) {
        b.id(id);
      }
      headers.forEach(b::header);
      Message<String> message = b.build();
      if (!confirm.isEmpty()) {
        return confirmed(messaging, message, out);
      }
      Receipt receipt = await(messaging, message);
      out.printf(
          "sent %s to %s %s on %s (broker reference %s)%n",
          receipt.messageId(),
          target.kindName(),
          receipt.channel(),
          receipt.binding(),
          receipt.brokerReference().isEmpty() ? "-" : receipt.brokerReference());
      return ExitCodes.OK;
    }
  }

  /** Sends asking for confirmations; exits 0 only if every named subscription processed it. */
  private int confirmed(Messaging messaging, Message<String> message, PrintWriter out)
      throws InterruptedException {
    Confirm c =
        (confirm.equals(List.of(Confirm.ANY_CONSUMER))
                ? Confirm.processed()
                : Confirm.processedBy(confirm.toArray(String[]::new)))
            .within(confirmWithin.value());
    ConfirmedSend sent = messaging.publisher(target.channel, String.class).send(message, c);
    Receipt receipt =
        wait(messaging, sent.receipt(), "no receipt within " + timeout + " (--timeout)");
    out.printf(
        "sent %s to %s %s on %s (broker reference %s)%n",
        receipt.messageId(),
        target.kindName(),
        receipt.channel(),
        receipt.binding(),
        receipt.brokerReference().isEmpty() ? "-" : receipt.brokerReference());
    ProcessingReport report =
        wait(
            messaging,
            sent,
            "no report within " + confirmWithin + " (--confirm-within) plus " + timeout);
    for (ProcessingOutcome o : report.outcomes().values()) {
      out.printf(
          "  %-16s %s%s%n",
          o.subscription(),
          o.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          o.confirmation() == null
              ? ""
              : " at "
                  + o.at()
                  + " by "
                  + o.instance()
                  + " after "
                  + o.attempts()
                  + " attempt(s)"
                  + (o.errorClass() == null ? "" : ", last error " + o.errorClass())
                  + (o.problem() == null ? "" : " (" + o.problem() + ")"));
    }
    return report.allProcessed() ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  private <V> V wait(Messaging messaging, CompletionStage<V> stage, String timeoutMessage)
      throws InterruptedException {
    try {
      return stage
          .toCompletableFuture()
          .get(
              confirmWithin.value().toMillis() + timeout.value().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MessagingTimeoutException(
          messaging.bindingName(), target.channel, timeoutMessage + "; is the broker up?", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MessagingException m) {
        throw m;
      }
      throw new MessagingException(
          messaging.bindingName(),
          target.channel,
          "the send failed: " + e.getCause(),
          e.getCause());
    }
  }

  private Receipt await(Messaging messaging, Message<String> message) throws InterruptedException {
    try {
      return messaging
          .publisher(target.channel, String.class)
          .send(message)
          .toCompletableFuture()
          .get(timeout.value().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MessagingTimeoutException(
          messaging.bindingName(),
          target.channel,
          "no receipt within "
              + timeout
              + " (--timeout); is the broker up? raise --timeout if it is slow",
          e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MessagingException m) {
        throw m;
      }
      throw new MessagingException(
          messaging.bindingName(),
          target.channel,
          "the send failed: " + e.getCause(),
          e.getCause());
    }
  }
}
