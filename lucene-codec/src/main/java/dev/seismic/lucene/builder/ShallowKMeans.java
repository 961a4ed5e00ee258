package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.lucene.util.ArrayUtil;

/**
 * Splits a pruned posting list into geometrically cohesive blocks, as Seismic does: pick {@code
 * ⌈centroid_fraction · L⌉} random documents of the list as centroids, send every document to the
 * centroid with the largest inner product (no iterations: one pass is what makes it cheap), then
 * dissolve clusters of at most {@code min_cluster_size} documents into the others.
 *
 * <p>A document is compared with the centroids on its {@code doc_cut} largest components only,
 * through a small inverted index of the centroids, so the cost is about {@code doc_cut} short list
 * walks per document instead of a full dot product with every centroid. Components that many
 * centroids share are kept as dense rows instead of lists, which the JIT vectorizes.
 *
 * <p>Not thread-safe: one instance per building thread, reused across lists, with its own readers
 * of the forward index and of the top components.
 */
final class ShallowKMeans {

  private final ForwardIndex.Cursor vectors;
  private final ForwardIndex.Cursor top;
  private final float centroidFraction;
  private final int minClusterSize;

  // Scratch, grown as needed.
  private int[] assignment = new int[0];
  private int[] clusterSizes = new int[0];
  private float[] scores = new float[0];
  private final int[] slots; // by component: 1 + its key index in the centroid index, or 0
  private int[] counts = new int[0];
  private int[] keys = new int[0]; // distinct components of the centroid index
  private int[] keyStarts = new int[0];
  private int[] postingCentroids = new int[0];
  private float[] postingWeights = new float[0];
  private int numKeys;
  private float[][] denseRows = new float[0][]; // by key: its weights by centroid, or null
  private float[][] rowPool = new float[0][]; // dense rows, reused from list to list
  // The list's documents as queries (gatherQueries): document i's keys and weights are
  // [queryStarts[i], queryStarts[i + 1]).
  private int[] queryStarts = new int[0];
  private int[] queryKeys = new int[0];
  private float[] queryWeights = new float[0];

  /**
   * A component held by at least one centroid in this many gets a dense row: adding a dense row to
   * the scores is a loop the JIT vectorizes, costing about what the sparse walk's scattered adds
   * cost for a few centroids (8 was the fastest of 8, 32 and all-dense on the 1M-document benchmark
   * set). The list's own term is in every centroid, and the terms that often come with it are in
   * many.
   */
  private static final int DENSE_ROW_SHARE = 8;

  /**
   * @param vectors this instance's own reader of the segment's forward index
   * @param top this instance's own reader of the documents' top components ({@link TopComponents})
   * @param numTerms the field's vocabulary in the segment
   */
  ShallowKMeans(
      ForwardIndex.Cursor vectors,
      ForwardIndex.Cursor top,
      int numTerms,
      float centroidFraction,
      int minClusterSize) {
    this.vectors = vectors;
    this.top = top;
    this.centroidFraction = centroidFraction;
    this.minClusterSize = minClusterSize;
    this.slots = new int[numTerms];
  }

  /**
   * Reorders {@code docs[0..n)} so that each block's documents are contiguous and ascending, and
   * returns the blocks' end offsets (exclusive, ascending, the last equal to {@code n}).
   */
  int[] cluster(int[] docs, int n, SplittableRandom random) throws IOException {
    int numCentroids = (int) Math.min(n, Math.max(1, Math.ceil(centroidFraction * n)));
    if (numCentroids == 1) {
      Arrays.sort(docs, 0, n);
      return new int[] {n};
    }
    int[] centroids = pickCentroids(docs, n, numCentroids, random);
    buildCentroidIndex(centroids);
    try {
      return assign(docs, n, numCentroids);
    } finally {
      clearCentroidIndex();
    }
  }

