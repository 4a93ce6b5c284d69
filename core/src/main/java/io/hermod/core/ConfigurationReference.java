package io.hermod.core;

import io.hermod.core.internal.ChannelConfig;
import io.hermod.core.internal.ConfirmSettings;
import io.hermod.core.internal.CoreConfig;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.ConfigKey;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The configuration reference, generated from the keys core, channels and every binding declare
 * ({@link ConfigKey}), so that the documentation cannot drift from what is read. The README's
 * "Configuration reference" section is this text (a test in the build fails when it is stale), and
 * {@code hermod config-reference} prints it. Stateless.
 *
 * @since 0.2
 */
public final class ConfigurationReference {

  /** The marker that opens the generated section in a Markdown file. */
  public static final String START =
      "<!-- configuration-reference:start (generated from the key declarations: run `hermod"
          + " config-reference`; do not edit by hand) -->";

  /** The marker that closes the generated section. */
  public static final String END = "<!-- configuration-reference:end -->";

  private ConfigurationReference() {}

  /**
   * The reference for core, channels and every binding on the class path, in name order.
   *
   * @return Markdown, without the markers, never {@code null}
   */
  public static String markdown() {
    return markdown(
        ServiceLoader.load(BindingProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparing(BindingProvider::name))
            .toList());
  }

  /**
   * The reference for core, channels and the given bindings.
   *
   * @param bindings the bindings to document, in the order given
   * @return Markdown, without the markers, never {@code null}
   */
  public static String markdown(List<BindingProvider> bindings) {
    StringBuilder out = new StringBuilder();
    out.append("### Core\n\n");
    table(out, CoreConfig.PREFIX, CoreConfig.KEYS, true);
    out.append("\n### Channels\n\n")
        .append("Each channel declared in configuration has these properties, as `")
        .append(ChannelConfig.PREFIX)
        .append("<name>.<property>` (environment: `HERMOD_CHANNELS_<NAME>_<PROPERTY>`).\n\n");
    table(out, "", ChannelConfig.KEYS, false);
    out.append("\n### Processing confirmations\n\n");
    table(out, ConfirmSettings.PREFIX, ConfirmSettings.KEYS, true);
    for (BindingProvider b : bindings) {
      out.append("\n### Binding `")
          .append(b.name())
          .append("` (`")
          .append(b.artifact())
          .append("`)\n\n");
      table(out, CoreConfig.PREFIX + b.name() + ".", b.configKeys(), true);
    }
    return out.toString();
  }

  /**
   * The generated section of {@code markdown} (the text between {@link #START} and {@link #END}).
   *
   * @param markdown a Markdown document
   * @return the section without the markers, or empty text when there are no markers
   */
  public static String section(String markdown) {
    int start = markdown.indexOf(START);
    int end = markdown.indexOf(END);
    if (start < 0 || end < start) {
      return "";
    }
    return markdown.substring(start + START.length(), end).strip() + "\n";
  }

  private static void table(
      StringBuilder out, String prefix, List<ConfigKey<?>> keys, boolean withEnvironment) {
    out.append(
            withEnvironment
                ? "| key | type | default | environment | meaning |\n"
                : "| property | type | default | meaning |\n")
        .append(withEnvironment ? "|---|---|---|---|---|\n" : "|---|---|---|---|\n");
    for (ConfigKey<?> k : keys) {
      String name = prefix + k.name() + (k.type() == ConfigKey.Type.PASS_THROUGH ? "*" : "");
      out.append("| `").append(name).append("` | ").append(cell(k.typeText())).append(" | ");
      out.append(cell(k.defaultText())).append(" | ");
      if (withEnvironment) {
        String env =
            k.environmentVariable(prefix) + (k.type() == ConfigKey.Type.PASS_THROUGH ? "*" : "");
        out.append('`').append(env).append("` | ");
      }
      out.append(cell(k.description())).append(" |\n");
    }
  }

  /** Table cells: a pipe would end the cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
