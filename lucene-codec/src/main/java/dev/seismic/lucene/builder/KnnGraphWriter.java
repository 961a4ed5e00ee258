package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.BlockQueue;
import dev.seismic.lucene.index.DocIds;
import dev.seismic.lucene.index.FieldMetadata;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import dev.seismic.lucene.index.KnnGraph;
import dev.seismic.lucene.index.TopK;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.FixedBitSet;

/**
 * Writes a segment's {@link KnnGraph}: each document's κ nearest neighbours by inner product, found
 * by searching the segment's own Seismic index with the document as the query, as the reference
 * implementation does. The search is approximate, so a row holds the best neighbours that search
 * found; it runs on the finished forward and inverted indexes of the segment.
 *
 * <p>Documents are searched in chunks of {@value #DOCS_PER_TASK}, the chunks of a wave in parallel
 * when the executor is (Lucene's intra-merge executor at merge), and their rows written in document
 * order, so the file does not depend on the parallelism. The heap holds one wave of rows and, per
 * worker, a dense query as long as the vocabulary and a bit set over the segment's documents.
 */
final class KnnGraphWriter {

  /**
   * The graph's search: a document is a long query (a hundred or more tokens, where queries have
   * tens), and the build runs one per document, so it is cut hard: the lists of its {@value
   * #GRAPH_QUERY_CUT} heaviest tokens, summaries scored with its {@value #GRAPH_QUERY_TOKENS}
   * heaviest tokens, blocks visited while their summary reaches {@value #GRAPH_HEAP_FACTOR} of the
   * κ+1-th score (the candidates themselves are scored with the whole document). On a million
   * generated documents this built the graph in 44 s, where the reference implementation's settings
   * (query_cut 10, heap_factor 0.7, the whole document) took 655 s, and the queries' recall gain
   * from the graph stayed within 0.003 of theirs at every setting both runs measured ({@code
   * benchmarks/results/knn-merged-1m-q1000}, {@code knn-probe-1m}).
   */
  static final int GRAPH_QUERY_CUT = 2;

  static final int GRAPH_QUERY_TOKENS = 10;

  static final float GRAPH_HEAP_FACTOR = 0.9f;

  static final int DOCS_PER_TASK = 1 << 12;

  static final int TASKS_PER_WAVE = 8;

  private final ForwardIndex forward;
  private final InvertedIndex inverted;
  private final int numTerms;
  private final int nknn;
  private final ConcurrentLinkedQueue<NeighbourSearch> idle = new ConcurrentLinkedQueue<>();

  /**
   * @param forward the segment's forward index
   * @param inverted the segment's inverted index, built from that forward index
   * @param numTerms the field's vocabulary in the segment
   * @param nknn κ, neighbours per document
   */
  KnnGraphWriter(ForwardIndex forward, InvertedIndex inverted, int numTerms, int nknn) {
    this.forward = forward;
    this.inverted = inverted;
    this.numTerms = numTerms;
    this.nknn = nknn;
  }

  /** Writes every document's row to {@code out}; returns where the graph lies there. */
  FieldMetadata.GraphMeta write(IndexOutput out, TaskExecutor executor) throws IOException {
    int maxDoc = forward.maxDoc();
    int docBytes = DocIds.bytesPerDoc(maxDoc);
    long start = out.getFilePointer();
    List<Callable<int[]>> wave = new ArrayList<>();
    for (long from = 0; from < maxDoc; from += DOCS_PER_TASK) { // long: maxDoc may near 2^31
      int chunkFrom = (int) from;
      int chunkTo = (int) Math.min(maxDoc, from + DOCS_PER_TASK);
      wave.add(() -> rows(chunkFrom, chunkTo));
      if (wave.size() == TASKS_PER_WAVE || chunkTo == maxDoc) {
        for (int[] rows : executor.invokeAll(wave)) {
          DocIds.write(out, rows, rows.length, docBytes);
        }
        wave.clear();
      }
    }
    return new FieldMetadata.GraphMeta(start, out.getFilePointer() - start);
  }

  /** The rows of documents [from, to), κ ids each. */
  private int[] rows(int from, int to) throws IOException {
    NeighbourSearch search = idle.poll();
    if (search == null) {
      search = new NeighbourSearch();
    }
    try {
      int[] rows = new int[(to - from) * nknn];
      for (int doc = from; doc < to; doc++) {
        search.row(doc, rows, (doc - from) * nknn);
      }
      return rows;
    } finally {
      idle.add(search);
    }
  }

  /** One worker's search of the segment with its documents. */
  private final class NeighbourSearch {
    private final ForwardIndex.Cursor cursor;
    private final ForwardIndex.Cursor scorer;
    private final InvertedIndex.PostingList list;
    private final float[] dense = new float[numTerms];
    private final FixedBitSet seen;
    private final BlockQueue blocks = new BlockQueue();
    private final TopK top = new TopK(nknn + 1); // the document finds itself
    private int[] ords = new int[64];
    private float[] weights = new float[64];
    private int[] docs = new int[64];
    private float[] scores = new float[64];
    private int[] marked = new int[64];
    private boolean[] taken = new boolean[64];
    private int[] queryOrds = new int[64]; // the heaviest tokens, for the summaries
    private float[] queryWeights = new float[64];
    private float[] sorted = new float[64];
    private final int[] cut = new int[GRAPH_QUERY_CUT];
    private final int[] found = new int[nknn + 1];

