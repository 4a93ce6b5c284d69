package io.hermod.core.internal;

import io.hermod.api.BindingNotFoundException;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the binding to use among the providers on the class path, by the provider's own name,
 * failing with the fix when none, several or the wrong one is found. Never falls back to a no-op.
 * Immutable and thread-safe.
 */
public final class BindingDiscovery {

  private static final Logger log = LoggerFactory.getLogger(BindingDiscovery.class);

  private final List<BindingProvider> providers;

  /**
   * Discovery over a given provider list (for tests).
   *
   * @param providers the providers, in discovery order
   */
  public BindingDiscovery(List<BindingProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /**
   * Discovery over the providers {@link ServiceLoader} finds.
   *
   * @return the discovery, never {@code null}
   */
  public static BindingDiscovery fromServiceLoader() {
    List<BindingProvider> found = new ArrayList<>();
    load(ServiceLoader.load(BindingProvider.class), found);
    if (found.isEmpty()) {
      // On the module path ServiceLoader.load(Class) uses the caller's layer; also try the
      // context class loader so class-path deployments inside containers are found.
      ClassLoader tccl = Thread.currentThread().getContextClassLoader();
      if (tccl != null) {
        load(ServiceLoader.load(BindingProvider.class, tccl), found);
      }
    }
    return new BindingDiscovery(found);
  }

  /** Loads every provider that can be instantiated; a broken one is logged, not fatal. */
  private static void load(ServiceLoader<BindingProvider> loader, List<BindingProvider> into) {
    Iterator<BindingProvider> it = loader.iterator();
    // ServiceLoader recovers from a broken provider only on a best-effort basis: bound the retries.
    for (int errors = 0; errors < 32; ) {
      try {
        if (!it.hasNext()) {
          return;
        }
        into.add(it.next());
      } catch (ServiceConfigurationError e) {
        errors++;
        log.error("a Hermod binding on the class path cannot be loaded; it is ignored", e);
      }
    }
  }

  /**
   * The names of the providers found, in order, without duplicates.
   *
   * @return the names, never {@code null}
   */
  public List<String> names() {
    return providers.stream().map(BindingProvider::name).distinct().toList();
  }

  /**
   * The keys each provider found declares, for mapping environment variables to them.
   *
   * @return the declarations by binding name, in discovery order, never {@code null}
   */
  public Map<String, List<ConfigKey<?>>> configKeys() {
    Map<String, List<ConfigKey<?>>> out = new LinkedHashMap<>();
    providers.forEach(p -> out.putIfAbsent(p.name(), List.copyOf(p.configKeys())));
    return out;
  }

  /**
   * Selects the provider.
   *
   * @param requested the value of {@code hermod.binding}, or {@code null}
   * @return the provider, never {@code null}
   * @throws BindingNotFoundException with the fix when there is no single match
   */
  public BindingProvider select(@Nullable String requested) {
    Map<String, List<BindingProvider>> byName = new LinkedHashMap<>();
    for (BindingProvider p : providers) {
      byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<String, List<BindingProvider>> e : byName.entrySet()) {
      if (e.getValue().size() > 1) {
        throw new BindingNotFoundException(
            "several bindings are named '"
                + e.getKey()
                + "': "
                + e.getValue().stream()
                    .map(p -> p.getClass().getName())
                    .collect(Collectors.joining(", "))
                + "; keep only one of them on the class path");
      }
    }
    List<String> names = List.copyOf(byName.keySet());
    if (names.isEmpty()) {
      throw new BindingNotFoundException(
          "no Hermod binding found on the class path; add one of "
              + artifacts(CoreConfig.WELL_KNOWN_BINDINGS)
              + (requested == null ? "" : " (hermod.binding is '" + requested + "')"));
    }
    if (requested == null) {
      if (names.size() == 1) {
        return byName.get(names.get(0)).get(0);
      }
      throw new BindingNotFoundException(
          "several bindings found on the class path: "
              + names
              + "; set hermod.binding to one of "
              + names);
    }
    List<BindingProvider> match = byName.get(requested);
    if (match != null) {
      return match.get(0);
    }
    StringBuilder sb = new StringBuilder("binding '").append(requested).append("' not found");
    List<String> candidates = new ArrayList<>(names);
    CoreConfig.WELL_KNOWN_BINDINGS.stream()
        .filter(n -> !names.contains(n) && !n.equals(requested))
        .forEach(candidates::add);
    String suggestion = Suggestions.closest(requested, candidates).orElse(null);
    if (suggestion != null) {
      sb.append("; did you mean '").append(suggestion).append("'? available: ");
    } else {
      sb.append("; available: ");
    }
    sb.append(names);
    String missing = CoreConfig.WELL_KNOWN_BINDINGS.contains(requested) ? requested : suggestion;
    if (missing != null && !names.contains(missing)) {
      sb.append("; add io.hermod:hermod-binding-").append(missing);
    }
    throw new BindingNotFoundException(sb.toString());
  }

  /** "a, b, c or d" of the artifacts of the given binding names. */
  private static String artifacts(List<String> names) {
    List<String> a = names.stream().map(n -> "io.hermod:hermod-binding-" + n).toList();
    if (a.size() == 1) {
      return a.get(0);
    }
    return String.join(", ", a.subList(0, a.size() - 1)) + " or " + a.get(a.size() - 1);
  }
}
