package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;

/**
 * Each document's {@code doc_cut} heaviest components (ties to the smaller component), in component
 * order, computed once per build and shared by the threads that cluster posting lists: a document
 * is compared with centroids on these only.
 *
 * <p>They are written as a second forward index, to temporary files like the first ({@link
 * ForwardIndexWriter}), so that clustering reads about one cache line per document instead of the
 * whole vector, and the heap does not hold them (120 bytes per document at the default {@code
 * doc_cut}).
 */
final class TopComponents {

  private TopComponents() {}

  /** Writes the top components of every document of {@code forward} to {@code out}. */
  static void write(ForwardIndex forward, int docCut, ForwardIndexWriter out) throws IOException {
    ForwardIndex.Cursor vectors = forward.cursor();
    int[] sorted = new int[64];
    int[] components = new int[docCut];
    int[] values = new int[docCut];
    for (int d = 0, maxDoc = forward.maxDoc(); d < maxDoc; d++) {
      vectors.load(d);
      int n = vectors.length();
      int threshold = 0; // keeps every component: stored values are at least 1
      int ties = 0;
      if (n > docCut) {
        sorted = ArrayUtil.growNoCopy(sorted, n);
        for (int i = 0; i < n; i++) {
          sorted[i] = vectors.value(i);
        }
        Arrays.sort(sorted, 0, n);
        threshold = sorted[n - docCut];
        int above = 0;
        for (int i = n - 1; i >= 0 && sorted[i] > threshold; i--) {
          above++;
        }
        ties = docCut - above; // components valued exactly threshold to keep, in order
      }
      int kept = 0;
      for (int i = 0; i < n; i++) {
        int value = vectors.value(i);
        if (value > threshold || (value == threshold && ties-- > 0)) {
          components[kept] = vectors.component(i);
          values[kept] = value;
          kept++;
        }
      }
      out.add(components, values, kept);
    }
  }
}
