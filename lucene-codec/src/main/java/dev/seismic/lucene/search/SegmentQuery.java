package dev.seismic.lucene.search;

import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import org.apache.lucene.util.BytesRef;

/**
 * A query vector resolved against one segment: its tokens become the segment's term ordinals
 * (tokens the segment lacks are dropped), both as an ascending sparse list (to meet the summaries'
 * ascending components) and as a dense array (to score forward-index documents in one pass), plus
 * the {@code query_cut} heaviest ordinals whose lists are searched.
 */
final class SegmentQuery {
  final int[] ords; // ascending
  final float[] weights; // parallel to ords
  final float[] dense; // by ordinal
  final int[] cut; // the heaviest ordinals, heaviest first
  final BytesRef[] terms; // parallel to ords

  private SegmentQuery(int[] ords, float[] weights, float[] dense, int[] cut, BytesRef[] terms) {
    this.ords = ords;
    this.weights = weights;
    this.dense = dense;
    this.cut = cut;
    this.terms = terms;
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

  /**
   * Resolves the query against a segment.
   *
   * @param dense a zeroed array at least the segment's vocabulary long, which {@link #fill()} fills
   *     and {@link #clear()} zeroes again
   */
  static SegmentQuery resolve(
      QueryTerms query, TermDictionary.Lookup terms, int queryCut, float[] dense)
      throws IOException {
    int n = query.size();
    int[] ordinals = new int[n];
    terms.ordinals(query.bytes, query.hashes, ordinals);
    int size = 0;
    for (int ordinal : ordinals) {
      if (ordinal >= 0) {
        size++;
      }
    }
    int[] ords = new int[size];
    float[] weights = new float[size];
    BytesRef[] foundTerms = new BytesRef[size];
    for (int i = 0, j = 0; i < n; i++) {
      if (ordinals[i] >= 0) {
        // Tokens come in byte order, which is the segment's ordinal order.
        assert j == 0 || ords[j - 1] < ordinals[i] : "ordinals out of term order";
        ords[j] = ordinals[i];
        weights[j] = query.weights[i];
        foundTerms[j++] = query.bytes[i];
      }
    }
    int[] cut = new int[Math.min(queryCut, size)];
    for (int r = 0, c = 0; c < cut.length; r++) {
      int ordinal = ordinals[query.byWeight[r]];
      if (ordinal >= 0) {
        cut[c++] = ordinal;
      }
    }
    return new SegmentQuery(ords, weights, dense, cut, foundTerms);
  }
}
