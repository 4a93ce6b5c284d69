package io.hermod.cli.internal;

import io.hermod.core.ConfigurationReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hermod config-reference}: prints the configuration reference generated from the keys that
 * core, channels and every binding on the class path declare: the text of the README's
 * "Configuration reference" section. Stateless.
 */
@Command(
    name = "config-reference",
    mixinStandardHelpOptions = true,
    description = {
      "Print every configuration key of core, channels and the bindings, as a Markdown reference.",
      "",
      "Generated from the key declarations themselves (name, type, default, environment variable,"
          + " meaning), so it is exactly what Hermod reads. The README's configuration reference"
          + " is this output.",
      "",
      "Example: hermod config-reference > reference.md"
    },
    footer = {"", "Exit codes: 0 printed."})
public final class ConfigReferenceCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** For picocli. */
  public ConfigReferenceCommand() {}

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ConfigurationReference.markdown());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
