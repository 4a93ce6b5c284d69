package io.hermod.cli.internal;

import io.hermod.api.Messaging;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hermod demo}: the narrated walk through the six patterns, exactly-once dedup and
 * dead-lettering, on the in-memory binding unless told otherwise. Not thread-safe; one instance per
 * invocation.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      // The first line is the summary `hermod --help` lists: one whole sentence. Each later
      // line is a paragraph, wrapped by picocli.
      "Show the messaging patterns at work on a binding, narrating what each consumer received.",
      "",
      "The six patterns (point-to-point, competing consumers, publish/subscribe, routed pub/sub,"
          + " topic wildcards, RPC), then exactly-once dedup and dead-lettering. Runs on the"
          + " in-memory binding by default: no broker needed.",
      "",
      "Examples: hermod demo",
      "          hermod demo --binding artemis --config artemis.properties"
    },
    footer = {
      "",
      "Exit codes: 0 every step completed, 1 a step did not, 2 usage or configuration error,",
      "3 broker unreachable."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BindingOptions binding = new BindingOptions();

  @Option(
      names = "--step-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long each step waits for its messages (default: ${DEFAULT-VALUE}).")
  private Duration stepTimeout = Duration.ofSeconds(30);

  /** For picocli. */
  public DemoCommand() {}

  @Override
  public Integer call() throws Exception {
    Map<String, String> config = new java.util.TreeMap<>(binding.hermodConfig("inmemory"));
    String prefix;
    if ("inmemory".equals(config.get("hermod.binding"))
        && !config.containsKey("hermod.inmemory.broker")) {
      // A broker of its own: nothing else in this JVM sees the demo's channels, so the plain
      // names stay readable and the output is the same on every run.
      config.put("hermod.inmemory.broker", "hermod-demo-" + UUID.randomUUID());
      prefix = "demo";
    } else {
      // A shared broker may hold an earlier run's channels and dedup ids: keep this run apart.
      prefix = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    }
    try (Messaging messaging = Connector.connect(BindingOptions.withConnectTimeout(config))) {
      int failed = new Demo(messaging, spec.commandLine().getOut(), prefix, stepTimeout).run();
      return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
    }
  }
}
