package dev.seismic.lucene.index;

import dev.seismic.lucene.document.SeismicVectorField;

/**
 * A segment's document vectors on the heap, used only while building: the forward index is
 * written from it, and clustering and summaries read documents from it.
 *
 * <p>Document {@code d} owns entries {@code [offsets[d], offsets[d + 1])}; its components (term
 * ordinals) ascend, and {@code values} hold the term frequencies, i.e. the weights in {@link
 * SeismicVectorField}'s encoding. Memory is 6 bytes per entry (8 with more than 65,536 terms), so a
 * segment of a million 130-token documents needs about 780 MB while it is built.
 */
public final class InMemoryForwardIndex {

  final int maxDoc;
  final int numTerms;
  final int[] offsets;
  final int[] components;
  final short[] values;

  InMemoryForwardIndex(int maxDoc, int numTerms, int[] offsets, int[] components, short[] values) {
    this.maxDoc = maxDoc;
    this.numTerms = numTerms;
    this.offsets = offsets;
    this.components = components;
    this.values = values;
  }

  public int maxDoc() {
    return maxDoc;
  }

  public int numTerms() {
    return numTerms;
  }

  /** Total number of (document, component) entries. */
  public long numEntries() {
    return offsets[maxDoc];
  }

  /** Number of components of {@code doc}. */
  public int length(int doc) {
    return offsets[doc + 1] - offsets[doc];
  }

  /** Documents with at least one component. */
  public int docsWithVector() {
    int n = 0;
    for (int d = 0; d < maxDoc; d++) {
      if (offsets[d + 1] > offsets[d]) {
        n++;
      }
    }
    return n;
  }

  /** The weight of entry {@code i}. */
  float weight(int i) {
    return SeismicVectorField.decodeWeight(values[i] & 0xFFFF);
  }
}