  private int[] assign(int[] docs, int n, int numCentroids) throws IOException {
    assignment = ArrayUtil.growNoCopy(assignment, n);
    clusterSizes = ArrayUtil.growNoCopy(clusterSizes, numCentroids);
    Arrays.fill(clusterSizes, 0, numCentroids, 0);
    boolean[] alive = new boolean[numCentroids];
    Arrays.fill(alive, true);
    gatherQueries(docs, n);
    for (int i = 0; i < n; i++) {
      int c = closest(i, alive, numCentroids);
      assignment[i] = c;
      clusterSizes[c]++;
    }
    // Dissolve tiny clusters: their documents join the closest surviving centroid.
    boolean anyDissolved = false;
    int survivors = 0;
    for (int c = 0; c < numCentroids; c++) {
      if (clusterSizes[c] <= minClusterSize) {
        alive[c] = false;
        anyDissolved = true;
      } else {
        survivors++;
      }
    }
    if (anyDissolved && survivors > 0) {
      for (int i = 0; i < n; i++) {
        if (!alive[assignment[i]]) {
          assignment[i] = closest(i, alive, numCentroids);
        }
      }
    }
    // Group by cluster (stable counting sort), documents ascending within each block.
    Arrays.fill(clusterSizes, 0, numCentroids, 0);
    for (int i = 0; i < n; i++) {
      clusterSizes[assignment[i]]++;
    }
    int numBlocks = 0;
    int[] starts = new int[numCentroids + 1];
    for (int c = 0; c < numCentroids; c++) {
      starts[c + 1] = starts[c] + clusterSizes[c];
      if (clusterSizes[c] > 0) {
        numBlocks++;
      }
    }
    int[] grouped = new int[n];
    int[] fill = Arrays.copyOf(starts, numCentroids);
    for (int i = 0; i < n; i++) {
      grouped[fill[assignment[i]]++] = docs[i];
    }
    int[] ends = new int[numBlocks];
    int b = 0;
    for (int c = 0; c < numCentroids; c++) {
      if (clusterSizes[c] > 0) {
        Arrays.sort(grouped, starts[c], starts[c + 1]);
        ends[b++] = starts[c + 1];
      }
    }
    System.arraycopy(grouped, 0, docs, 0, n);
    return ends;
  }

