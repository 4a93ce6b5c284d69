package io.hermod.cli.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.SubscriptionOptions;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.MessagingObserver;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hermod stats}: what the broker tells about channels, refreshed every interval. Not
 * thread-safe; one instance per invocation.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the broker tells about channels, refreshed every second.",
      "",
      "Per channel and subscription: messages in and out per second (from the broker's counters),"
          + " the backlog (messages waiting; a bar shows it draining against the largest backlog"
          + " seen), in-flight (delivered, not yet settled), and the depth of its dead-letter"
          + " channel. A figure the broker cannot tell shows as '?', never as 0. The last columns"
          + " are what watching costs: the requests and bytes this command itself sends the broker"
          + " (on SQS every statistics call is a billed request). Per-process figures (handlers in"
          + " flight, redeliveries, a service's own requests) are the services' meters: see"
          + " hermod-micrometer.",
      "",
      "Example: hermod stats --binding kafka --config kafka.properties \\",
      "           --channel orders --kind topic --subscription billing --count 10"
    },
    footer = {
      "",
      "Exit codes: 0 done (count reached or interrupted), 2 usage or configuration error,",
      "3 broker unreachable."
    })
public final class StatsCommand implements java.util.concurrent.Callable<Integer> {

  private static final int BAR = 20;

  @Spec private CommandSpec spec;

  @Mixin private BindingOptions binding = new BindingOptions();

  @Option(
      names = "--channel",
      required = true,
      paramLabel = "NAME",
      description = "A channel to watch; repeat for several.")
  private List<String> channels = new ArrayList<>();

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      defaultValue = "queue",
      description =
          "queue or topic (default: ${DEFAULT-VALUE}); for every --channel not declared in the config.")
  private ChannelKind kind = ChannelKind.QUEUE;

  @Option(
      names = "--subscription",
      paramLabel = "NAME",
      defaultValue = SubscriptionOptions.DEFAULT_NAME,
      description =
          "The subscription (on a queue, the competing consumers' name) to watch (default:"
              + " ${DEFAULT-VALUE}).")
  private String subscription = SubscriptionOptions.DEFAULT_NAME;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often to refresh, e.g. 5s (default: 1s).")
  private Duration interval = Duration.ofSeconds(1);

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N refreshes (default: until Ctrl-C).")
  private int count;

  /** For picocli. */
  public StatsCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (count < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--count must be >= 0, was " + count);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--interval must be positive, was " + interval);
    }
    OwnTraffic traffic = new OwnTraffic();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread hook = new Thread(() -> interrupted.set(true), "hermod-stats-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Messaging messaging = binding.connect(null, List.of(traffic))) {
      List<Row> rows = new ArrayList<>();
      for (String name : channels) {
        ChannelSpec declared =
            messaging
                .channel(name)
                .orElseGet(
                    () -> {
                      messaging.declare(Channels.spec(messaging, name, kind).build());
                      return messaging.channel(name).orElseThrow();
                    });
        String dlq =
            declared.deadLetter() && messaging.channel(declared.deadLetterChannel()).isPresent()
                ? declared.deadLetterChannel()
                : null;
        rows.add(new Row(name, dlq));
      }
      out.printf(
          "watching %s on %s every %s (subscription %s)%n",
          String.join(", ", channels),
          messaging.bindingName(),
          interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms",
          subscription);
      out.printf(
          "%-8s  %-24s %9s %9s %9s %-" + (BAR + 2) + "s %9s %7s %11s%n",
          "time",
          "channel",
          "in/s",
          "out/s",
          "backlog",
          "",
          "in-flight",
          "dlq",
          "watch cost");
      out.flush();
      long period = interval.toNanos();
      long next = System.nanoTime();
      for (int refresh = 0; count == 0 || refresh < count; refresh++) {
        if (interrupted.get()) {
          break;
        }
        long watchRequests = traffic.requests.sumThenReset();
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().substring(11, 19);
        for (Row row : rows) {
          row.sample(messaging, subscription);
          out.printf(
              "%-8s  %-24s %9s %9s %9s %-" + (BAR + 2) + "s %9s %7s %11s%n",
              time,
              row.channel,
              row.rateIn(),
              row.rateOut(),
              text(row.now.waiting()),
              row.bar(),
              text(row.now.inFlight()),
              row.dlqDepth,
              refresh == 0 ? "" : perSecond(watchRequests) + " req/s");
        }
        out.flush();
        if (count != 0 && refresh == count - 1) {
          break;
        }
        next += period;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
      }
      return ExitCodes.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
  }

  private String perSecond(long n) {
    double seconds = interval.toNanos() / 1e9;
    return String.format(Locale.ROOT, "%.0f", n / seconds);
  }

  private static String text(OptionalLong value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%,d", value.getAsLong()) : "?";
  }

  /** One watched channel: its last two samples, for rates, and the largest backlog seen. */
  private final class Row {
    final String channel;
    final @Nullable String dlq;
    ChannelStatistics now = ChannelStatistics.unknown();
    @Nullable ChannelStatistics before;
    long sampledAt;
    long sampledBefore;
    long maxWaiting;
    String dlqDepth = "-";

    Row(String channel, @Nullable String dlq) {
      this.channel = channel;
      this.dlq = dlq;
    }

    void sample(Messaging messaging, String subscription) {
      before = now;
      sampledBefore = sampledAt;
      try {
        now = messaging.statistics(channel, subscription);
      } catch (MessagingException e) {
        spec.commandLine().getErr().println("statistics of " + channel + ": " + e.getMessage());
        now = ChannelStatistics.unknown();
      }
      sampledAt = System.nanoTime();
      now.waiting().ifPresent(w -> maxWaiting = Math.max(maxWaiting, w));
      if (dlq != null) {
        try {
          dlqDepth = text(messaging.statistics(dlq, subscription).waiting());
        } catch (MessagingException e) {
          dlqDepth = "?";
        }
      }
    }

    String rateIn() {
      return rate(now.enqueued(), before == null ? OptionalLong.empty() : before.enqueued());
    }

    String rateOut() {
      return rate(
          now.acknowledged(), before == null ? OptionalLong.empty() : before.acknowledged());
    }

    private String rate(OptionalLong now, OptionalLong before) {
      if (now.isEmpty()) {
        return "?";
      }
      if (before.isEmpty() || sampledBefore == 0) {
        return "";
      }
      double seconds = (sampledAt - sampledBefore) / 1e9;
      return String.format(
          Locale.ROOT, "%,.0f", Math.max(0, now.getAsLong() - before.getAsLong()) / seconds);
    }

    /** The backlog against the largest seen: a bar that empties as the backlog drains. */
    String bar() {
      OptionalLong waiting = now.waiting();
      if (waiting.isEmpty() || maxWaiting == 0) {
        return "";
      }
      int filled = (int) Math.round(BAR * (double) waiting.getAsLong() / maxWaiting);
      return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
  }

  /** Counts what this command itself asks of the broker. */
  private static final class OwnTraffic implements MessagingObserver {
    final LongAdder requests = new LongAdder();

    @Override
    public void brokerTraffic(
        String binding,
        String channel,
        BrokerOperation operation,
        int requests,
        int billedRequests,
        long bytes) {
      this.requests.add(requests);
    }
  }
}
