package dev.seismic.bench.truth;

/**
 * The best documents of one query, by descending score then ascending document number (Lucene's
 * order, so ties resolve the same way on both sides). May hold fewer than k documents when fewer
 * match.
 *
 * @param docs document numbers (positions in the document {@code VectorSet})
 * @param scores their scores, parallel to {@code docs}
 */
public record TopK(int[] docs, float[] scores) {

  public int size() {
    return docs.length;
  }

  /** The lowest score kept, or NaN when empty. */
  public float lastScore() {
    return docs.length == 0 ? Float.NaN : scores[docs.length - 1];
  }

  /** The best {@code k} (this list if it holds no more): exact top-k is a prefix of top-k' ≥ k. */
  public TopK head(int k) {
    if (k >= docs.length) {
      return this;
    }
    return new TopK(java.util.Arrays.copyOf(docs, k), java.util.Arrays.copyOf(scores, k));
  }
}
