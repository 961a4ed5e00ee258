package dev.seismic.lucene.search;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.index.TermDictionary;
import java.util.Arrays;
import org.apache.lucene.util.BytesRef;

/**
 * A query vector's tokens prepared once for all the segments a search resolves it against: in UTF-8
 * byte order, which is the order of term ordinals in every segment (a segment numbers its terms in
 * sorted order), so that the ordinals a segment finds come out ascending without a sort; with their
 * dictionary hashes, the same in every segment; and ranked heaviest first, so that a segment's
 * {@code query_cut} heaviest tokens are the first ranked ones it holds.
 */
final class QueryTerms {
  final BytesRef[] bytes; // ascending
  final float[] weights; // parallel to bytes
  final int[] hashes; // parallel to bytes: TermDictionary.hash
  final int[] byWeight; // positions in bytes, heaviest first; equal weights in byte order

  QueryTerms(SparseVector vector) {
    int n = vector.size();
    Integer[] order = new Integer[n];
    BytesRef[] utf8 = new BytesRef[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      utf8[i] = new BytesRef(vector.token(i));
    }
    // Java strings sort by UTF-16 units, which differs from UTF-8 byte order past U+FFFF.
    Arrays.sort(order, (a, b) -> utf8[a].compareTo(utf8[b]));
    bytes = new BytesRef[n];
    weights = new float[n];
    hashes = new int[n];
    long[] heaviest = new long[n]; // (weight bits << 32) | (MAX_VALUE - position)
    for (int p = 0; p < n; p++) {
      bytes[p] = utf8[order[p]];
      weights[p] = vector.weight(order[p]);
      hashes[p] = TermDictionary.hash(bytes[p]);
      // Positive floats order like their bits; the lower position wins a tie.
      heaviest[p] = ((long) Float.floatToIntBits(weights[p]) << 32) | (Integer.MAX_VALUE - p);
    }
    Arrays.sort(heaviest);
    byWeight = new int[n];
    for (int r = 0; r < n; r++) {
      byWeight[r] = Integer.MAX_VALUE - (int) heaviest[n - 1 - r];
    }
  }

  int size() {
    return bytes.length;
  }
}
