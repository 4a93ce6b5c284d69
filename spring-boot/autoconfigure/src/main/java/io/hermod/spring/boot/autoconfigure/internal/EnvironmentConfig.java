package io.hermod.spring.boot.autoconfigure.internal;

import io.hermod.core.ConfigurationReference;
import io.hermod.core.Hermod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Hermod's configuration as Spring's {@code Environment} holds it: every {@code hermod.*} key of
 * every property source ({@code application.yaml}, profiles, {@code SPRING_APPLICATION_JSON},
 * command-line arguments, system properties), and every {@code HERMOD_*} environment variable under
 * the key core maps it to ({@link ConfigurationReference#keyOfEnvironmentVariable}). Keys keep
 * Hermod's exact names: no relaxed binding, so a misspelt or camel-cased key reaches core, which
 * reports it as unknown with the closest declared one. A key set in several sources takes the value
 * of the one Spring ranks first, and remembers that source as its origin, so core's problems say
 * which file and line set the key. YAML lists ({@code hermod.x[0]}) become the comma-separated
 * values Hermod reads. Stateless.
 */
public final class EnvironmentConfig {

  /** A list element of a flattened YAML or JSON list. */
  private static final Pattern INDEXED = Pattern.compile("^(hermod\\.[^\\[]+)\\[\\d+]$");

  private static final String PREFIX = "hermod.";

  private static final String ENV_PREFIX = "HERMOD_";

  /**
   * A configured key: its value and where Spring found it.
   *
   * @param value the value, placeholders resolved
   * @param origin the file and line, variable or property source
   */
  public record Entry(String value, String origin) {}

  private EnvironmentConfig() {}

  /**
   * Reads the {@code Environment}.
   *
   * @param environment Spring's environment
   * @return full keys and their entries, in key order of first appearance, never {@code null}
   */
  public static Map<String, Entry> read(ConfigurableEnvironment environment) {
    Map<String, Entry> out = new LinkedHashMap<>();
    List<String> lists = new ArrayList<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
          || !(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      for (String name : enumerable.getPropertyNames()) {
        Optional<String> key = keyOf(name);
        if (key.isEmpty() || out.containsKey(key.get())) {
          continue;
        }
        Matcher indexed = INDEXED.matcher(key.get());
        if (indexed.matches()) {
          String list = indexed.group(1);
          if (!out.containsKey(list)) {
            lists.add(list);
            out.put(list, new Entry("", origin(source, name)));
          }
          continue;
        }
        String value = environment.getProperty(key.get());
        if (value == null) {
          Object raw = source.getProperty(name);
          value = raw == null ? "" : environment.resolvePlaceholders(String.valueOf(raw));
        }
        out.put(key.get(), new Entry(value, origin(source, name)));
      }
    }
    Binder binder = Binder.get(environment);
    for (String list : lists) {
      List<String> values = binder.bind(list, Bindable.listOf(String.class)).orElse(List.of());
      out.put(list, new Entry(String.join(",", values), out.get(list).origin()));
    }
    return out;
  }

  /**
   * Puts what {@link #read} found on a builder, each key with its origin.
   *
   * @param environment Spring's environment
   * @param builder the builder to configure
   */
  public static void apply(ConfigurableEnvironment environment, Hermod.Builder builder) {
    read(environment).forEach((k, e) -> builder.property(k, e.value(), e.origin()));
  }

  private static Optional<String> keyOf(String name) {
    if (name.startsWith(PREFIX)) {
      return Optional.of(name);
    }
    if (name.startsWith(ENV_PREFIX)) {
      return ConfigurationReference.keyOfEnvironmentVariable(name);
    }
    return Optional.empty();
  }

  private static String origin(PropertySource<?> source, String name) {
    @Nullable Origin origin = null;
    if (source instanceof OriginLookup<?>) {
      @SuppressWarnings("unchecked")
      OriginLookup<String> lookup = (OriginLookup<String>) source;
      origin = lookup.getOrigin(name);
    }
    return origin != null ? origin.toString() : "Spring property source '" + source.getName() + "'";
  }
}