    NeighbourSearch() throws IOException {
      this.cursor = forward.cursor();
      this.scorer = forward.cursor();
      this.list = inverted.postingList();
      this.seen = new FixedBitSet(forward.maxDoc());
    }

    /** Writes {@code doc}'s row at {@code at}: its neighbours best first, then its own id. */
    void row(int doc, int[] rows, int at) throws IOException {
      int n = load(doc);
      int numMarked = 0;
      top.clear();
      if (n > 0) {
        for (int i = 0; i < n; i++) {
          dense[ords[i]] = weights[i];
        }
        blocks.clear();
        int numCut = heaviest(n);
        int queryLength = heaviestTokens(n);
        for (int c = 0; c < numCut; c++) {
          list.load(cut[c]);
          blocks.addList(list, queryOrds, queryWeights, queryLength, dense, 0);
        }
        blocks.heapify();
        for (int e = blocks.next(); e >= 0; e = blocks.next()) {
          if (top.isFull() && blocks.score(e) < GRAPH_HEAP_FACTOR * top.minScore()) {
            break; // blocks come best first
          }
          int size = blocks.blockSize(e);
          docs = ArrayUtil.growNoCopy(docs, size);
          list.readBlockAt(blocks.address(e), docs, size);
          int m = 0;
          for (int j = 0; j < size; j++) {
            if (!seen.getAndSet(docs[j])) {
              marked = ArrayUtil.grow(marked, numMarked + 1);
              marked[numMarked++] = docs[j];
              docs[m++] = docs[j];
            }
          }
          scores = ArrayUtil.grow(scores, m);
          scorer.dots(docs, m, dense, scores);
          for (int j = 0; j < m; j++) {
            if (scores[j] > 0) {
              top.offer(docs[j], scores[j]);
            }
          }
        }
        for (int i = 0; i < n; i++) {
          dense[ords[i]] = 0f;
        }
        for (int i = 0; i < numMarked; i++) {
          seen.clear(marked[i]);
        }
      }
      int kept = bestFirstWithoutSelf(doc);
      for (int i = 0; i < nknn; i++) {
        rows[at + i] = i < kept ? found[i] : doc;
      }
    }

    /** Loads {@code doc}'s vector into {@code ords} and {@code weights}; returns its length. */
    private int load(int doc) throws IOException {
      cursor.load(doc);
      int n = cursor.length();
      ords = ArrayUtil.growNoCopy(ords, n);
      weights = ArrayUtil.grow(weights, n);
      for (int i = 0; i < n; i++) {
        ords[i] = cursor.component(i);
        weights[i] = SeismicVectorField.decodeWeight(cursor.value(i));
      }
      return n;
    }

    /**
     * Puts the document's {@value #GRAPH_QUERY_TOKENS} heaviest tokens (more on ties), ascending,
     * into {@code queryOrds} and {@code queryWeights}: the query its summaries are scored with.
     */
    private int heaviestTokens(int n) {
      queryOrds = ArrayUtil.growNoCopy(queryOrds, n);
      queryWeights = ArrayUtil.grow(queryWeights, n);
      float threshold = Float.NEGATIVE_INFINITY;
      if (n > GRAPH_QUERY_TOKENS) {
        sorted = ArrayUtil.grow(sorted, n);
        System.arraycopy(weights, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        threshold = sorted[n - GRAPH_QUERY_TOKENS];
      }
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (weights[i] >= threshold) {
          queryOrds[m] = ords[i];
          queryWeights[m++] = weights[i];
        }
      }
      return m;
    }

    /** Puts the ordinals of the document's heaviest components into {@code cut}. */
    private int heaviest(int n) {
      int numCut = Math.min(GRAPH_QUERY_CUT, n);
      if (taken.length < n) {
        taken = new boolean[ArrayUtil.oversize(n, 1)];
      } else {
        Arrays.fill(taken, 0, n, false);
      }
      for (int c = 0; c < numCut; c++) {
        int best = -1;
        for (int i = 0; i < n; i++) {
          if (!taken[i] && (best < 0 || weights[i] > weights[best])) {
            best = i;
          }
        }
        taken[best] = true;
        cut[c] = ords[best];
      }
      return numCut;
    }

    /** Moves the hits, best first and without {@code doc}, into {@code found}; returns how many. */
    private int bestFirstWithoutSelf(int doc) {
      ScoreDoc[] hits = top.topDocs(0, 0, TotalHits.Relation.EQUAL_TO).scoreDocs;
      int kept = 0;
      for (ScoreDoc hit : hits) {
        if (hit.doc != doc && kept < nknn) {
          found[kept++] = hit.doc;
        }
      }
      return kept;
    }
  }
}
