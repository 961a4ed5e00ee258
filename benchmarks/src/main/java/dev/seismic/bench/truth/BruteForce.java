package dev.seismic.bench.truth;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.VectorSink;
import dev.seismic.bench.data.VectorStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exact top-k by dot product, computed exhaustively: the ground truth that recall is measured
 * against.
 *
 * <p>It builds its own in-memory inverted index (no pruning, no quantisation beyond the chosen
 * {@link WeightMode}) and accumulates every query's scores in {@code double}, so it is independent
 * of the code under test. Queries run in parallel on all cores; each thread reuses one accumulator
 * array, touching only the documents that share a token with the query.
 */
public final class BruteForce {

  private final VectorSet documents;
  private final int numDocs;
  private final WeightMode mode;
  private final Map<String, Integer> termIds = new HashMap<>();
  private final int[][] postingDocs;
  private final float[][] postingWeights;

  public BruteForce(VectorSet documents, WeightMode mode) {
    this(documents, mode, true);
  }

  /**
   * @param keepDocuments whether to keep {@code documents} for {@link #score} (a chunk of a
   *     streamed set is dropped once indexed)
   */
  BruteForce(VectorSet documents, WeightMode mode, boolean keepDocuments) {
    this(VectorStream.of(documents), mode, keepDocuments ? documents : null);
  }

