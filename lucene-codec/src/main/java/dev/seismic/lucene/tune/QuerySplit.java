package dev.seismic.lucene.tune;

import java.util.Arrays;
import java.util.Random;

/**
 * A seeded random split of query positions into a tuning part and a held-out part.
 *
 * <p>The positions are shuffled with {@code new java.util.Random(seed)} (Fisher–Yates, as {@code
 * Collections.shuffle} does), then the first {@code round(n × heldOutFraction)} go to the held-out
 * part and the rest to the tuning part; each part is sorted back into file order. The same seed and
 * size give the same split on every JVM, so a run can be repeated. Random rather than the file's
 * head and tail because query files are often grouped (by source, by topic): a tail would validate
 * on a different kind of query than was tuned on. Each part keeps at least one query.
 *
 * @param tuning positions the sweep measures, ascending
 * @param heldOut positions only the chosen setting is measured on, ascending
 */
public record QuerySplit(int[] tuning, int[] heldOut) {

  /** Splits positions {@code 0..n-1}; needs {@code n >= 2} and a fraction in (0, 1). */
  public static QuerySplit of(int n, double heldOutFraction, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException(
          "need at least 2 queries to tune on some and validate on others, got " + n);
    }
    if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException(
          "the held-out fraction must be in (0, 1), got " + heldOutFraction);
    }
    int[] order = shuffled(n, seed);
    int held = (int) Math.max(1, Math.min(n - 1, Math.round(n * heldOutFraction)));
    int[] heldOut = Arrays.copyOfRange(order, 0, held);
    int[] tuning = Arrays.copyOfRange(order, held, n);
    Arrays.sort(heldOut);
    Arrays.sort(tuning);
    return new QuerySplit(tuning, heldOut);
  }

  /**
   * {@code sample} positions of {@code 0..n-1} drawn without replacement, ascending (all of them
   * when {@code sample >= n}); for picking the queries to tune on from a larger file.
   */
  public static int[] sample(int n, int sample, long seed) {
    if (sample < 1) {
      throw new IllegalArgumentException("the sample must hold at least 1 query, got " + sample);
    }
    int[] picked = Arrays.copyOf(shuffled(n, seed), Math.min(n, sample));
    Arrays.sort(picked);
    return picked;
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
