package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * The forward index of a flushed segment (or of a merge that cannot read its sources' forward
 * indexes, see {@link MergedForwardIndex}): the postings, which come term by term, transposed on
 * the heap into documents' vectors, then handed to a {@link ForwardIndexWriter} document by
 * document and dropped.
 *
 * <p>The transposition holds 4 bytes per (document, token) entry with at most 65,536 terms (one
 * word, {@code value << 16 | component}, as the forward-index file stores it), 6 bytes with more:
 * about the size of the postings IndexWriter held in its RAM buffer before the flush, so the RAM
 * buffer bounds it. Merges, whose segments have no such bound, read their sources' forward indexes
 * instead.
 */
final class InMemoryForwardIndex {

  private InMemoryForwardIndex() {}

  /**
   * Transposes {@code terms}' postings (only terms with postings get an ordinal, in term order) and
   * writes the vectors to {@code out}.
   *
   * @param counts each document's number of components, as counted from the same postings
   */
  static void write(Terms terms, int[] counts, int numTerms, ForwardIndexWriter out)
      throws IOException {
    int maxDoc = counts.length;
    int[] offsets = new int[maxDoc + 1];
    for (int d = 0; d < maxDoc; d++) {
      long next = (long) offsets[d] + counts[d];
      if (next > ArrayUtil.MAX_ARRAY_LENGTH) {
        throw new IllegalStateException(
            "a flushed segment holds at most "
                + ArrayUtil.MAX_ARRAY_LENGTH
                + " (document, token) entries of a Seismic field; lower IndexWriter's RAM buffer");
      }
      offsets[d + 1] = (int) next;
    }
    boolean packed = ForwardIndex.componentBytes(numTerms) == 2;
    int numEntries = offsets[maxDoc];
    int[] words = packed ? new int[numEntries] : null;
    int[] components = packed ? null : new int[numEntries];
    short[] values = packed ? null : new short[numEntries];
    int[] fill = offsets.clone();
    if (terms != null) {
      TermsEnum termsEnum = terms.iterator();
      PostingsEnum postings = null;
      int ord = 0;
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        postings = termsEnum.postings(postings, PostingsEnum.FREQS);
        boolean any = false;
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          int value = Math.min(postings.freq(), SeismicVectorField.MAX_ENCODED);
          int e = fill[doc]++;
          if (packed) {
            words[e] = value << 16 | ord;
          } else {
            components[e] = ord;
            values[e] = (short) value;
          }
          any = true;
        }
        if (any) {
          ord++;
        }
      }
      assert ord == numTerms;
    }
    int[] docComponents = new int[64];
    int[] docValues = new int[64];
    for (int d = 0; d < maxDoc; d++) {
      int from = offsets[d];
      int n = offsets[d + 1] - from;
      docComponents = ArrayUtil.growNoCopy(docComponents, n);
      docValues = ArrayUtil.growNoCopy(docValues, n);
      for (int i = 0; i < n; i++) {
        if (packed) {
          docComponents[i] = words[from + i] & 0xFFFF;
          docValues[i] = words[from + i] >>> 16;
        } else {
          docComponents[i] = components[from + i];
          docValues[i] = values[from + i] & 0xFFFF;
        }
      }
      out.add(docComponents, docValues, n);
    }
  }
}
