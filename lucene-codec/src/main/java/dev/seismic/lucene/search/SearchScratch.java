package dev.seismic.lucene.search;

import org.apache.lucene.util.FixedBitSet;

/**
 * Per-thread, per-segment buffers a search needs whose size is the segment's vocabulary or
 * document count: the dense query and the set of documents already scored. Allocating and zeroing
 * them for every query cost about a tenth of a query's time on a 57k-document segment; reusing them
 * costs only resetting the few entries a query touched.
 */
final class SearchScratch {
  final float[] dense;
  final FixedBitSet seen;

  SearchScratch(int numTerms, int maxDoc) {
    this.dense = new float[numTerms];
    this.seen = new FixedBitSet(Math.max(1, maxDoc));
  }
}
