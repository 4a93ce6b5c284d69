package io.hermod.spi.support;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the closest known name to a misspelt one, for "did you mean" hints.
 *
 * @since 0.1
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code input} by edit distance, if it is close enough to be a
   * plausible typo (at most a third of the input's length, and at least 1 edit allowed up to 3).
   *
   * @param input the misspelt name
   * @param candidates the known names
   * @return the closest candidate, or empty if none is close
   */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d =
          distance(input.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, input.length() / 3));
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /**
   * The Damerau-Levenshtein (optimal string alignment) distance: a swap of two neighbours counts as
   * one edit, as in {@code kafak}.
   *
   * @param a one string
   * @param b the other
   * @return the number of edits
   */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
