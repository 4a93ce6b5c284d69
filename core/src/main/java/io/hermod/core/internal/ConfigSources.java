package io.hermod.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hermod.api.ConfigurationException;
import io.hermod.spi.support.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * YAML that rejects a key given twice in one map, which would otherwise silently take the last
   * value. Thread-safe once built.
   */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

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
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(subject, List.of(yamlProblem(e, url)));
    }
    return flatten(root, url, subject);
  }

  /** The place of a YAML syntax error, or the full key and place of a duplicate. */
  private static String yamlProblem(JsonProcessingException e, URL url) {
    JsonParser parser = e instanceof StreamReadException read ? read.getProcessor() : null;
    if (parser != null
        && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Duplicate field")) {
      // The context already holds the repeated name; its parents hold the enclosing maps'.
      List<String> path = new ArrayList<>();
      for (JsonStreamContext c = parser.getParsingContext(); c != null; c = c.getParent()) {
        if (c.getCurrentName() != null) {
          path.add(0, c.getCurrentName());
        }
      }
      JsonLocation at = parser.currentTokenLocation();
      return url
          + " gives "
          + String.join(".", path)
          + " twice, the second time at line "
          + at.getLineNr()
          + ", column "
          + at.getColumnNr()
          + "; keep one of them";
    }
    JsonLocation at = e.getLocation();
    return "cannot parse "
        + url
        + " as YAML"
        + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
        + "; fix the syntax (keys such as 'hermod.send-timeout: 5s' or nested maps)";
  }

  /**
   * Nested maps become dotted keys, lists comma-separated values, null an empty value. A key
   * reached twice (dotted and nested, {@code hermod.a: 1} and {@code hermod: {a: 2}}) is a problem,
   * like a key repeated in one map.
   */
  static Map<String, String> flatten(@Nullable JsonNode root, URL url, String subject) {
    Map<String, String> out = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ConfigurationException(
          subject,
          List.of("the YAML document must be a map of keys, e.g. 'hermod.binding: kafka'"));
    }
    Set<String> twice = new java.util.LinkedHashSet<>();
    flatten("", root, out, twice);
    if (!twice.isEmpty()) {
      throw new ConfigurationException(
          subject,
          twice.stream()
              .map(
                  k ->
                      url
                          + " gives "
                          + k
                          + " twice (as a dotted key and in nested maps); keep one of them")
              .toList());
    }
    return out;
  }

  private static void flatten(
      String prefix, JsonNode node, Map<String, String> out, Set<String> twice) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(
            prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, twice);
      }
      return;
    }
    String value;
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
      value = String.join(",", items);
    } else {
      value = node.isNull() ? "" : node.asText();
    }
    if (out.put(prefix, value) != null) {
      twice.add(prefix);
    }
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
    for (ConfigKey<?> k : keys) {
      String form = k.environmentVariable(prefix);
      if (k.type() == ConfigKey.Type.PASS_THROUGH) {
        if (var.startsWith(form) && var.length() > form.length()) {
          return prefix
              + k.name()
              + var.substring(form.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        }
      } else if (form.equals(var)) {
        return prefix + k.name();
      }
    }
    return null;
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
