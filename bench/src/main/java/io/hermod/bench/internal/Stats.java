package io.hermod.bench.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The median and spread of one figure over several trials. Immutable.
 *
 * @param median the median trial
 * @param min the lowest trial
 * @param max the highest trial
 */
public record Stats(double median, double min, double max) {

  /**
   * Summarises trial values.
   *
   * @param values at least one value
   * @return the summary, never {@code null}
   */
  public static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no trials");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(median, sorted.get(0), sorted.get(n - 1));
  }
}
