package dev.seismic.lucene.search;

import dev.seismic.lucene.index.BlockQueue;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import dev.seismic.lucene.index.KnnGraph;
import dev.seismic.lucene.index.TopK;
import java.io.IOException;
import org.apache.lucene.index.PostingsEnum;
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
 * One segment's part of a search: its resolved query, its hits, and the two ways of scoring its
 * documents from the forward index.
 *
 * <p>Approximate search visits blocks of the query's {@code query_cut} heaviest lists, best summary
 * score first; {@link SliceSearch} orders the blocks of all the segments it searches together, and
 * stops at the first block whose summary scores below {@code heap_factor × (the k-th best score so
 * far)} once k hits are held. A visited block's documents are scored exactly, each document once.
 * With a {@code knn} and a segment built with a κ-NN graph, the neighbours of the hits found so are
 * scored next ({@link #refine}).
 *
 * <p>Exact search scores every candidate: the filter's matches, or without a filter the documents
 * that share a token with the query, found in the field's full postings. It is used when there are
 * no more candidates than postings approximate search could visit, and when approximate search
 * found fewer than k hits while no k hits were found anywhere, so that k hits come back whenever k
 * documents match.
 */
final class SegmentSearch {

  /** Documents the exact path scores together (and between two looks at the timeout). */
  private static final int EXACT_BATCH = 64;

  private final FieldIndex index;
  private final Terms fullPostings;
  private final SegmentQuery query;
  private final ForwardIndex.Cursor forward;
  private final InvertedIndex.PostingList list;
  private final KnnGraph.Reader graph; // null when the segment has no κ-NN graph
  private final Bits liveDocs;
  private final BitSet filter; // the filter's live matches, or null
  private final int docBase; // this segment's documents are marked seen at docBase + doc
  private final TopK hits;
  private final SharedTopScores shared;
  private final long candidates;
  private final long budget;
  private long scored; // documents scored from the forward index, by either path

  /**
   * @param filter the filter's matching live documents, or null for no filter
   */
  SegmentSearch(
      FieldIndex index,
      Terms fullPostings,
      SegmentQuery query,
      Bits liveDocs,
      BitSet filter,
      int docBase,
      int k,
      SharedTopScores shared)
      throws IOException {
    FieldIndex.Readers readers = index.readers();
    this.index = index;
    this.fullPostings = fullPostings;
    this.query = query;
    this.forward = readers.forward();
    this.list = readers.list();
    this.graph = readers.graph();
    this.liveDocs = liveDocs;
    this.filter = filter;
    this.docBase = docBase;
    this.hits = new TopK(k);
    this.shared = shared;
    list.prefetch(query.cut);
    long postings = 0;
    for (int ord : query.cut) {
      postings += list.numPostings(ord);
    }
    this.budget = postings;
    this.candidates = filter != null ? filter.cardinality() : index.stats().docsWithVector();
  }

  SegmentQuery query() {
    return query;
  }

  /** Whether approximate search could visit as many postings as there are candidates. */
  boolean exactIsCheaper() {
    return candidates <= budget;
  }

  /** Adds the blocks of the cut lists to {@code blocks}; the dense query must hold this query. */
  void addBlocks(BlockQueue blocks, int segment) throws IOException {
    for (int ord : query.cut) {
      list.load(ord);
      blocks.addList(list, query.ords, query.weights, query.length(), query.dense, segment);
    }
  }

  /** Scores a block's documents not seen yet; the dense query must hold this segment's query. */
  void scoreBlock(long address, int n, SearchScratch scratch) throws IOException {
    int[] docs = scratch.docs = ArrayUtil.growNoCopy(scratch.docs, n);
    list.readBlockAt(address, docs, n);
    int m = keepUnseen(docs, 0, n, scratch); // the block's documents not scored yet
    float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, m);
    forward.dots(docs, m, query.dense, scores);
    scored += m;
    collect(docs, scores, m);
  }

  /**
   * Scores up to {@code knn} κ-NN graph neighbours of each hit of this segment that can still make
   * the top k (its score reaches the k-th best found in any segment), the neighbours not scored
   * yet; the hits found here join the top k like the blocks' (Bruch et al., CIKM 2024: the
   * reference refines every hit of its top k the same way). Nothing happens in a segment without a
   * graph. The dense query must hold this segment's query.
   */
  void refine(int knn, SearchScratch scratch, SliceSearch.Deadline deadline) throws IOException {
    if (graph == null || knn == 0 || hits.size() == 0) {
      return;
    }
    int[] best = scratch.refined = ArrayUtil.growNoCopy(scratch.refined, hits.size());
    int numBest = hits.docsScoringAtLeast(shared.minScore(), best);
    // Neighbours go to the forward index in batches, as blocks do, with a look at the deadline
    // between batches: k may be large.
    int[] docs = scratch.docs = ArrayUtil.growNoCopy(scratch.docs, EXACT_BATCH + knn);
    float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, EXACT_BATCH + knn);
    int m = 0; // neighbours to score; each row is read after them
    for (int i = 0; i < numBest && !deadline.shouldExit(); i++) {
      m = keepUnseen(docs, m, m + graph.neighbours(best[i], knn, docs, m), scratch);
      if (m >= EXACT_BATCH || i == numBest - 1) {
        forward.dots(docs, m, query.dense, scores);
        scored += m;
        collect(docs, scores, m);
        m = 0;
      }
    }
  }

  /**
   * Marks the documents {@code docs[from..to)} seen and moves those not seen before that the filter
   * (or the live documents) accept to {@code docs[from..)}; returns where they end.
   */
  private int keepUnseen(int[] docs, int from, int to, SearchScratch scratch) {
    FixedBitSet seen = scratch.seen;
    Bits accept = filter != null ? filter : liveDocs;
    int m = from;
    for (int j = from; j < to; j++) {
      int doc = docs[j];
      if (seen.getAndSet(docBase + doc)) {
        continue;
      }
      scratch.markedSeen(docBase + doc);
      if (accept == null || accept.get(doc)) {
        docs[m++] = doc;
      }
    }
    return m;
  }

  /**
   * Whether approximate search left this segment short: fewer than k hits while more documents
   * match and no k hits were found in any segment (then the missing ones could not compete).
   */
  boolean needsExact() {
    return hits.size() < hits.k() && candidates > hits.size() && !shared.isFull();
  }

  /**
   * Scores every candidate that approximate search did not (those not seen), so that a document is
   * offered to the top k, and to the shared scores, once. The dense query must hold this query.
   */
  void exact(SearchScratch scratch, SliceSearch.Deadline deadline) throws IOException {
    BitSet candidates = filter != null ? filter : documentsSharingATerm(deadline);
    FixedBitSet seen = scratch.seen;
    // Documents go to the forward index in batches, as blocks do in approximate search, so that
    // their reads overlap (ForwardIndex.Cursor.dots).
    int[] docs = scratch.docs = ArrayUtil.growNoCopy(scratch.docs, EXACT_BATCH);
    float[] scores = scratch.scores = ArrayUtil.grow(scratch.scores, EXACT_BATCH);
    int doc = nextSetBit(candidates, 0);
    while (doc != DocIdSetIterator.NO_MORE_DOCS && !deadline.shouldExit()) {
      int n = 0;
      while (n < EXACT_BATCH && doc != DocIdSetIterator.NO_MORE_DOCS) {
        if (!seen.get(docBase + doc)) {
          docs[n++] = doc;
        }
        doc = nextSetBit(candidates, doc + 1);
      }
      forward.dots(docs, n, query.dense, scores);
      scored += n;
      collect(docs, scores, n);
    }
  }

  /** The hits, best first; their total is the number of documents scored, a measure of work. */
  TopDocs topDocs() {
    return hits.topDocs(docBase, scored, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO);
  }

  /**
   * The live documents whose vectors share at least one token with the query; only those read
   * before the deadline passed when it does.
   */
  private BitSet documentsSharingATerm(SliceSearch.Deadline deadline) throws IOException {
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
          if (deadline.readOneAndShouldExit()) {
            return docs;
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
  private void collect(int[] docs, float[] scores, int n) {
    for (int i = 0; i < n; i++) {
      float score = scores[i];
      if (score > 0 && hits.offer(docs[i], score)) {
        shared.offer(score);
      }
    }
  }
}
