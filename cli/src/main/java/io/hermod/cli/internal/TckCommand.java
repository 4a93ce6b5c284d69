package io.hermod.cli.internal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.hermod.api.ConnectionException;
import io.hermod.api.Health;
import io.hermod.api.Messaging;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hermod tck}: runs the compatibility kit against a broker somebody else runs, prints the
 * compatibility table and writes the JSONL report. Not thread-safe; one launch per JVM at a time.
 */
@Command(
    name = "tck",
    mixinStandardHelpOptions = true,
    description = {
      // The first line is the summary `hermod --help` lists: one whole sentence. Each later
      // line is a paragraph, wrapped by picocli.
      "Check a running broker against the Hermod compatibility kit (the TCK).",
      "",
      "Prints the compatibility table (scenario, result, reason) and writes the JSONL report. The"
          + " broker is not restarted, so the scenarios that need a restart are skipped with that"
          + " reason.",
      "",
      "The --config file holds the hermod.* settings for the broker and, optionally, tck.* keys for"
          + " the fixture:",
      // Key names on lines of their own: wrapped, picocli would break them at a dot.
      "  tck.scale, tck.address-key, tck.crash-redelivery-delay,",
      "  tck.tls.<hermod key>, tck.wrong-credentials.<hermod key>",
      "",
      "Examples: hermod tck --binding inmemory --profile short",
      "          hermod tck --binding kafka --config kafka.properties \\",
      "            --report kafka-tck.jsonl",
      "          hermod tck --binding artemis --config artemis.properties \\",
      "            --scenario A02,B"
    },
    footer = {
      "",
      "Exit codes: 0 no scenario failed, 1 some failed, 2 usage or configuration error,",
      "3 broker unreachable."
    })
public final class TckCommand implements Callable<Integer> {

  /** How long the broker may take to report healthy after the binding started. */
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(10);

  @Spec private CommandSpec spec;

  @Mixin private BindingOptions binding = new BindingOptions();

  @Option(
      names = "--report",
      paramLabel = "FILE",
      defaultValue = "tck-report.jsonl",
      description =
          "Where to write the JSONL report, one line per scenario (default: ${DEFAULT-VALUE}).")
  private Path report = Path.of("tck-report.jsonl");

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      defaultValue = "full",
      description =
          "full (the catalogue's counts) or short (a tenth of them, for slow brokers); default: ${DEFAULT-VALUE}.")
  private String profile = "full";

  @Option(
      names = "--scenario",
      paramLabel = "ID",
      split = ",",
      description = "Only these scenarios or groups, e.g. A02,B05 or C (default: all).")
  private List<String> scenarios = new ArrayList<>();

  /** For picocli. */
  public TckCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (!profile.equals("full") && !profile.equals("short")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--profile must be full or short, was '" + profile + "'");
    }
    for (String s : scenarios) {
      if (!ScenarioFilter.valid(s)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--scenario takes ids such as A02 or group letters A to H, was '" + s + "'");
      }
    }
    Map<String, String> config = binding.hermodConfig(null);
    GenericFixture fixture = GenericFixture.of(config, binding.tckConfig());
    Path reportFile = report.toAbsolutePath();
    out.printf(
        "hermod tck: binding %s, config %s, profile %s%n",
        fixture.bindingName(), binding.source(), profile);
    out.flush();
    preflight(config, out);

    ScenarioListener listener = new ScenarioListener(out);
    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(CliCompatibilityKit.class))
            // Scenario ids sort like the catalogue: run groups and scenarios in that order.
            .configurationParameter(
                "junit.jupiter.testclass.order.default",
                "org.junit.jupiter.api.ClassOrderer$DisplayName")
            .configurationParameter(
                "junit.jupiter.testmethod.order.default",
                "org.junit.jupiter.api.MethodOrderer$DisplayName");
    if (!scenarios.isEmpty()) {
      request.filters(new ScenarioFilter(scenarios));
    }
    String previousReport = System.getProperty("io.hermod.tck.report");
    String previousProfile = System.getProperty("io.hermod.tck.profile");
    System.setProperty("io.hermod.tck.report", reportFile.toString());
    System.setProperty("io.hermod.tck.profile", profile);
    CliCompatibilityKit.use(fixture);
    try {
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request.build(), listener);
    } finally {
      CliCompatibilityKit.use(null);
      restore("io.hermod.tck.report", previousReport);
      restore("io.hermod.tck.profile", previousProfile);
    }

    List<ScenarioResult> results = new ArrayList<>(listener.results());
    if (results.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("hermod tck: no scenario matched --scenario " + String.join(",", scenarios));
      return ExitCodes.USAGE;
    }
    results.sort(Comparator.comparing(ScenarioResult::scenario));
    out.println();
    CompatibilityTable.print(out, fixture.bindingName(), results);
    long failed = results.stream().filter(r -> r.result().equals(ScenarioResult.FAILED)).count();
    out.printf("report: %s%n", reportFile);
    out.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  /** Fails with exit code 3, before any scenario runs, if the broker cannot be reached. */
  private void preflight(Map<String, String> config, PrintWriter out) throws InterruptedException {
    try (Messaging messaging = binding.connect(null)) {
      Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
      Health health = messaging.health();
      while (!health.isUp() && Instant.now().isBefore(deadline)) {
        TimeUnit.MILLISECONDS.sleep(200);
        health = messaging.health();
      }
      if (!health.isUp()) {
        throw new ConnectionException(
            config.get("hermod.binding"),
            null,
            "the broker is not healthy: "
                + health.detail()
                + "; start it or fix the address in the config",
            null);
      }
      out.printf("broker reachable: %s%n", describe(health));
      out.flush();
    }
  }

  private static String describe(Health health) {
    return health.status() + (health.detail().isEmpty() ? "" : " (" + health.detail() + ")");
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
