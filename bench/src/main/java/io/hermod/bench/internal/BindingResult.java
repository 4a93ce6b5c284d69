package io.hermod.bench.internal;

import java.util.List;

/**
 * Everything measured on one binding. Immutable.
 *
 * @param binding the binding name
 * @param figures the figures in run order
 * @param hermodPeakHeapBytes the highest heap used while Hermod ran
 * @param rawPeakHeapBytes the highest heap used while the raw client ran
 * @param notes anything a reader must know (skipped figures, errors)
 * @param baseline what Hermod is compared with: {@code raw} (the broker's own client) or {@code
 *     observed} (Hermod with metrics and tracing installed)
 */
public record BindingResult(
    String binding,
    List<Figure> figures,
    long hermodPeakHeapBytes,
    long rawPeakHeapBytes,
    List<String> notes,
    String baseline) {

  /** Copies the lists. */
  public BindingResult {
    figures = List.copyOf(figures);
    notes = List.copyOf(notes);
  }
}
