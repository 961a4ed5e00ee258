package dev.seismic.lucene.index;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;

/**
 * Each document's {@code doc_cut} heaviest components (ascending, with their weights), computed
 * once per build and shared by the threads that cluster posting lists: a document is compared with
 * centroids on these only.
 */
final class TopComponents {
  final int[] offsets; // document d's entries are [offsets[d], offsets[d + 1])
  final int[] components;
  final float[] weights;

  TopComponents(InMemoryForwardIndex vectors, int docCut) {
    int maxDoc = vectors.maxDoc;
    offsets = new int[maxDoc + 1];
    long total = 0;
    for (int d = 0; d < maxDoc; d++) {
      offsets[d] = (int) total;
      total += Math.min(docCut, vectors.length(d));
    }
    offsets[maxDoc] = (int) total;
    components = new int[(int) total];
    weights = new float[(int) total];
    long[] keyed = new long[0];
    int[] picked = new int[docCut];
    for (int d = 0; d < maxDoc; d++) {
      int from = vectors.offsets[d];
      int n = vectors.offsets[d + 1] - from;
      int keep = offsets[d + 1] - offsets[d];
      int out = offsets[d];
      if (keep == n) {
        for (int i = 0; i < n; i++) {
          components[out + i] = vectors.components[from + i];
          weights[out + i] = vectors.weight(from + i);
        }
        continue;
      }
      // Sort (value, position) pairs; the heaviest come last. Ties keep the smaller component.
      keyed = ArrayUtil.growNoCopy(keyed, n);
      for (int i = 0; i < n; i++) {
        keyed[i] = ((long) (vectors.values[from + i] & 0xFFFF) << 32) | (n - 1 - i);
      }
      Arrays.sort(keyed, 0, n);
      for (int i = 0; i < keep; i++) {
        picked[i] = n - 1 - (int) keyed[n - 1 - i];
      }
      Arrays.sort(picked, 0, keep);
      for (int i = 0; i < keep; i++) {
        components[out + i] = vectors.components[from + picked[i]];
        weights[out + i] = vectors.weight(from + picked[i]);
      }
    }
  }
}
