package io.hermod.core.internal;

import io.hermod.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the external configuration sources, later ones winning: {@code hermod.properties} on the
 * class path, then environment variables, then {@code hermod.*} system properties.
 *
 * <p>Environment variables map to keys as follows: {@code HERMOD_BINDING} is {@code
 * hermod.binding}; {@code HERMOD_<BINDING>_<REST>}, where {@code <BINDING>} is the upper-cased
 * name of a discovered binding, is {@code hermod.<binding>.<rest>} with {@code _} turned into
 * {@code -} and lower-cased (so {@code HERMOD_KAFKA_BOOTSTRAP_SERVERS} is {@code
 * hermod.kafka.bootstrap-servers}); every other {@code HERMOD_*} variable is the core key whose
 * upper-cased form with {@code .} and {@code -} as {@code _} it equals ({@code
 * HERMOD_SEND_TIMEOUT} is {@code hermod.send-timeout}, {@code HERMOD_DEDUP_MAX_IDS} is {@code
 * hermod.dedup.max-ids}), or else {@code hermod.<rest>} with {@code _} as {@code -}, reported as
 * unknown. Stateless.
 */
public final class ConfigSources {

  /** The class-path resource read first. */
  public static final String RESOURCE = "hermod.properties";

  private static final String ENV_PREFIX = "HERMOD_";

  /** Core keys relative to {@code hermod.}, for mapping environment variables back. */
  private static final List<String> CORE_KEYS =
      List.of(
          "binding",
          "send-timeout",
          "connect-timeout",
          "request-timeout",
          "dedup.max-ids",
          "circuit-breaker.failure-rate-threshold",
          "circuit-breaker.wait-in-open",
          "circuit-breaker.minimum-calls",
          "chaos.lost-ack-rate");

  private ConfigSources() {}

  /**
   * The merged external configuration.
   *
   * @param loader where to look for {@code hermod.properties}
   * @param env the environment
   * @param system the system properties
   * @param bindingNames the discovered binding names
   * @return full keys and values, never {@code null}
   */
  public static Map<String, String> read(
      ClassLoader loader,
      Map<String, String> env,
      Properties system,
      Collection<String> bindingNames) {
    Map<String, String> out = new TreeMap<>(classPathFile(loader));
    out.putAll(fromEnvironment(env, bindingNames));
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith(CoreConfig.PREFIX)) {
        out.put(name, system.getProperty(name));
      }
    }
    return out;
  }

  /**
   * The {@code hermod.*} keys of {@code hermod.properties}, if present.
   *
   * @param loader the class loader
   * @return the properties, never {@code null}
   */
  public static Map<String, String> classPathFile(ClassLoader loader) {
    URL url = loader.getResource(RESOURCE);
    Map<String, String> out = new TreeMap<>();
    if (url == null) {
      return out;
    }
    Properties p = new Properties();
    try (InputStream in = url.openStream();
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigurationException(
          RESOURCE, List.of("cannot read " + url + ": " + e.getMessage() + "; fix or remove the file"));
    }
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /**
   * The keys given by {@code HERMOD_*} environment variables.
   *
   * @param env the environment
   * @param bindingNames the discovered binding names
   * @return full keys and values, never {@code null}
   */
  public static Map<String, String> fromEnvironment(
      Map<String, String> env, Collection<String> bindingNames) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (var, value) -> {
          String key = keyOf(var, bindingNames);
          if (key != null) {
            out.put(key, value);
          }
        });
    return out;
  }

  /**
   * The key an environment variable stands for.
   *
   * @param var the variable name
   * @param bindingNames the discovered binding names
   * @return the full key, or {@code null} if the variable is not a {@code HERMOD_*} one
   */
  public static @Nullable String keyOf(String var, Collection<String> bindingNames) {
    if (!var.startsWith(ENV_PREFIX) || var.length() == ENV_PREFIX.length()) {
      return null;
    }
    String rest = var.substring(ENV_PREFIX.length());
    for (String core : CORE_KEYS) {
      if (envForm(core).equals(rest)) {
        return CoreConfig.PREFIX + core;
      }
    }
    for (String binding : bindingNames) {
      String head = envForm(binding) + "_";
      if (rest.startsWith(head) && rest.length() > head.length()) {
        return CoreConfig.PREFIX + binding + "." + dashed(rest.substring(head.length()));
      }
    }
    return CoreConfig.PREFIX + dashed(rest);
  }

  private static String envForm(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String dashed(String envPart) {
    return envPart.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
