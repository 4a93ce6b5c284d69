package io.hermod.cli.internal;

import java.util.List;
import java.util.Locale;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps only the scenarios named by {@code --scenario}: ids ({@code A02}) or whole groups ({@code
 * B}). Immutable and thread-safe.
 */
final class ScenarioFilter implements PostDiscoveryFilter {

  private final List<String> selectors;

  /**
   * A filter.
   *
   * @param selectors ids such as {@code A02} or group letters such as {@code B}
   */
  ScenarioFilter(List<String> selectors) {
    this.selectors = selectors.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList();
  }

  /**
   * Whether a selector is an id or a group letter.
   *
   * @param selector the selector
   * @return {@code true} for {@code A02} or {@code B}
   */
  static boolean valid(String selector) {
    return selector.trim().toUpperCase(Locale.ROOT).matches("[A-H](\\d\\d)?");
  }

  @Override
  public FilterResult apply(TestDescriptor descriptor) {
    if (!descriptor.isTest()) {
      // Containers stay; the launcher prunes the ones left without scenarios.
      return FilterResult.included("a group");
    }
    String id = descriptor.getDisplayName().split(" ", 2)[0].toUpperCase(Locale.ROOT);
    for (String s : selectors) {
      if (id.equals(s) || (s.length() == 1 && id.startsWith(s))) {
        return FilterResult.included("selected by --scenario " + s);
      }
    }
    return FilterResult.excluded("not selected by --scenario");
  }
}
