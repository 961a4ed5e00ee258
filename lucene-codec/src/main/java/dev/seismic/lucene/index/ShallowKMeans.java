package dev.seismic.lucene.index;

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
 * walks per document instead of a full dot product with every centroid.
 *
 * <p>Not thread-safe: one instance per building thread, reused across lists; the {@link
 * TopComponents} it reads are shared.
 */
final class ShallowKMeans {

  private final InMemoryForwardIndex vectors;
  private final TopComponents top;
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

  ShallowKMeans(
      InMemoryForwardIndex vectors, TopComponents top, float centroidFraction, int minClusterSize) {
    this.vectors = vectors;
    this.top = top;
    this.centroidFraction = centroidFraction;
    this.minClusterSize = minClusterSize;
    this.slots = new int[vectors.numTerms];
  }

  /**
   * Reorders {@code docs[0..n)} so that each block's documents are contiguous and ascending, and
   * returns the blocks' end offsets (exclusive, ascending, the last equal to {@code n}).
   */
  int[] cluster(int[] docs, int n, SplittableRandom random) {
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

  private int[] assign(int[] docs, int n, int numCentroids) {
    assignment = ArrayUtil.growNoCopy(assignment, n);
    clusterSizes = ArrayUtil.growNoCopy(clusterSizes, numCentroids);
    Arrays.fill(clusterSizes, 0, numCentroids, 0);
    boolean[] alive = new boolean[numCentroids];
    Arrays.fill(alive, true);
    for (int i = 0; i < n; i++) {
      int c = closest(docs[i], alive, numCentroids);
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
          assignment[i] = closest(docs[i], alive, numCentroids);
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

  private int[] pickCentroids(int[] docs, int n, int numCentroids, SplittableRandom random) {
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
  private void buildCentroidIndex(int[] centroids) {
    numKeys = 0;
    int total = 0;
    for (int c : centroids) {
      for (int i = vectors.offsets[c], end = vectors.offsets[c + 1]; i < end; i++) {
        int component = vectors.components[i];
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
    postingCentroids = ArrayUtil.growNoCopy(postingCentroids, total);
    postingWeights = ArrayUtil.grow(postingWeights, total);
    for (int c = 0; c < centroids.length; c++) {
      int doc = centroids[c];
      for (int i = vectors.offsets[doc], end = vectors.offsets[doc + 1]; i < end; i++) {
        int p = counts[slots[vectors.components[i]] - 1]++;
        postingCentroids[p] = c;
        postingWeights[p] = vectors.weight(i);
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
   * The live centroid with the largest inner product with {@code doc}'s top components (the
   * smallest index among equals; the first live one when no centroid shares a component).
   *
   * <p>Scores go to a dense array over the centroids and one scan picks the best: a list's own
   * term is in every centroid and usually among a document's top components, so nearly all
   * centroids get a score anyway, and the scan is cheaper than tracking which ones did.
   */
  private int closest(int doc, boolean[] alive, int numCentroids) {
    float[] scores = this.scores;
    for (int i = top.offsets[doc], end = top.offsets[doc + 1]; i < end; i++) {
      int k = slots[top.components[i]] - 1;
      if (k < 0) {
        continue;
      }
      float w = top.weights[i];
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
