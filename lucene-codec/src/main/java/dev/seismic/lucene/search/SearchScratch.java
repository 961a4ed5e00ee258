package dev.seismic.lucene.search;

import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.FixedBitSet;

/**
 * What one thread's searches of one segment's field reuse: the dense query and the set of documents
 * already scored (their size is the segment's vocabulary or document count; allocating and zeroing
 * them for every query cost about a tenth of a query's time on a 57k-document segment, while
 * reusing them costs only resetting what a query touched), and the readers of the forward and
 * inverted indexes (file clones and their offset tables), and the search's block queue.
 */
final class SearchScratch {
  final float[] dense;
  final TermDictionary.Lookup terms;
  final FixedBitSet seen;
  final ForwardIndex.Cursor forward;
  final InvertedIndex.PostingList list;
  final BlockQueue blocks = new BlockQueue();
  int[] docs = new int[64];
  float[] scores = new float[64];
  private int[] marked = new int[64]; // the documents set in seen, to clear only those
  private int numMarked;

  SearchScratch(FieldIndex index) throws IOException {
    this.dense = new float[index.terms().size()];
    this.terms = index.terms().lookup();
    this.seen = new FixedBitSet(Math.max(1, index.maxDoc()));
    this.forward = index.forward().cursor();
    this.list = index.inverted().postingList();
  }

  /** Remembers that {@code doc} was set in {@link #seen}. */
  void markedSeen(int doc) {
    // Past one document per word of the set, clearing it whole is cheaper: stop recording.
    if (numMarked < seen.getBits().length) {
      if (numMarked == marked.length) {
        marked = ArrayUtil.grow(marked, numMarked + 1);
      }
      marked[numMarked] = doc;
    }
    numMarked++;
  }

  /** Clears {@link #seen}: only the bits a search set when they were few, else word by word. */
  void clearSeen() {
    if (numMarked <= seen.getBits().length) {
      for (int i = 0; i < numMarked; i++) {
        seen.clear(marked[i]);
      }
    } else {
      seen.clear();
    }
    numMarked = 0;
  }
}
