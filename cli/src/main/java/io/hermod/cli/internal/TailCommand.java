package io.hermod.cli.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.Filter;
import io.hermod.api.Messaging;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receiver;
import io.hermod.api.StartPosition;
import io.hermod.api.SubscriptionOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hermod tail}: watches a channel and prints each message as it arrives. Not thread-safe;
 * one instance per invocation.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      // The first line is the summary `hermod --help` lists: one whole sentence. Each later
      // line is a paragraph, wrapped by picocli.
      "Watch a channel and print each message as it arrives.",
      "",
      "Each message is shown with its id, key, routing key, headers and payload as text. On a"
          + " queue, tail is a competing consumer: the messages it prints are acknowledged and"
          + " gone. On a topic it reads through its own subscription (default hermod-tail).",
      "",
      "Example: hermod tail --binding kafka --config kafka.properties \\",
      "           --channel orders --kind topic --filter 'orders.*.created' \\",
      "           --count 10 --timeout 30s"
    },
    footer = {
      "",
      "Exit codes: 0 done (count reached, timeout passed or interrupted), 1 fewer than --count",
      "messages before --timeout, 2 usage or configuration error, 3 broker unreachable."
    })
public final class TailCommand implements java.util.concurrent.Callable<Integer> {

  /** How often the loop wakes to check for Ctrl-C and the deadline. */
  private static final Duration SLICE = Duration.ofMillis(500);

  @Spec private CommandSpec spec;

  @Mixin private BindingOptions binding = new BindingOptions();

  @Mixin private ChannelOptions source = new ChannelOptions();

  @Option(
      names = "--subscription",
      paramLabel = "NAME",
      defaultValue = "hermod-tail",
      description = "The subscription name on a topic (default: ${DEFAULT-VALUE}).")
  private String subscription = "hermod-tail";

  @Option(
      names = "--filter",
      paramLabel = "PATTERN",
      description =
          "Only messages whose routing key matches, e.g. error, orders.*.created or logs.#.")
  private @Nullable String filter;

  @Option(
      names = "--earliest",
      description =
          "Start a new topic subscription from the earliest retained message (bindings with REPLAY).")
  private boolean earliest;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N messages (default: no limit).")
  private int count;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 30s (default: run until Ctrl-C).")
  private @Nullable Duration timeout;

  /** For picocli. */
  public TailCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (count < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--count must be >= 0, was " + count);
    }
    SubscriptionOptions.Builder options =
        SubscriptionOptions.builder()
            .name(subscription)
            .startPosition(earliest ? StartPosition.EARLIEST : StartPosition.LATEST);
    if (filter != null) {
      options.filter(Filter.routingKey(filter));
    }
    SubscriptionOptions opts = options.build();
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              interrupted.set(true);
              try {
                // Let the loop settle its last delivery and close the connection cleanly.
                finished.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "hermod-tail-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int received = 0;
    try (Messaging messaging = binding.connect(null)) {
      messaging.declare(Channels.spec(messaging, source.channel, source.kind).build());
      try (Receiver<byte[]> receiver = messaging.receiver(source.channel, byte[].class, opts)) {
        err.printf(
            "watching %s %s on %s%s%s%n",
            source.kindName(),
            source.channel,
            messaging.bindingName(),
            source.kind == ChannelKind.TOPIC ? " through subscription " + subscription : "",
            timeout == null && count == 0 ? " (Ctrl-C to stop)" : "");
        err.flush();
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        while (!interrupted.get() && (count == 0 || received < count)) {
          Duration wait = SLICE;
          if (deadline != null) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
              break;
            }
            wait = left.compareTo(SLICE) < 0 ? left : SLICE;
          }
          Optional<PulledDelivery<byte[]>> d = receiver.receive(wait);
          if (d.isPresent()) {
            received++;
            MessagePrinter.print(out, received, d.get());
            d.get().ack();
          }
        }
      }
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the countDown above.
      }
    }
    if (count > 0 && received < count && !interrupted.get()) {
      err.printf("received %d of %d messages before the timeout%n", received, count);
      return ExitCodes.FAILURES;
    }
    err.printf("received %d message%s%n", received, received == 1 ? "" : "s");
    return ExitCodes.OK;
  }
}
