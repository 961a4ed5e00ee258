package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The forward index of a merged segment, streamed from the source segments' forward indexes: their
 * live documents in merged order, each vector's term ordinals mapped to the merged segment's. The
 * heap it needs is one ordinal map per source (4 bytes per source term), whatever the number of
 * documents; the postings would need the whole segment transposed on the heap.
 *
 * <p>The values are the sources' stored values, which are what the merged postings carry (both are
 * the term frequencies), so the result equals the transposition of the merged postings.
 */
final class MergedForwardIndex {

  private final MergeSources sources;
  private final TermDictionary.Lookup[] lookups;
  private final int[][] ordMaps; // per source: its term ordinal -> the merged one, or -1

  MergedForwardIndex(MergeSources sources) throws IOException {
    this.sources = sources;
    int n = sources.indexes().length;
    lookups = new TermDictionary.Lookup[n];
    ordMaps = new int[n][];
    for (int s = 0; s < n; s++) {
      FieldIndex index = sources.indexes()[s];
      if (index != null) {
        lookups[s] = index.terms().lookup();
        ordMaps[s] = new int[index.terms().size()];
        Arrays.fill(ordMaps[s], -1);
      }
    }
  }

  /** Records that {@code term} has ordinal {@code ord} in the merged segment. */
  void addTerm(BytesRef term, int ord) throws IOException {
    for (int s = 0; s < lookups.length; s++) {
      if (lookups[s] != null) {
        int sourceOrd = lookups[s].ordinal(term);
        if (sourceOrd >= 0) {
          ordMaps[s][sourceOrd] = ord;
        }
      }
    }
  }

  /** Writes the merged documents' vectors, once every merged term was {@link #addTerm added}. */
  void write(ForwardIndexWriter out) throws IOException {
    int[] components = new int[64];
    int[] values = new int[64];
    int next = 0; // the merged document expected next
    for (int s = 0; s < ordMaps.length; s++) {
      FieldIndex index = sources.indexes()[s];
      ForwardIndex.Cursor vectors = index == null ? null : index.forward().cursor();
      MergeState.DocMap docMap = sources.docMaps()[s];
      for (int doc = 0, maxDoc = sources.maxDocs()[s]; doc < maxDoc; doc++) {
        int merged = docMap.get(doc);
        if (merged < 0) {
          continue; // deleted
        }
        if (merged != next) {
          throw new IllegalStateException(
              "merged documents out of order (" + merged + " after " + (next - 1) + ")");
        }
        next++;
        if (vectors == null) {
          out.add(components, values, 0);
          continue;
        }
        vectors.load(doc);
        int n = vectors.length();
        components = ArrayUtil.growNoCopy(components, n);
        values = ArrayUtil.growNoCopy(values, n);
        int[] ordMap = ordMaps[s];
        for (int i = 0; i < n; i++) {
          int ord = ordMap[vectors.component(i)];
          if (ord < 0) {
            throw new IllegalStateException(
                "a live document of source segment "
                    + s
                    + " holds a term that has no posting in the merged segment");
          }
          components[i] = ord;
          values[i] = vectors.value(i);
        }
        out.add(components, values, n);
      }
    }
  }
}
