package dev.seismic.lucene.builder;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;

/**
 * Each document's {@code doc_cut} heaviest components (ascending, with their weights), computed
 * once per build and shared by the threads that cluster posting lists: a document is compared with
 * centroids on these only.
 *
 * <p>A component and its weight share one {@code long} ({@link #component}, {@link #weight}), so
 * that a document's entries are one short run of memory: clustering reads the documents of a list
 * in no useful order, and each separate array would cost it one more cache miss per document.
 */
final class TopComponents {
  final int[] offsets; // document d's entries are [offsets[d], offsets[d + 1])
  final long[] entries; // (component << 32) | the weight's float bits

  TopComponents(InMemoryForwardIndex vectors, int docCut) {
    int maxDoc = vectors.maxDoc;
    offsets = new int[maxDoc + 1];
    long total = 0;
    for (int d = 0; d < maxDoc; d++) {
      offsets[d] = (int) total;
      total += Math.min(docCut, vectors.length(d));
    }
    offsets[maxDoc] = (int) total;
    entries = new long[(int) total];
    long[] keyed = new long[0];
    int[] picked = new int[docCut];
    for (int d = 0; d < maxDoc; d++) {
      int from = vectors.offsets[d];
      int n = vectors.offsets[d + 1] - from;
      int keep = offsets[d + 1] - offsets[d];
      int out = offsets[d];
      if (keep == n) {
        for (int i = 0; i < n; i++) {
          entries[out + i] = entry(vectors, from + i);
        }
        continue;
      }
      // Sort (value, position) pairs; the heaviest come last. Ties keep the smaller component.
      keyed = ArrayUtil.growNoCopy(keyed, n);
      for (int i = 0; i < n; i++) {
        keyed[i] = ((long) vectors.value(from + i) << 32) | (n - 1 - i);
      }
      Arrays.sort(keyed, 0, n);
      for (int i = 0; i < keep; i++) {
        picked[i] = n - 1 - (int) keyed[n - 1 - i];
      }
      Arrays.sort(picked, 0, keep);
      for (int i = 0; i < keep; i++) {
        entries[out + i] = entry(vectors, from + picked[i]);
      }
    }
  }

  private static long entry(InMemoryForwardIndex vectors, int i) {
    return ((long) vectors.component(i) << 32)
        | (Float.floatToRawIntBits(vectors.weight(i)) & 0xFFFFFFFFL);
  }

  static int component(long entry) {
    return (int) (entry >>> 32);
  }

  static float weight(long entry) {
    return Float.intBitsToFloat((int) entry);
  }
}
