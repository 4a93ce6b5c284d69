package io.hermod.bench.internal;

/**
 * One measured figure on one binding, Hermod beside raw. Immutable.
 *
 * @param name e.g. {@code throughput at-least-once}
 * @param unit e.g. {@code msg/s} or {@code us}
 * @param higherIsBetter whether a bigger number is a better one
 * @param hermod Hermod's trials
 * @param raw the raw client's trials
 */
public record Figure(String name, String unit, boolean higherIsBetter, Stats hermod, Stats raw) {

  /**
   * Hermod's median over raw's median.
   *
   * @return the ratio, {@code NaN} when raw is zero
   */
  public double ratio() {
    return raw.median() == 0 ? Double.NaN : hermod.median() / raw.median();
  }
}
