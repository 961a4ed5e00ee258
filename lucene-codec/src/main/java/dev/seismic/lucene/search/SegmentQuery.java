package dev.seismic.lucene.search;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import java.util.Arrays;
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
   * @param bytes the vector's tokens in UTF-8
   * @param hashes the tokens' {@link TermDictionary#hash(BytesRef)}, the same in every segment
   * @param dense a zeroed array at least the segment's vocabulary long, which {@link #fill()} fills
   *     and {@link #clear()} zeroes again
   */
  static SegmentQuery resolve(
      SparseVector vector,
      BytesRef[] bytes,
      int[] hashes,
      TermDictionary.Lookup terms,
      int queryCut,
      float[] dense)
      throws IOException {
    int n = vector.size();
    int[] ordinals = new int[n];
    terms.ordinals(bytes, hashes, ordinals);
    long[] found = new long[n]; // (ordinal << 32) | token index
    int size = 0;
    for (int i = 0; i < n; i++) {
      if (ordinals[i] >= 0) {
        found[size++] = ((long) ordinals[i] << 32) | i;
      }
    }
    Arrays.sort(found, 0, size);
    int[] ords = new int[size];
    float[] weights = new float[size];
    BytesRef[] foundTerms = new BytesRef[size];
    long[] byWeight =
        new long[size]; // (weight bits << 32) | position; positive floats sort as ints
    for (int j = 0; j < size; j++) {
      ords[j] = (int) (found[j] >>> 32);
      weights[j] = vector.weight((int) found[j]);
      foundTerms[j] = bytes[(int) found[j]];
      byWeight[j] = ((long) Float.floatToIntBits(weights[j]) << 32) | (Integer.MAX_VALUE - j);
    }
    Arrays.sort(byWeight);
    int[] cut = new int[Math.min(queryCut, size)];
    for (int c = 0; c < cut.length; c++) {
      cut[c] = ords[Integer.MAX_VALUE - (int) byWeight[size - 1 - c]];
    }
    return new SegmentQuery(ords, weights, dense, cut, foundTerms);
  }
}
