package io.hermod.micrometer.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable configuration of one observer.
 *
 * @param registry where the meters go
 * @param tags extra tags on every meter
 * @param percentileHistograms whether timers publish percentile histograms
 */
public record MetricsConfig(MeterRegistry registry, Tags tags, boolean percentileHistograms) {

  /**
   * Checks and makes a configuration.
   *
   * @param registry where the meters go
   * @param tags extra tags on every meter
   * @param percentileHistograms whether timers publish percentile histograms
   * @return the configuration
   * @throws IllegalArgumentException naming every extra tag whose key Hermod sets itself
   */
  public static MetricsConfig of(MeterRegistry registry, Tags tags, boolean percentileHistograms) {
    List<String> problems = new ArrayList<>();
    for (Tag tag : tags) {
      if (Names.OWN_TAG_KEYS.contains(tag.getKey())) {
        problems.add(
            "extra tag '"
                + tag.getKey()
                + "' (value '"
                + tag.getValue()
                + "'): Hermod sets this key itself on its meters; choose another key");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid hermod-micrometer configuration:\n  - " + String.join("\n  - ", problems));
    }
    return new MetricsConfig(registry, tags, percentileHistograms);
  }
}
