package dev.seismic.bench.truth;

import dev.seismic.bench.data.VectorSet;
import java.util.function.IntToDoubleFunction;

/**
 * Recall@k of retrieved documents against an exact top-k, averaged over queries.
 *
 * <p>A retrieved document counts as a hit when it is in the exact top-k, or when its exact score
 * ties the k-th exact score within a relative {@value #TIE_TOLERANCE} (as ANN benchmarks do with an
 * epsilon on the k-th distance): which of several equally scored documents makes the cut is
 * arbitrary and must not count as a miss. Hits are capped at the size of the exact list. A query
 * whose exact list is empty (no document shares a token with it) has no defined recall and is left
 * out of the mean; {@link #skipped()} counts such queries.
 */
public final class Recall {

  /** Relative tolerance for a tie with the k-th exact score. */
  public static final double TIE_TOLERANCE = 1e-5;

  private double sum;
  private int queries;
  private int skipped;

  /**
   * Adds one query.
   *
   * @param truth the exact top-k
   * @param retrieved document numbers returned by the method under test (at most k are looked at)
   * @param exactScore the exact score of any document for this query, in the truth's weights
   */
  public void add(TopK truth, int[] retrieved, int k, IntToDoubleFunction exactScore) {
    add(of(truth, retrieved, k, exactScore));
  }

  /** Adds one query's recall; NaN means undefined and counts as skipped. */
  public void add(double recall) {
    if (Double.isNaN(recall)) {
      skipped++;
    } else {
      sum += recall;
      queries++;
    }
  }

  /**
   * Mean recall of many queries.
   *
   * @param truth per query, the exact top-k
   * @param retrieved per query, the document numbers returned by the method under test
   * @param exact scores any document in the truth's weights, to recognise ties
   * @param queries the query vectors, for {@code exact}
   */
  public static Recall of(
      TopK[] truth, int[][] retrieved, int k, BruteForce exact, VectorSet queries) {
    if (truth.length != retrieved.length || truth.length != queries.size()) {
      throw new IllegalArgumentException(
          truth.length
              + " exact lists, "
              + retrieved.length
              + " results and "
              + queries.size()
              + " queries");
    }
    Recall r = new Recall();
    for (int q = 0; q < truth.length; q++) {
      String[] tokens = queries.tokens(q);
      float[] weights = queries.weights(q);
      r.add(truth[q], retrieved[q], k, doc -> exact.score(tokens, weights, doc));
    }
    return r;
  }

  /** Recall of one query: NaN when the exact list is empty. */
  public static double of(TopK truth, int[] retrieved, int k, IntToDoubleFunction exactScore) {
    int expected = Math.min(k, truth.size());
    if (expected == 0) {
      return Double.NaN;
    }
    double kth = truth.scores()[expected - 1];
    double threshold = kth - Math.abs(kth) * TIE_TOLERANCE;
    int hits = 0;
    for (int i = 0; i < Math.min(k, retrieved.length); i++) {
      int doc = retrieved[i];
      if (contains(truth.docs(), expected, doc)
          || (truth.size() >= k && exactScore.applyAsDouble(doc) >= threshold)) {
        hits++;
      }
    }
    return Math.min(hits, expected) / (double) expected;
  }

  private static boolean contains(int[] docs, int n, int doc) {
    for (int i = 0; i < n; i++) {
      if (docs[i] == doc) {
        return true;
      }
    }
    return false;
  }

  /** Mean recall over the queries with a defined recall; NaN if none. */
  public double mean() {
    return queries == 0 ? Double.NaN : sum / queries;
  }

  /** Queries counted in the mean. */
  public int queries() {
    return queries;
  }

  /** Queries left out because their exact list was empty. */
  public int skipped() {
    return skipped;
  }
}
