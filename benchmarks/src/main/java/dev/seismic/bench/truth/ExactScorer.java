package dev.seismic.bench.truth;

import dev.seismic.bench.data.VectorSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Scores any document of a set exactly for one query, straight from the vectors (no index), in the
 * same arithmetic as {@link BruteForce}. Recall uses it to recognise documents that tie the k-th
 * exact score when the ground truth comes from a cache and no {@link BruteForce} is built.
 */
public final class ExactScorer {

  private final VectorSet documents;
  private final WeightMode mode;

  public ExactScorer(VectorSet documents, WeightMode mode) {
    this.documents = documents;
    this.mode = mode;
  }

  /** A scorer of documents for query {@code q} of {@code queries}. */
  public IntToDoubleFunction forQuery(VectorSet queries, int q) {
    Map<String, Float> query = asMap(queries, q);
    return doc -> score(query, documents.tokens(doc), documents.weights(doc), mode);
  }

  /** Query {@code q} as a token to weight map. */
  static Map<String, Float> asMap(VectorSet queries, int q) {
    String[] tokens = queries.tokens(q);
    float[] weights = queries.weights(q);
    Map<String, Float> query = new HashMap<>(tokens.length * 2);
    for (int i = 0; i < tokens.length; i++) {
      query.put(tokens[i], weights[i]);
    }
    return query;
  }

  /** The exact score of one document, summed over its tokens in order. */
  static double score(Map<String, Float> query, String[] t, float[] w, WeightMode mode) {
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      Float qw = query.get(t[i]);
      if (qw != null) {
        s += (double) qw * mode.apply(w[i]);
      }
    }
    return s;
  }

  /** Mean recall@k of {@code retrieved} against {@code truth} (each cut to k). */
  public Recall recall(TopK[] truth, int[][] retrieved, int k, VectorSet queries) {
    Recall r = new Recall();
    for (int q = 0; q < truth.length; q++) {
      r.add(truth[q].head(k), retrieved[q], k, forQuery(queries, q));
    }
    return r;
  }
}
