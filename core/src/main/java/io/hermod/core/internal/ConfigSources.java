package io.hermod.core.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.spi.support.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the external configuration sources, later ones winning: {@code hermod.properties} or {@code
 * hermod.yaml} on the class path, then the file named by the {@code HERMOD_CONFIG} environment
 * variable (or the {@code hermod.config} system property, which wins over it), then environment
 * variables, then {@code hermod.*} system properties.
 *
 * <p>YAML files may be flat ({@code hermod.send-timeout: 5s}) or nested ({@code hermod:
 * {send-timeout: 5s}}); nested maps are flattened to dotted keys and lists to comma-separated
 * values.
 *
 * <p>Environment variables map to the declared keys ({@link ConfigKey#environmentVariable}): upper
 * case, with {@code .} and {@code -} as {@code _}. {@code HERMOD_SEND_TIMEOUT} is {@code
 * hermod.send-timeout}; {@code HERMOD_<BINDING>_<KEY>}, where {@code <BINDING>} is a discovered
 * binding, is the key that binding declares with that form ({@code HERMOD_KAFKA_BOOTSTRAP_SERVERS}
 * is {@code hermod.kafka.bootstrap-servers}), and under a declared pass-through prefix the rest is
 * lower-cased with {@code _} as {@code .} ({@code HERMOD_KAFKA_PRODUCER_LINGER_MS} is {@code
 * hermod.kafka.producer.linger.ms}); {@code HERMOD_CHANNELS_<NAME>_<PROPERTY>} is {@code
 * hermod.channels.<name>.<property>} (the name lower-cased with {@code _} as {@code -}). Any other
 * {@code HERMOD_*} variable becomes {@code hermod.<rest>} with {@code _} as {@code -} and is then
 * reported as an unknown key with the closest declared one. {@code HERMOD_CONFIG} names a file and
 * {@code HERMOD_REQUIRE_BROKERS} is the build's (see {@link #IGNORED_ENVIRONMENT}): neither is a
 * key.
 *
 * <p>Every {@code hermod.*} system property except {@link #CONFIG_PROPERTY} is configuration.
 * Stateless.
 */
public final class ConfigSources {

  /** The class-path properties resource. */
  public static final String RESOURCE = "hermod.properties";

  /** The class-path YAML resource, an alternative to {@link #RESOURCE}. */
  public static final String YAML_RESOURCE = "hermod.yaml";

  /** The environment variable naming a configuration file. */
  public static final String CONFIG_ENV = "HERMOD_CONFIG";

  /** The system property naming a configuration file; wins over {@link #CONFIG_ENV}. */
  public static final String CONFIG_PROPERTY = "hermod.config";

  /**
   * {@code HERMOD_*} environment variables that are not configuration: the configuration file name
   * ({@link #CONFIG_ENV}) and the build's switch that turns a test broker missing from the machine
   * from a visible skip into a failure ({@code HERMOD_REQUIRE_BROKERS}, set by CI).
   */
  public static final Set<String> IGNORED_ENVIRONMENT =
      Set.of(CONFIG_ENV, "HERMOD_REQUIRE_BROKERS");

  private static final String ENV_PREFIX = "HERMOD_";

  private static final String CHANNELS_ENV = "CHANNELS_";

  private ConfigSources() {}

  /**
   * The merged external configuration.
   *
   * @param loader where to look for {@code hermod.properties} and {@code hermod.yaml}
   * @param env the environment
   * @param system the system properties
   * @param bindingKeys the keys each discovered binding declares, by binding name
   * @return full keys and values, never {@code null}
   * @throws ConfigurationException if a file cannot be found, read or parsed
   */
  public static Map<String, String> read(
      ClassLoader loader,
      Map<String, String> env,
      Properties system,
      Map<String, List<ConfigKey<?>>> bindingKeys) {
    LayeredConfig config = new LayeredConfig();
    readInto(config, loader, env, system, bindingKeys);
    return config.values();
  }

  /**
   * Adds the external sources to {@code config}, lowest precedence first, each key with its origin.
   *
   * @param config receives the keys
   * @param loader where to look for {@code hermod.properties} and {@code hermod.yaml}
   * @param env the environment
   * @param system the system properties
   * @param bindingKeys the keys each discovered binding declares, by binding name
   * @throws ConfigurationException if a file cannot be found, read or parsed
   */
  public static void readInto(
      LayeredConfig config,
      ClassLoader loader,
      Map<String, String> env,
      Properties system,
      Map<String, List<ConfigKey<?>>> bindingKeys) {
    URL properties = loader.getResource(RESOURCE);
    URL yaml = loader.getResource(YAML_RESOURCE);
    if (properties != null && yaml != null) {
      throw new ConfigurationException(
          RESOURCE,
          List.of(
              "both "
                  + properties
                  + " and "
                  + yaml
                  + " are on the class path; keep only one of "
                  + RESOURCE
                  + " and "
                  + YAML_RESOURCE));
    }
    if (properties != null) {
      config.putAll(load(properties, false, RESOURCE), RESOURCE + " on the class path");
    } else if (yaml != null) {
      config.putAll(load(yaml, true, YAML_RESOURCE), YAML_RESOURCE + " on the class path");
    }
    String fileProperty = system.getProperty(CONFIG_PROPERTY);
    String fileEnv = env.get(CONFIG_ENV);
    if (fileProperty != null && !fileProperty.isBlank()) {
      readFile(config, fileProperty.trim(), "system property " + CONFIG_PROPERTY);
    } else if (fileEnv != null && !fileEnv.isBlank()) {
      readFile(config, fileEnv.trim(), "environment variable " + CONFIG_ENV);
    }
    env.forEach(
        (var, value) -> {
          String key = keyOf(var, bindingKeys);
          if (key != null) {
            config.put(key, value, "environment variable " + var);
          }
        });
    for (String name : new TreeMap<>(toMap(system)).keySet()) {
      if (name.startsWith(CoreConfig.PREFIX) && !name.equals(CONFIG_PROPERTY)) {
        config.put(name, system.getProperty(name), "system property " + name);
      }
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  private static void readFile(LayeredConfig config, String name, String namedBy) {
    String variable = namedBy.substring(namedBy.lastIndexOf(' ') + 1);
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      throw new ConfigurationException(
          variable,
          List.of(
              namedBy
                  + " is '"
                  + name
                  + "', which is not a valid path; set it to the path of a .properties or .yaml"
                  + " file, or unset it"));
    }
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException(
          variable,
          List.of(
              namedBy
                  + " is '"
                  + name
                  + "', but no such file exists; set it to the path of a .properties or .yaml"
                  + " file, or unset it"));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    boolean isYaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
    try {
      config.putAll(
          load(path.toUri().toURL(), isYaml, name), "file " + name + " (named by " + namedBy + ")");
    } catch (java.net.MalformedURLException e) {
      throw new ConfigurationException(
          variable, List.of("cannot read " + name + ": " + e.getMessage()));
    }
  }

  /** Whether the optional jackson-dataformat-yaml is there to read YAML with. */
  private static final boolean YAML_PRESENT = yamlPresent();

  private static boolean yamlPresent() {
    try {
      Class.forName(
          "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
          false,
          ConfigSources.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Reads a properties or YAML file; parse errors name the place, never the content. */
  private static Map<String, String> load(URL url, boolean yaml, String subject) {
    String text;
    try (InputStream in = url.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          subject,
          List.of(
              "cannot read "
                  + url
                  + ": "
                  + e.getClass().getSimpleName()
                  + "; fix or remove the file"));
    }
    if (!yaml) {
      return PropertiesFile.parse(text, url.toString(), subject);
    }
    if (!YAML_PRESENT) {
      throw new ConfigurationException(
          subject,
          List.of(
              "reading "
                  + url
                  + " needs YAML support, which is optional: add"
                  + " com.fasterxml.jackson.dataformat:jackson-dataformat-yaml (the version of your"
                  + " jackson-databind) to the application (on the module path also"
                  + " --add-modules com.fasterxml.jackson.dataformat.yaml), or use a .properties"
                  + " file"));
    }
    // Only here is YamlConfigFile loaded, and with it Jackson's YAML module.
    return YamlConfigFile.parse(text, url, subject);
  }

  /**
   * The key an environment variable stands for.
   *
   * @param var the variable name
   * @param bindingKeys the keys each discovered binding declares, by binding name
   * @return the full key, or {@code null} if the variable is not a {@code HERMOD_*} key (such as
   *     {@code HERMOD_CONFIG})
   */
  public static @Nullable String keyOf(String var, Map<String, List<ConfigKey<?>>> bindingKeys) {
    if (!var.startsWith(ENV_PREFIX)
        || var.length() == ENV_PREFIX.length()
        || IGNORED_ENVIRONMENT.contains(var)) {
      return null;
    }
    String rest = var.substring(ENV_PREFIX.length());
    if (rest.startsWith(CHANNELS_ENV)) {
      String channel = channelKey(rest.substring(CHANNELS_ENV.length()));
      if (channel != null) {
        return channel;
      }
    }
    String declared = declaredKey(var, CoreConfig.PREFIX, CoreConfig.KEYS);
    if (declared != null) {
      return declared;
    }
    for (Map.Entry<String, List<ConfigKey<?>>> binding : bindingKeys.entrySet()) {
      String prefix = CoreConfig.PREFIX + binding.getKey() + ".";
      String head = envForm(binding.getKey()) + "_";
      if (rest.startsWith(head) && rest.length() > head.length()) {
        String key = declaredKey(var, prefix, binding.getValue());
        return key != null ? key : prefix + dashed(rest.substring(head.length()));
      }
    }
    return CoreConfig.PREFIX + dashed(rest);
  }

  /**
   * The declared key (under {@code prefix}) a variable stands for: its exact form, or under a
   * pass-through prefix's form the prefix and the rest with {@code _} as {@code .}.
   */
  private static @Nullable String declaredKey(String var, String prefix, List<ConfigKey<?>> keys) {
    // An exact key wins over a pass-through prefix it happens to start with.
    for (ConfigKey<?> k : keys) {
      if (k.type() != ConfigKey.Type.PASS_THROUGH && k.environmentVariable(prefix).equals(var)) {
        return prefix + k.name();
      }
    }
    String best = null;
    int bestLength = -1;
    for (ConfigKey<?> k : keys) {
      String form = k.environmentVariable(prefix);
      if (k.type() == ConfigKey.Type.PASS_THROUGH
          && var.startsWith(form)
          && var.length() > form.length()
          && form.length() > bestLength) {
        best =
            prefix
                + k.name()
                + var.substring(form.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        bestLength = form.length();
      }
    }
    return best;
  }

  /** {@code ORDERS_BACKOFF_INITIAL} to {@code hermod.channels.orders.backoff.initial}. */
  private static @Nullable String channelKey(String envRest) {
    String best = null;
    for (String property : ChannelConfig.PROPERTIES) {
      String tail = "_" + envForm(property);
      if (envRest.endsWith(tail)
          && envRest.length() > tail.length()
          && (best == null || property.length() > best.length())) {
        best = property;
      }
    }
    if (best == null) {
      return null;
    }
    String name = envRest.substring(0, envRest.length() - envForm(best).length() - 1);
    return ChannelConfig.PREFIX + dashed(name) + "." + best;
  }

  private static String envForm(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String dashed(String envPart) {
    return envPart.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
