package io.hermod.core;

import io.hermod.core.internal.BindingDiscovery;
import io.hermod.core.internal.ChannelConfig;
import io.hermod.core.internal.ConfigSources;
import io.hermod.core.internal.ConfirmSettings;
import io.hermod.core.internal.CoreConfig;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.ConfigKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  /** The placeholder for the channel's name in {@link Key#name()} of a channel property. */
  public static final String CHANNEL_NAME = "<name>";

  private ConfigurationReference() {}

  /**
   * One declared key under its full name, for tools that describe the configuration in their own
   * format (an IDE's metadata, say). Immutable.
   *
   * @param name the full key: {@code hermod.kafka.bootstrap-servers}; a channel property's holds
   *     {@link #CHANNEL_NAME} for the channel ({@code hermod.channels.<name>.kind}); a pass-through
   *     key's ends with a dot and covers every key under it
   * @param section where the reference lists it: {@code Core}, {@code Channels}, {@code Processing
   *     confirmations} or {@code Binding <name>}
   * @param declaration the declaration: type, default, bounds, description
   * @since 0.4
   */
  public record Key(String name, String section, ConfigKey<?> declaration) {

    /**
     * Checks the parts.
     *
     * @param name the full key
     * @param section the section
     * @param declaration the declaration
     */
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(declaration, "declaration");
    }
  }

  /**
   * Every key core, channels and each binding on the class path declare, in the reference's order.
   *
   * @return the keys, never {@code null}
   * @since 0.4
   */
  public static List<Key> keys() {
    return keys(discovered());
  }

  /**
   * Every key core, channels and the given bindings declare, in the reference's order.
   *
   * @param bindings the bindings, in the order given
   * @return the keys, never {@code null}
   * @since 0.4
   */
  public static List<Key> keys(List<BindingProvider> bindings) {
    List<Key> out = new ArrayList<>();
    CoreConfig.KEYS.forEach(k -> out.add(new Key(CoreConfig.PREFIX + k.name(), "Core", k)));
    ChannelConfig.KEYS.forEach(
        k -> out.add(new Key(ChannelConfig.PREFIX + CHANNEL_NAME + "." + k.name(), "Channels", k)));
    ConfirmSettings.KEYS.forEach(
        k -> out.add(new Key(ConfirmSettings.PREFIX + k.name(), "Processing confirmations", k)));
    for (BindingProvider b : bindings) {
      String prefix = CoreConfig.PREFIX + b.name() + ".";
      b.configKeys().forEach(k -> out.add(new Key(prefix + k.name(), "Binding " + b.name(), k)));
    }
    return List.copyOf(out);
  }

  /**
   * The key an environment variable sets, as {@link Hermod#fromConfig()} reads the environment with
   * the bindings on the class path: {@code HERMOD_KAFKA_BOOTSTRAP_SERVERS} is {@code
   * hermod.kafka.bootstrap-servers}, {@code HERMOD_CHANNELS_ORDERS_KIND} is {@code
   * hermod.channels.orders.kind}. For a source of configuration other than the process environment
   * that holds variables in that form (such as Spring's {@code Environment}), so it reads them
   * alike.
   *
   * @param variable the variable's name
   * @return the full key, or empty when the variable is no {@code HERMOD_*} key (such as {@code
   *     HERMOD_CONFIG}); an undeclared {@code HERMOD_*} variable gives a key that starting then
   *     reports as unknown, with the closest declared one
   * @since 0.4
   */
  public static Optional<String> keyOfEnvironmentVariable(String variable) {
    return Optional.ofNullable(
        ConfigSources.keyOf(variable, new BindingDiscovery(discovered()).configKeys()));
  }

  private static List<BindingProvider> discovered() {
    return ServiceLoader.load(BindingProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(BindingProvider::name))
        .toList();
  }

  /**
   * The reference for core, channels and every binding on the class path, in name order.
   *
   * @return Markdown, without the markers, never {@code null}
   */
  public static String markdown() {
    return markdown(discovered());
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
