package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.index.BlockQueue;
import dev.seismic.lucene.index.FieldIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.index.Terms;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * Searches the segments of one slice of the index on one thread (the whole index when the searcher
 * has no executor), visiting their blocks in one order, best summary score first, as if they were
 * one segment: a block of a small segment waits behind better blocks of a large one, and every
 * block is judged against the best k-th score found so far in any segment ({@link SharedTopScores},
 * shared with the other slices' threads). Searched one segment after the other, each would first
 * fill its own top k from its own mediocre blocks.
 *
 * <p>The thread's dense query array holds one segment's query at a time; moving to a block of
 * another segment refills it, which costs a store per query token.
 */
final class SliceSearch {

  /**
   * The searcher's timeout and the engine's checks, asked between blocks, between batches of
   * documents and every {@link #DOCS_BETWEEN_CHECKS} documents read from a filter or postings.
   */
  static final class Deadline {
    /** Documents read from a filter or from postings between two looks at the deadline. */
    static final int DOCS_BETWEEN_CHECKS = 1 << 12;

    private final QueryTimeout timeout;
    private final QueryTimeout engineChecks;
    private boolean timedOut;
    private int read; // documents read from filters and postings, over all segments

    /**
     * @param timeout the searcher's, or null
     * @param engineChecks the engine's (may throw its own exception), or null
     */
    Deadline(QueryTimeout timeout, QueryTimeout engineChecks) {
      this.timeout = timeout;
      this.engineChecks = engineChecks;
    }

    boolean shouldExit() {
      if (!timedOut
          && ((timeout != null && timeout.shouldExit())
              || (engineChecks != null && engineChecks.shouldExit()))) {
        timedOut = true;
      }
      return timedOut;
    }

    /** Counts a document read from a filter or postings; looks at the deadline now and then. */
    boolean readOneAndShouldExit() {
      return ++read % DOCS_BETWEEN_CHECKS == 0 ? shouldExit() : timedOut;
    }

    boolean timedOut() {
      return timedOut;
    }
  }

  private final SeismicQuery query;
  private final Weight filter;
  private final SharedTopScores shared;
  private final Deadline deadline;
  private final int indexMaxDoc;

  /**
   * @param filter the filter's weight, or null
   * @param timeout the searcher's timeout, or null
   * @param engineChecks an engine's cancellation and timeout checks, or null
   * @param indexMaxDoc the searched index's maxDoc (documents are marked seen by index-wide id)
   */
  SliceSearch(
      SeismicQuery query,
      Weight filter,
      SharedTopScores shared,
      QueryTimeout timeout,
      QueryTimeout engineChecks,
      int indexMaxDoc) {
    this.query = query;
    this.filter = filter;
    this.shared = shared;
    this.deadline = new Deadline(timeout, engineChecks);
    this.indexMaxDoc = indexMaxDoc;
  }

  /** Searches the given segments; returns one top k per segment that holds the field. */
  List<TopDocs> search(List<LeafReaderContext> leaves) throws IOException {
    List<LeafReaderContext> ordered = new ArrayList<>(leaves);
    // Largest first: where summary scores tie, its blocks come first.
    ordered.sort(Comparator.comparingInt((LeafReaderContext c) -> c.reader().maxDoc()).reversed());
    int vocabulary = 0;
    List<SeismicTerms> terms = new ArrayList<>();
    List<LeafReaderContext> withField = new ArrayList<>();
    for (LeafReaderContext context : ordered) {
      SeismicTerms t = SeismicTerms.terms(context.reader(), query.getField());
      if (t != null) {
        terms.add(t);
        withField.add(context);
        vocabulary = Math.max(vocabulary, t.seismicIndex().terms().size());
      }
    }
    SearchScratch scratch = SearchScratch.forSearch(vocabulary, indexMaxDoc);
    List<SegmentSearch> segments = new ArrayList<>();
    for (int i = 0; i < withField.size() && !deadline.timedOut(); i++) {
      SegmentSearch segment = prepare(withField.get(i), terms.get(i), scratch);
      if (segment != null) {
        segments.add(segment);
      }
    }
    SegmentQuery filled = null; // the segment query the dense array holds
    try {
      BlockQueue blocks = scratch.blocks;
      blocks.clear();
      for (int s = 0; s < segments.size(); s++) {
        SegmentSearch segment = segments.get(s);
        filled = fill(segment.query(), filled);
        if (segment.exactIsCheaper()) {
          segment.exact(scratch, deadline);
        } else {
          segment.addBlocks(blocks, s);
        }
      }
      blocks.heapify();
      float heapFactor = query.getHeapFactor();
      for (int e = blocks.next(); e >= 0; e = blocks.next()) {
        // Blocks come best first, so once one cannot compete none after it can.
        if (blocks.score(e) < heapFactor * shared.minScore() || deadline.shouldExit()) {
          break;
        }
        SegmentSearch segment = segments.get(blocks.segment(e));
        filled = fill(segment.query(), filled);
        segment.scoreBlock(blocks.address(e), blocks.blockSize(e), scratch);
      }
      int knn = query.getKnn();
      for (SegmentSearch segment : segments) {
        if (knn > 0 && !segment.exactIsCheaper() && !deadline.shouldExit()) {
          filled = fill(segment.query(), filled);
          segment.refine(knn, scratch, deadline);
        }
      }
      for (SegmentSearch segment : segments) {
        if (!segment.exactIsCheaper() && !deadline.timedOut() && segment.needsExact()) {
          filled = fill(segment.query(), filled);
          segment.exact(scratch, deadline);
        }
      }
    } finally {
      if (filled != null) {
        filled.clear();
      }
      scratch.clearSeen(); // for the next search on this thread
    }
    List<TopDocs> perSegment = new ArrayList<>(segments.size());
    for (SegmentSearch segment : segments) {
      perSegment.add(segment.topDocs());
    }
    return perSegment;
  }

  /** Makes the dense array hold {@code next}'s weights instead of {@code current}'s. */
  private static SegmentQuery fill(SegmentQuery next, SegmentQuery current) {
    if (next != current) {
      if (current != null) {
        current.clear();
      }
      next.fill();
    }
    return next;
  }

  /** A segment's search, or null when nothing in it can match. */
  private SegmentSearch prepare(
      LeafReaderContext context, SeismicTerms terms, SearchScratch scratch) throws IOException {
    Bits liveDocs = context.reader().getLiveDocs();
    BitSet accepted = null;
    if (filter != null) {
      Scorer scorer = filter.scorer(context);
      if (scorer == null) {
        return null;
      }
      accepted = acceptedDocs(scorer, liveDocs, context.reader().maxDoc(), deadline);
    }
    FieldIndex index = terms.seismicIndex();
    SegmentQuery segmentQuery =
        SegmentQuery.resolve(
            query.terms(), index.readers().terms(), query.getQueryCut(), scratch.dense);
    if (segmentQuery.length() == 0) {
      return null;
    }
    // The exact path reads the full postings through the reader's wrappers (timeouts, usage).
    Terms fullPostings = context.reader().terms(query.getField());
    return new SegmentSearch(
        index,
        fullPostings,
        segmentQuery,
        liveDocs,
        accepted,
        context.docBase,
        query.getK(),
        shared);
  }

  /**
   * The live documents that match the filter; only those read before the deadline passed when it
   * does (a broad or slow filter is read under the same checks as the search).
   */
  private static BitSet acceptedDocs(Scorer scorer, Bits liveDocs, int maxDoc, Deadline deadline)
      throws IOException {
    FixedBitSet bits = new FixedBitSet(maxDoc);
    var it = scorer.iterator();
    for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
      if (liveDocs == null || liveDocs.get(doc)) {
        bits.set(doc);
      }
      if (deadline.readOneAndShouldExit()) {
        break;
      }
    }
    return bits;
  }
}