  /** The centroids cluster() picks for these arguments (package-private for tests). */
  int[] pickCentroids(int[] docs, int n, int numCentroids, SplittableRandom random) {
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      positions[i] = i;
    }
    int[] centroids = new int[numCentroids];
    for (int i = 0; i < numCentroids; i++) {
      int j = i + random.nextInt(n - i);
      int t = positions[i];
      positions[i] = positions[j];
      positions[j] = t;
      centroids[i] = docs[positions[i]];
    }
    return centroids;
  }

  /**
   * A tiny inverted index over the centroids' full vectors: component → (centroid, weight), built
   * by counting sort through {@link #slots}, a dense component → key table reset after each list.
   */
  private void buildCentroidIndex(int[] centroids) throws IOException {
    numKeys = 0;
    int total = 0;
    for (int c : centroids) {
      vectors.load(c);
      for (int i = 0, end = vectors.length(); i < end; i++) {
        int component = vectors.component(i);
        if (slots[component] == 0) {
          keys = ArrayUtil.grow(keys, numKeys + 1);
          keys[numKeys++] = component;
          slots[component] = numKeys; // key index + 1; 0 means absent
          counts = ArrayUtil.grow(counts, numKeys);
          counts[numKeys - 1] = 0;
        }
        counts[slots[component] - 1]++;
        total++;
      }
    }
    keyStarts = ArrayUtil.growNoCopy(keyStarts, numKeys + 1);
    keyStarts[0] = 0;
    for (int k = 0; k < numKeys; k++) {
      keyStarts[k + 1] = keyStarts[k] + counts[k];
      counts[k] = keyStarts[k]; // now the fill position
    }
    // Components that many centroids share also get a dense row over all centroids.
    int numCentroids = centroids.length;
    if (denseRows.length < numKeys) {
      denseRows = new float[ArrayUtil.oversize(numKeys, Integer.BYTES)][];
    }
    int numDense = 0;
    for (int k = 0; k < numKeys; k++) {
      if ((keyStarts[k + 1] - keyStarts[k]) * DENSE_ROW_SHARE >= numCentroids) {
        if (numDense == rowPool.length) {
          rowPool = ArrayUtil.grow(rowPool, numDense + 1);
        }
        float[] row = rowPool[numDense];
        if (row == null || row.length < numCentroids) {
          row = rowPool[numDense] = new float[ArrayUtil.oversize(numCentroids, Float.BYTES)];
        } else {
          Arrays.fill(row, 0, numCentroids, 0f);
        }
        numDense++;
        denseRows[k] = row;
      } else {
        denseRows[k] = null;
      }
    }
    postingCentroids = ArrayUtil.growNoCopy(postingCentroids, total);
    postingWeights = ArrayUtil.grow(postingWeights, total);
    for (int c = 0; c < numCentroids; c++) {
      vectors.load(centroids[c]);
      for (int i = 0, end = vectors.length(); i < end; i++) {
        int k = slots[vectors.component(i)] - 1;
        float weight = SeismicVectorField.decodeWeight(vectors.value(i));
        float[] row = denseRows[k];
        if (row != null) {
          row[c] = weight;
        } else {
          int p = counts[k]++;
          postingCentroids[p] = c;
          postingWeights[p] = weight;
        }
      }
    }
    scores = ArrayUtil.grow(scores, centroids.length);
    Arrays.fill(scores, 0, centroids.length, 0f);
  }

  /** Forgets the centroid index's components, so that {@link #slots} is all zero again. */
  private void clearCentroidIndex() {
    for (int k = 0; k < numKeys; k++) {
      slots[keys[k]] = 0;
    }
    numKeys = 0;
  }

  /**
   * Copies each document's top components that some centroid holds, as centroid-index keys with
   * their weights, into one contiguous buffer, which {@link #closest} then reads for every centroid
   * pass. The list's documents lie far apart in the forward index; they are touched first, in reads
   * whose cache misses overlap, then read one by one.
   */
  private void gatherQueries(int[] docs, int n) throws IOException {
    queryStarts = ArrayUtil.growNoCopy(queryStarts, n + 1);
    top.touch(docs, 0, n);
    int size = 0;
    for (int i = 0; i < n; i++) {
      queryStarts[i] = size;
      top.load(docs[i]);
      int length = top.length();
      queryKeys = ArrayUtil.grow(queryKeys, size + length);
      queryWeights = ArrayUtil.grow(queryWeights, size + length);
      for (int j = 0; j < length; j++) {
        int k = slots[top.component(j)] - 1;
        queryKeys[size] = k;
        queryWeights[size] = SeismicVectorField.decodeWeight(top.value(j));
        size += k >= 0 ? 1 : 0;
      }
    }
    queryStarts[n] = size;
  }

  /**
   * The live centroid with the largest inner product with {@code doc}'s top components (the
   * smallest index among equals; the first live one when no centroid shares a component).
   *
   * <p>Scores go to a dense array over the centroids and one scan picks the best: a list's own term
   * is in every centroid and usually among a document's top components, so nearly all centroids get
   * a score anyway, and the scan is cheaper than tracking which ones did.
   */
  private int closest(int query, boolean[] alive, int numCentroids) {
    float[] scores = this.scores;
    for (int i = queryStarts[query], end = queryStarts[query + 1]; i < end; i++) {
      int k = queryKeys[i];
      float w = queryWeights[i];
      float[] row = denseRows[k];
      if (row != null) {
        // Absent centroids hold 0 here and gain exactly 0, so scores equal the sparse walk's.
        // Indexed from 0 like scores, the JIT vectorizes this loop (with an offset into a shared
        // array it cannot rule out overlap, and does not).
        for (int c = 0; c < numCentroids; c++) {
          scores[c] += w * row[c];
        }
        continue;
      }
      for (int p = keyStarts[k], pEnd = keyStarts[k + 1]; p < pEnd; p++) {
        scores[postingCentroids[p]] += w * postingWeights[p];
      }
    }
    int best = -1;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < numCentroids; c++) {
      float score = scores[c];
      scores[c] = 0f;
      if (alive[c] && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }
}
