package dev.seismic.lucene.search;

import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import org.apache.lucene.util.BytesRef;

/**
 * A query vector resolved against one segment: its tokens become the segment's term ordinals
 * (tokens the segment lacks are dropped), as a dense array (to score forward-index documents in one
 * pass); the summary query ({@link SeismicQuery#SUMMARY_QUERY_MASS}) both as an ascending sparse
 * list (to meet the summaries' ascending components) and as a dense array (for summaries stored
 * block by block); plus the {@code query_cut} heaviest ordinals whose lists are searched.
 */
final class SegmentQuery {
  final int[] ords; // ascending
  final float[] weights; // parallel to ords
  final float[] dense; // by ordinal
  final int[] cut; // the heaviest ordinals, heaviest first
  final BytesRef[] terms; // parallel to ords
  final int[] summaryOrds; // the summary query's ordinals, ascending
  final float[] summaryWeights; // parallel to summaryOrds
  final float[] summaryDense; // by ordinal, between fillSummary() and clearSummary()

  private SegmentQuery(
      int[] ords,
      float[] weights,
      float[] dense,
      int[] cut,
      BytesRef[] terms,
      int[] summaryOrds,
      float[] summaryWeights,
      float[] summaryDense) {
    this.ords = ords;
    this.weights = weights;
    this.dense = dense;
    this.cut = cut;
    this.terms = terms;
    this.summaryOrds = summaryOrds;
    this.summaryWeights = summaryWeights;
    this.summaryDense = summaryDense;
  }

  /**
   * Writes the weights into the dense query. A thread's searches share one dense array, so a search
   * that moves between segments fills it for one and {@link #clear()}s it before the next.
   */
  void fill() {
    for (int i = 0; i < ords.length; i++) {
      dense[ords[i]] = weights[i];
    }
  }

  /** Zeroes the entries of the dense query that {@link #fill()} set. */
  void clear() {
    for (int ord : ords) {
      dense[ord] = 0f;
    }
  }

  int length() {
    return ords.length;
  }

  /** Writes the summary query's weights into its dense array, while block summaries are scored. */
  void fillSummary() {
    for (int i = 0; i < summaryOrds.length; i++) {
      summaryDense[summaryOrds[i]] = summaryWeights[i];
    }
  }

  /** Zeroes the entries of the summary query's dense array that {@link #fillSummary()} set. */
  void clearSummary() {
    for (int ord : summaryOrds) {
      summaryDense[ord] = 0f;
    }
  }

  /**
   * Resolves the query against a segment.
   *
   * @param dense a zeroed array at least the segment's vocabulary long, which {@link #fill()} fills
   *     and {@link #clear()} zeroes again
   * @param summaryDense another such array, for {@link #fillSummary()} and {@link #clearSummary()}
   */
  static SegmentQuery resolve(
      QueryTerms query,
      TermDictionary.Lookup terms,
      int queryCut,
      float[] dense,
      float[] summaryDense)
      throws IOException {
    int n = query.size();
    int[] ordinals = new int[n];
    terms.ordinals(query.bytes, query.hashes, ordinals);
    int size = 0;
    int summarySize = 0;
    for (int i = 0; i < n; i++) {
      if (ordinals[i] >= 0) {
        size++;
        summarySize += query.inSummaryQuery[i] ? 1 : 0;
      }
    }
    int[] ords = new int[size];
    float[] weights = new float[size];
    BytesRef[] foundTerms = new BytesRef[size];
    int[] summaryOrds = new int[summarySize];
    float[] summaryWeights = new float[summarySize];
    for (int i = 0, j = 0, s = 0; i < n; i++) {
      if (ordinals[i] >= 0) {
        // Tokens come in byte order, which is the segment's ordinal order.
        assert j == 0 || ords[j - 1] < ordinals[i] : "ordinals out of term order";
        ords[j] = ordinals[i];
        weights[j] = query.weights[i];
        foundTerms[j++] = query.bytes[i];
        if (query.inSummaryQuery[i]) {
          summaryOrds[s] = ordinals[i];
          summaryWeights[s++] = query.weights[i];
        }
      }
    }
    int[] cut = new int[Math.min(queryCut, size)];
    for (int r = 0, c = 0; c < cut.length; r++) {
      int ordinal = ordinals[query.byWeight[r]];
      if (ordinal >= 0) {
        cut[c++] = ordinal;
      }
    }
    return new SegmentQuery(
        ords, weights, dense, cut, foundTerms, summaryOrds, summaryWeights, summaryDense);
  }
}
