package dev.seismic.bench.truth;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.VectorStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Exact scores of the (query, document) pairs that recall needs, computed in one pass over the
 * documents, so recall can recognise ties with the k-th exact score without the documents in memory
 * (a streamed set is not): every document some system returned for a query is scored for it, in
 * each {@link WeightMode}, in the arithmetic of {@link ExactScorer}.
 */
public final class PairScores {

  private final long[] pairs; // document << 32 | query, sorted
  private final double[][] scores; // [mode.ordinal()][pair]

  private PairScores(long[] pairs, double[][] scores) {
    this.pairs = pairs;
    this.scores = scores;
  }

  /**
   * Scores every pair (q, d) with d in {@code hitLists.get(i)[q]} for some i.
   *
   * @param hitLists per system, per query, the document numbers it returned
   */
  public static PairScores compute(VectorStream docs, VectorSet queries, List<int[][]> hitLists)
      throws IOException {
    int count = 0;
    for (int[][] hits : hitLists) {
      for (int[] h : hits) {
        count += h.length;
      }
    }
    long[] all = new long[count];
    int n = 0;
    for (int[][] hits : hitLists) {
      for (int q = 0; q < hits.length; q++) {
        for (int d : hits[q]) {
          all[n++] = ((long) d << 32) | q;
        }
      }
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[distinct++] = all[i];
      }
    }
    long[] pairs = Arrays.copyOf(all, distinct);
    WeightMode[] modes = WeightMode.values();
    double[][] scores = new double[modes.length][distinct];
    Map<Integer, Map<String, Float>> queryMaps = new HashMap<>();
    int[] next = {0};
    long[] doc = {0};
    docs.forEach(
        (id, tokens, weights) -> {
          long d = doc[0]++;
          while (next[0] < pairs.length && (pairs[next[0]] >>> 32) == d) {
            int q = (int) pairs[next[0]];
            Map<String, Float> query =
                queryMaps.computeIfAbsent(q, x -> ExactScorer.asMap(queries, x));
            for (WeightMode mode : modes) {
              scores[mode.ordinal()][next[0]] = ExactScorer.score(query, tokens, weights, mode);
            }
            next[0]++;
          }
        });
    if (next[0] != pairs.length) {
      throw new IllegalStateException(
          "a system returned document " + (pairs[next[0]] >>> 32) + " of " + doc[0]);
    }
    return new PairScores(pairs, scores);
  }

  /** The exact score of any document returned for query {@code q}. */
  public IntToDoubleFunction forQuery(int q, WeightMode mode) {
    double[] s = scores[mode.ordinal()];
    return d -> {
      int i = Arrays.binarySearch(pairs, ((long) d << 32) | q);
      if (i < 0) {
        throw new IllegalArgumentException("no score for document " + d + " of query " + q);
      }
      return s[i];
    };
  }

  /** Mean recall@k of {@code retrieved} against {@code truth} (each cut to k). */
  public Recall recall(TopK[] truth, int[][] retrieved, int k, WeightMode mode) {
    Recall r = new Recall();
    for (int q = 0; q < truth.length; q++) {
      r.add(truth[q].head(k), retrieved[q], k, forQuery(q, mode));
    }
    return r;
  }
}