  /**
   * The in-memory index of a streamed set, built in two passes over it (one to count postings, one
   * to fill them) without holding the vectors; {@link #score} is then unavailable.
   */
  public static BruteForce index(VectorStream documents, WeightMode mode) throws IOException {
    try {
      return new BruteForce(documents, mode, null);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Two passes over {@code docs}: count postings per term, then fill exactly sized arrays.
   *
   * @param kept the documents, kept for {@link #score}, or null
   * @throws UncheckedIOException when reading the stream fails
   */
  private BruteForce(VectorStream docs, WeightMode mode, VectorSet kept) {
    this.documents = kept;
    this.mode = mode;
    List<int[]> lengths = new ArrayList<>();
    int[] n = {0};
    forEach(
        docs,
        (id, tokens, weights) -> {
          for (String t : tokens) {
            Integer tid = termIds.get(t);
            if (tid == null) {
              tid = termIds.size();
              termIds.put(t, tid);
              lengths.add(new int[1]);
            }
            lengths.get(tid)[0]++;
          }
          n[0]++;
        });
    this.numDocs = n[0];
    postingDocs = new int[termIds.size()][];
    postingWeights = new float[termIds.size()][];
    for (int t = 0; t < postingDocs.length; t++) {
      postingDocs[t] = new int[lengths.get(t)[0]];
      postingWeights[t] = new float[lengths.get(t)[0]];
    }
    int[] fill = new int[postingDocs.length];
    int[] d = {0};
    forEach(
        docs,
        (id, tokens, weights) -> {
          for (int i = 0; i < tokens.length; i++) {
            Integer t = termIds.get(tokens[i]);
            if (t == null || fill[t] == postingDocs[t].length) {
              throw new IllegalStateException("the documents changed between two passes");
            }
            postingDocs[t][fill[t]] = d[0];
            postingWeights[t][fill[t]] = mode.apply(weights[i]);
            fill[t]++;
          }
          d[0]++;
        });
  }

  private static void forEach(VectorStream docs, VectorSink sink) {
    try {
      docs.forEach(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of documents indexed. */
  public int numDocs() {
    return numDocs;
  }

  public WeightMode mode() {
    return mode;
  }

  /** Top {@code k} of every query, on {@code threads} threads. */
  public TopK[] search(VectorSet queries, int k, int threads) {
    Ranked[] ranked = searchRanked(queries, k, threads);
    TopK[] out = new TopK[ranked.length];
    for (int q = 0; q < out.length; q++) {
      out[q] = ranked[q].topK();
    }
    return out;
  }

  /**
   * The best documents of one query with their scores as accumulated (double), by descending score
   * then ascending document number.
   */
  record Ranked(int[] docs, double[] scores) {
    TopK topK() {
      float[] f = new float[docs.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) scores[i];
      }
      return new TopK(docs, f);
    }
  }

  /** {@link #search(VectorSet, int, int)} with the scores in double. */
  Ranked[] searchRanked(VectorSet queries, int k, int threads) {
    Ranked[] out = new Ranked[queries.size()];
    AtomicInteger next = new AtomicInteger();
    int n = Math.max(1, Math.min(threads, queries.size()));
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        tasks.add(
            pool.submit(
                () -> {
                  Accumulator acc = new Accumulator(numDocs);
                  for (int q = next.getAndIncrement(); q < out.length; q = next.getAndIncrement()) {
                    out[q] = search(queries.tokens(q), queries.weights(q), k, acc);
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("brute-force search failed", e.getCause());
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return out;
  }

  /** Top {@code k} of one query. */
  public TopK search(String[] tokens, float[] weights, int k) {
    return search(tokens, weights, k, new Accumulator(numDocs)).topK();
  }

  /**
   * A searcher for one thread that keeps its accumulator from query to query, so timing it measures
   * the scoring, not the allocation of per-document arrays.
   */
  public Searcher searcher() {
    return new Searcher();
  }

  /** Exact top-k on one thread; not thread-safe. */
  public final class Searcher {
    private final Accumulator acc = new Accumulator(numDocs);

    private Searcher() {}

    public TopK search(String[] tokens, float[] weights, int k) {
      return BruteForce.this.search(tokens, weights, k, acc).topK();
    }
  }

  /**
   * The exact score of one document for a query, computed the same way as in {@link #search} (used
   * to recognise ties with the k-th result).
   */
  public double score(String[] queryTokens, float[] queryWeights, int doc) {
    if (documents == null) {
      throw new UnsupportedOperationException("built from a stream: the vectors are not kept");
    }
    Map<String, Float> q = new HashMap<>();
    for (int i = 0; i < queryTokens.length; i++) {
      q.put(queryTokens[i], queryWeights[i]);
    }
    String[] tokens = documents.tokens(doc);
    float[] weights = documents.weights(doc);
    double s = 0;
    for (int i = 0; i < tokens.length; i++) {
      Float qw = q.get(tokens[i]);
      if (qw != null) {
        s += (double) qw * mode.apply(weights[i]);
      }
    }
    return s;
  }

  private Ranked search(String[] tokens, float[] weights, int k, Accumulator acc) {
    for (int i = 0; i < tokens.length; i++) {
      Integer t = termIds.get(tokens[i]);
      if (t == null) {
        continue;
      }
      double qw = weights[i];
      int[] docs = postingDocs[t];
      float[] ws = postingWeights[t];
      for (int j = 0; j < docs.length; j++) {
        acc.add(docs[j], qw * ws[j]);
      }
    }
    return acc.topKAndReset(k);
  }

  /** Per-thread score accumulator that remembers which documents it touched. */
  private static final class Accumulator {
    private final double[] scores;
    private final boolean[] touched;
    private int[] touchedDocs = new int[1024];
    private int numTouched;

    Accumulator(int numDocs) {
      scores = new double[numDocs];
      touched = new boolean[numDocs];
    }

    void add(int doc, double s) {
      if (!touched[doc]) {
        touched[doc] = true;
        if (numTouched == touchedDocs.length) {
          touchedDocs = java.util.Arrays.copyOf(touchedDocs, numTouched * 2);
        }
        touchedDocs[numTouched++] = doc;
      }
      scores[doc] += s;
    }

    Ranked topKAndReset(int k) {
      // A min-heap of the best k (worst on top), ordered by score then by larger doc number.
      int[] heap = new int[Math.min(k, numTouched)];
      int size = 0;
      for (int i = 0; i < numTouched; i++) {
        int d = touchedDocs[i];
        if (size < heap.length) {
          heap[size] = d;
          siftUp(heap, size++);
        } else if (heap.length > 0 && better(d, heap[0])) {
          heap[0] = d;
          siftDown(heap, size);
        }
      }
      int[] docs = new int[size];
      double[] out = new double[size];
      for (int i = size - 1; i >= 0; i--) {
        docs[i] = heap[0];
        out[i] = scores[heap[0]];
        heap[0] = heap[i];
        siftDown(heap, i);
      }
      for (int i = 0; i < numTouched; i++) {
        int d = touchedDocs[i];
        touched[d] = false;
        scores[d] = 0;
      }
      numTouched = 0;
      return new Ranked(docs, out);
    }

    /** Whether {@code a} ranks before {@code b}. */
    private boolean better(int a, int b) {
      int c = Double.compare(scores[a], scores[b]);
      return c > 0 || (c == 0 && a < b);
    }

    private void siftUp(int[] heap, int i) {
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (better(heap[parent], heap[i])) {
          swap(heap, parent, i);
          i = parent;
        } else {
          break;
        }
      }
    }

    private void siftDown(int[] heap, int size) {
      int i = 0;
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int worst = i;
        if (l < size && better(heap[worst], heap[l])) {
          worst = l;
        }
        if (r < size && better(heap[worst], heap[r])) {
          worst = r;
        }
        if (worst == i) {
          return;
        }
        swap(heap, i, worst);
        i = worst;
      }
    }

    private static void swap(int[] a, int i, int j) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
