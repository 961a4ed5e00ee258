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
import org.apache.lucene.search.ScoreDoc;
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
 * are held (the blocks after it score lower still). The k-th best score is this segment's or, when
 * higher, the one all segments of the query share ({@link SharedTopScores}), so a segment searched
 * after others starts with their bar. A visited block's documents are scored exactly from the
 * forward index, each document once. Ordering the blocks of all lists together, rather than list by
 * list, fills the top k with strong documents from whichever list holds them, so the threshold
 * rises sooner and fewer blocks of the first lists are visited for equal recall.
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
  private final FieldIndex.Readers readers;
  private final Terms fullPostings;
  private final SegmentQuery query;
  private final int k;
  private final float heapFactor;
  private final QueryTimeout timeout;
  private final SharedTopScores shared;
  private boolean timedOut;
  private long scored; // documents scored from the forward index, by either path

  LeafSearch(
      FieldIndex index,
      FieldIndex.Readers readers,
      Terms fullPostings,
      SegmentQuery query,
      int k,
      float heapFactor,
      QueryTimeout timeout,
      SharedTopScores shared) {
    this.index = index;
    this.readers = readers;
    this.fullPostings = fullPostings;
    this.query = query;
    this.k = k;
    this.heapFactor = heapFactor;
    this.timeout = timeout;
    this.shared = shared;
  }

  /**
   * Searches the segment. The returned hits' total is the number of documents scored (by either
   * path), a measure of the work done.
   *
   * @param liveDocs the segment's live documents, or null when none is deleted
   * @param filter the filter's matching live documents, or null for no filter
   * @param docBase added to the returned document ids
   * @param scratch this thread's reusable buffers, sized for the segment; its visited set is clear
   *     before and after
   */
  TopDocs search(Bits liveDocs, BitSet filter, int docBase, SearchScratch scratch)
      throws IOException {
    if (query.length() == 0) {
      return empty();
    }
    ForwardIndex.Cursor forward = readers.forward();
    InvertedIndex.PostingList list = readers.list();
    FixedBitSet seen = scratch.seen;
    long budget = 0;
    for (int ord : query.cut) {
      budget += list.numPostings(ord);
    }
    long candidates = filter != null ? filter.cardinality() : index.stats().docsWithVector();
    TopK hits = new TopK(k);
    try {
      if (candidates <= budget) {
        exact(forward, liveDocs, filter, seen, hits, scratch);
      } else {
        approximate(forward, list, filter != null ? filter : liveDocs, seen, hits, scratch);
        // Fewer than k hits here while the segments searched so far hold k between them is the
        // shared bar at work, not a lack of candidates: the missing hits could not compete.
        if (hits.size() < k && !timedOut && candidates > hits.size() && !shared.isFull()) {
          exact(forward, liveDocs, filter, seen, hits, scratch);
        }
      }
    } finally {
      scratch.clearSeen(); // for the next search on this thread
    }
    return hits.topDocs(docBase, scored, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO);
  }

  /** Visits blocks best first; marks every document it reads in {@code seen}. */
  private void approximate(
      ForwardIndex.Cursor forward,
      InvertedIndex.PostingList list,
      Bits accept,
      FixedBitSet seen,
      TopK hits,
      SearchScratch scratch)
      throws IOException {
    BlockQueue blocks = scratch.blocks;
    blocks.clear();
    for (int ord : query.cut) {
      list.load(ord);
      blocks.addList(list, query);
    }
    blocks.heapify();
    int[] docs = scratch.docs;
    for (int i = blocks.next(); i >= 0; i = blocks.next()) {
      float bound = blocks.score(i);
      if (bound < heapFactor * minCompetitiveScore(hits)) {
        break;
      }
      if (shouldExit()) {
        return;
      }
      int n = blocks.blockSize(i);
      docs = scratch.docs = ArrayUtil.growNoCopy(docs, n);
      list.readBlockAt(blocks.address(i), docs, n);
      int m = 0; // the block's documents not scored yet, moved to the front
      for (int j = 0; j < n; j++) {
        int doc = docs[j];
        if (seen.getAndSet(doc)) {
          continue;
        }
        scratch.markedSeen(doc);
        if (accept == null || accept.get(doc)) {
          docs[m++] = doc;
        }
      }
      float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, m);
      forward.dots(docs, m, query.dense, scores);
      scored += m;
      collect(hits, docs, scores, m);
    }
  }

  /**
   * Scores every candidate that approximate search did not (those not in {@code seen}), so that a
   * document is offered to the top k, and to the shared scores, once.
   */
  private void exact(
      ForwardIndex.Cursor forward,
      Bits liveDocs,
      BitSet filter,
      FixedBitSet seen,
      TopK hits,
      SearchScratch scratch)
      throws IOException {
    if (filter == null) {
      filter = documentsSharingATerm(liveDocs);
    }
    // Documents go to the forward index in batches, as blocks do in approximate search, so that
    // their reads overlap (ForwardIndex.Cursor.dots).
    int[] docs = scratch.docs = ArrayUtil.growNoCopy(scratch.docs, EXACT_BATCH);
    float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, EXACT_BATCH);
    int doc = nextSetBit(filter, 0);
    while (doc != DocIdSetIterator.NO_MORE_DOCS && !shouldExit()) {
      int n = 0;
      for (; n < EXACT_BATCH && doc != DocIdSetIterator.NO_MORE_DOCS; ) {
        if (!seen.get(doc)) {
          docs[n++] = doc;
        }
        doc = nextSetBit(filter, doc + 1);
      }
      forward.dots(docs, n, query.dense, scores);
      scored += n;
      collect(hits, docs, scores, n);
    }
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

  /** Offers scored documents to this segment's top k, and the ones it keeps to the shared one. */
  private void collect(TopK hits, int[] docs, float[] scores, int n) {
    for (int i = 0; i < n; i++) {
      float score = scores[i];
      if (score > 0 && hits.offer(docs[i], score)) {
        shared.offer(score);
      }
    }
  }

  /**
   * The score a hit must beat to enter the final top k as far as this search knows: the k-th best
   * of this segment or of all segments searched so far, whichever is higher.
   */
  private float minCompetitiveScore(TopK hits) {
    float local = hits.isFull() ? hits.minScore() : Float.NEGATIVE_INFINITY;
    return Math.max(local, shared.minScore());
  }

  private boolean shouldExit() {
    if (timeout != null && timeout.shouldExit()) {
      timedOut = true;
    }
    return timedOut;
  }

  private TopDocs empty() {
    return new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);
  }
}
