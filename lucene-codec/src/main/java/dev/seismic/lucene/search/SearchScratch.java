package dev.seismic.lucene.search;

import dev.seismic.lucene.index.BlockQueue;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.FixedBitSet;

/**
 * What one thread's searches reuse, whatever segment they search: the dense query (by term
 * ordinal), the set of documents already scored, the block queue and small buffers. The dense query
 * and the set are as large as the largest vocabulary and segment searched on the thread so far;
 * allocating and zeroing them for every search would cost more than a small segment's search, while
 * reusing them costs only resetting what a search touched. The segments' file readers are kept
 * apart, per segment ({@link dev.seismic.lucene.index.FieldIndex#readers()}).
 */
final class SearchScratch {
  private static final ThreadLocal<SearchScratch> PER_THREAD =
      ThreadLocal.withInitial(SearchScratch::new);

  float[] dense = new float[0]; // zero between searches
  FixedBitSet seen = new FixedBitSet(64); // clear between searches
  final BlockQueue blocks = new BlockQueue();
  int[] docs = new int[64];
  float[] scores = new float[64];
  int[] refined = new int[64]; // the hits whose graph neighbours a search scores
  private int[] marked = new int[64]; // the documents set in seen, to clear only those
  private int numMarked;
  private int markLimit = seen.getBits().length; // past it, seen is cleared whole

  private SearchScratch() {}

  /**
   * This thread's scratch, large enough for segments of up to this vocabulary, and for documents
   * marked by index-wide id in an index of {@code maxDoc} documents.
   */
  static SearchScratch forSearch(int vocabulary, int maxDoc) {
    SearchScratch scratch = PER_THREAD.get();
    if (scratch.dense.length < vocabulary) {
      scratch.dense = new float[ArrayUtil.oversize(vocabulary, Float.BYTES)];
    }
    scratch.seen = FixedBitSet.ensureCapacity(scratch.seen, maxDoc);
    scratch.markLimit = scratch.seen.getBits().length;
    return scratch;
  }

  /** Remembers that {@code doc} was set in {@link #seen}. */
  void markedSeen(int doc) {
    // Past one document per word of the set, clearing it whole is cheaper: stop recording.
    if (numMarked < markLimit) {
      if (numMarked == marked.length) {
        marked = ArrayUtil.grow(marked, numMarked + 1);
      }
      marked[numMarked] = doc;
    }
    numMarked++;
  }

  /** Clears {@link #seen}: only the bits a search set when they were few, else word by word. */
  void clearSeen() {
    if (numMarked <= markLimit) {
      for (int i = 0; i < numMarked; i++) {
        seen.clear(marked[i]);
      }
    } else {
      seen.clear();
    }
    numMarked = 0;
  }
}
