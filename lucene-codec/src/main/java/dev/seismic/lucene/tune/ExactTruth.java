package dev.seismic.lucene.tune;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * The exact top k of every query, found by Lucene's exact search on the same index, and recall@k
 * against it.
 *
 * <p>Exact search on the same index rather than brute force over the original floats: the tuner
 * sees only the index, and Seismic scores documents with the weights the index holds, so this is
 * the best any setting can do and the ceiling a target is measured against.
 *
 * <p>A returned document counts as a hit when it is in the exact top k, or when the exact list is
 * full and the document's score ties the k-th exact score within a relative {@value
 * #TIE_TOLERANCE}: which of several equally scored documents makes the cut is arbitrary (sums in
 * another order differ in the last bits) and must not count as a miss. Seismic returns each hit's
 * exact score, so the returned score is compared. Hits are capped at the size of the exact list. A
 * query no document matches has no defined recall and is left out of means (the benchmarks' {@code
 * Recall} does the same).
 */
final class ExactTruth {

  /** Relative tolerance for a tie with the k-th exact score. */
  static final double TIE_TOLERANCE = 1e-5;

  private final int k;
  private final int[][] docs; // per query, the exact top-k documents (searcher-wide ids)
  private final float[] kthScore; // per query, the k-th exact score (the last one when fewer)

  private ExactTruth(int k, int[][] docs, float[] kthScore) {
    this.k = k;
    this.docs = docs;
    this.kthScore = kthScore;
  }

  /** Runs the exact query of every vector. */
  static ExactTruth compute(IndexSearcher searcher, String field, List<SparseVector> queries, int k)
      throws IOException {
    int[][] docs = new int[queries.size()][];
    float[] kth = new float[queries.size()];
    for (int q = 0; q < queries.size(); q++) {
      TopDocs top = searcher.search(SeismicQuery.exactQuery(field, queries.get(q)), k);
      docs[q] = new int[top.scoreDocs.length];
      for (int i = 0; i < docs[q].length; i++) {
        docs[q][i] = top.scoreDocs[i].doc;
      }
      kth[q] = docs[q].length == 0 ? 0f : top.scoreDocs[docs[q].length - 1].score;
    }
    return new ExactTruth(k, docs, kth);
  }

  /** Whether some document matches query {@code q}, i.e. its recall is defined. */
  boolean hasHits(int q) {
    return docs[q].length > 0;
  }

  /** Recall@k of {@code found} for query {@code q}; NaN when no document matches the query. */
  double recall(int q, TopDocs found) {
    int expected = docs[q].length;
    if (expected == 0) {
      return Double.NaN;
    }
    double threshold = kthScore[q] - Math.abs(kthScore[q]) * TIE_TOLERANCE;
    boolean full = expected >= k;
    int hits = 0;
    ScoreDoc[] hitsFound = found.scoreDocs;
    for (int i = 0; i < Math.min(k, hitsFound.length); i++) {
      if (contains(docs[q], hitsFound[i].doc) || (full && hitsFound[i].score >= threshold)) {
        hits++;
      }
    }
    return Math.min(hits, expected) / (double) expected;
  }

  private static boolean contains(int[] docs, int doc) {
    for (int d : docs) {
      if (d == doc) {
        return true;
      }
    }
    return false;
  }
}
