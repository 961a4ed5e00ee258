package dev.seismic.lucene.search;

import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Seismic's search over one segment, and the exact search it falls back to.
 *
 * <p>Approximate search: score the block summaries of the query's {@code query_cut} heaviest terms,
 * then visit the blocks of all these lists together, best summary score first; stop at the first
 * block whose summary scores below {@code heap_factor × (the k-th best score so far)} once k hits
 * are held (the blocks after it score lower still). A visited block's documents are scored exactly
 * from the forward index, each document once. Ordering the blocks of all lists together, rather
 * than list by list, fills the top k with strong documents from whichever list holds them, so the
 * threshold rises sooner and fewer blocks of the first lists are visited for equal recall.
 *
 * <p>Exact search scores every candidate from the forward index: the filter's matches, or without a
 * filter the documents that share a token with the query, found in the field's full postings. It is
 * used when there are no more candidates than postings approximate search could visit, and when
 * approximate search found fewer than k hits although more documents may match, so that k hits come
 * back whenever k documents match.
 */
final class LeafSearch {

  /** Documents the exact path scores together (and between two looks at the timeout). */
  private static final int EXACT_BATCH = 64;

  private final FieldIndex index;
  private final Terms fullPostings;
  private final SegmentQuery query;
  private final int k;
  private final float heapFactor;
  private final QueryTimeout timeout;
  private boolean timedOut;
  private long scored; // documents scored from the forward index, by either path

  LeafSearch(
      FieldIndex index,
      Terms fullPostings,
      SegmentQuery query,
      int k,
      float heapFactor,
      QueryTimeout timeout) {
    this.index = index;
    this.fullPostings = fullPostings;
    this.query = query;
    this.k = k;
    this.heapFactor = heapFactor;
    this.timeout = timeout;
  }

  /**
   * Searches the segment. The returned hits' total is the number of documents scored (by either
   * path), a measure of the work done.
   *
   * @param liveDocs the segment's live documents, or null when none is deleted
   * @param filter the filter's matching live documents, or null for no filter
   * @param docBase added to the returned document ids
   * @param scratch this thread's reusable state for the segment; its visited set is clear before
   *     and after
   */
  TopDocs search(Bits liveDocs, BitSet filter, int docBase, SearchScratch scratch)
      throws IOException {
    if (query.length() == 0) {
      return empty();
    }
    ForwardIndex.Cursor forward = scratch.forward;
    InvertedIndex.PostingList list = scratch.list;
    FixedBitSet seen = scratch.seen;
    long budget = 0;
    for (int ord : query.cut) {
      budget += list.numPostings(ord);
    }
    long candidates = filter != null ? filter.cardinality() : index.stats().docsWithVector();
    if (candidates <= budget) {
      return exact(forward, liveDocs, filter, docBase, scratch);
    }
    Bits accept = filter != null ? filter : liveDocs;
    TopK hits;
    try {
      hits = approximate(forward, list, accept, seen, scratch);
    } finally {
      seen.clear(); // for the next search on this thread
    }
    if (hits.size() < k && !timedOut && candidates > hits.size()) {
      return exact(forward, liveDocs, filter, docBase, scratch);
    }
    return hits.topDocs(docBase, scored, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO);
  }

  private TopK approximate(
      ForwardIndex.Cursor forward,
      InvertedIndex.PostingList list,
      Bits accept,
      FixedBitSet seen,
      SearchScratch scratch)
      throws IOException {
    BlockQueue blocks = scratch.blocks;
    blocks.clear();
    for (int ord : query.cut) {
      list.load(ord);
      blocks.addList(list, query);
    }
    blocks.heapify();
    TopK hits = new TopK(k);
    int[] docs = scratch.docs;
    for (int i = blocks.next(); i >= 0; i = blocks.next()) {
      float bound = blocks.score(i);
      if (hits.isFull() && bound < heapFactor * hits.minScore()) {
        break;
      }
      if (shouldExit()) {
        return hits;
      }
      int n = blocks.blockSize(i);
      docs = scratch.docs = ArrayUtil.growNoCopy(docs, n);
      list.readBlockAt(blocks.address(i), docs, n);
      int m = 0; // the block's documents not scored yet, moved to the front
      for (int j = 0; j < n; j++) {
        int doc = docs[j];
        if (seen.getAndSet(doc) || (accept != null && !accept.get(doc))) {
          continue;
        }
        docs[m++] = doc;
      }
      float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, m);
      forward.dots(docs, m, query.dense, scores);
      scored += m;
      for (int j = 0; j < m; j++) {
        if (scores[j] > 0) {
          hits.offer(docs[j], scores[j]);
        }
      }
    }
    return hits;
  }

  private TopDocs exact(
      ForwardIndex.Cursor forward, Bits liveDocs, BitSet filter, int docBase, SearchScratch scratch)
      throws IOException {
    if (filter == null) {
      filter = documentsSharingATerm(liveDocs);
    }
    TopK hits = new TopK(k);
    // Documents go to the forward index in batches, as blocks do in approximate search, so that
    // their reads overlap (ForwardIndex.Cursor.dots).
    int[] docs = scratch.docs = ArrayUtil.growNoCopy(scratch.docs, EXACT_BATCH);
    float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, EXACT_BATCH);
    int doc = nextSetBit(filter, 0);
    while (doc != DocIdSetIterator.NO_MORE_DOCS && !shouldExit()) {
      int n = 0;
      for (; n < EXACT_BATCH && doc != DocIdSetIterator.NO_MORE_DOCS; n++) {
        docs[n] = doc;
        doc = nextSetBit(filter, doc + 1);
      }
      forward.dots(docs, n, query.dense, scores);
      scored += n;
      for (int i = 0; i < n; i++) {
        if (scores[i] > 0) {
          hits.offer(docs[i], scores[i]);
        }
      }
    }
    return hits.topDocs(docBase, scored, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO);
  }

  /** The live documents whose vectors share at least one token with the query. */
  private BitSet documentsSharingATerm(Bits liveDocs) throws IOException {
    FixedBitSet docs = new FixedBitSet(index.maxDoc());
    TermsEnum termsEnum = fullPostings.iterator();
    PostingsEnum postings = null;
    for (BytesRef term : query.terms) {
      if (termsEnum.seekExact(term)) {
        postings = termsEnum.postings(postings, PostingsEnum.NONE);
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          if (liveDocs == null || liveDocs.get(doc)) {
            docs.set(doc);
          }
        }
      }
    }
    return docs;
  }

  private static int nextSetBit(BitSet bits, int from) {
    return from >= bits.length() ? DocIdSetIterator.NO_MORE_DOCS : bits.nextSetBit(from);
  }

  private boolean shouldExit() {
    if (timeout != null && timeout.shouldExit()) {
      timedOut = true;
    }
    return timedOut;
  }

  boolean timedOut() {
    return timedOut;
  }

  private TopDocs empty() {
    return new TopDocs(
        new TotalHits(0, TotalHits.Relation.EQUAL_TO), new org.apache.lucene.search.ScoreDoc[0]);
  }
}
