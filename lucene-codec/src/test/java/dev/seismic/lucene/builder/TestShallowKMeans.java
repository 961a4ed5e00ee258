package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.ForwardIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * Clustering and the top components it compares documents on, against plain reference versions: a
 * document's {@code doc_cut} heaviest components chosen by sorting, and its centroid chosen by full
 * dot products with every centroid. The built versions (centroid index with sparse lists and dense
 * rows, documents gathered into one buffer) must give exactly the same blocks.
 */
public class TestShallowKMeans extends LuceneTestCase {

  /**
   * Mostly small vocabularies, where centroids share many components; sometimes one over 65,536
   * terms, which the builder keeps in a different layout.
   */
  static int randomNumTerms(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 70_000;
      case 1 -> 5 + random.nextInt(2000);
      default -> 5 + random.nextInt(40);
    };
  }

  public void testTopComponentsAreTheHeaviestInComponentOrder() throws IOException {
    Random random = random();
    try (TestVectors vectors = TestVectors.random(random, 200, randomNumTerms(random), 40)) {
      int docCut = 1 + random.nextInt(20);
      try (TestVectors.Top top = vectors.top(docCut)) {
        ForwardIndex.Cursor cursor = top.forward().cursor();
        for (int d = 0; d < vectors.maxDoc(); d++) {
          assertArrayEquals("doc " + d, referenceTop(vectors, d, docCut), topOf(cursor, d));
        }
      }
    }
  }

  public void testBlocksEqualTheReferenceClustering() throws IOException {
    Random random = random();
    for (int iter = 0; iter < 30; iter++) {
      int numTerms = randomNumTerms(random);
      int maxDoc = 50 + random.nextInt(400);
      try (TestVectors vectors = TestVectors.random(random, maxDoc, numTerms, 60)) {
        int docCut = 1 + random.nextInt(20);
        float centroidFraction = 0.02f + random.nextFloat() * 0.5f;
        int minClusterSize = random.nextInt(4);
        TestVectors.Top top = vectors.top(docCut);
        ShallowKMeans kmeans =
            new ShallowKMeans(
                vectors.forward.cursor(),
                top.forward().cursor(),
                numTerms,
                centroidFraction,
                minClusterSize);
        // Several lists through one instance, as a building thread reuses it.
        for (int list = 0; list < 5; list++) {
          int n = 1 + random.nextInt(maxDoc);
          int[] docs = random.ints(0, maxDoc).distinct().limit(n).toArray();
          n = docs.length;
          long seed = random.nextLong();
          int[] clustered = docs.clone();
          int[] ends = kmeans.cluster(clustered, n, new SplittableRandom(seed));
          List<int[]> expected =
              referenceBlocks(
                  vectors, kmeans, docs, centroidFraction, minClusterSize, seed, docCut);
          assertEquals(
              "blocks of list " + list + " in iteration " + iter, expected.size(), ends.length);
          for (int b = 0, from = 0; b < ends.length; from = ends[b++]) {
            assertArrayEquals(
                "block " + b, expected.get(b), Arrays.copyOfRange(clustered, from, ends[b]));
          }
        }
      }
    }
  }

  /** The components TopComponents wrote for {@code doc}, in the order it wrote them. */
  private static int[] topOf(ForwardIndex.Cursor top, int doc) throws IOException {
    top.load(doc);
    int[] components = new int[top.length()];
    for (int i = 0; i < components.length; i++) {
      components[i] = top.component(i);
    }
    return components;
  }

  /** The doc_cut heaviest components (ties to the smaller component), ascending. */
  private static int[] referenceTop(TestVectors vectors, int doc, int docCut) {
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < vectors.components[doc].length; i++) {
      entries.add(i);
    }
    int[] comps = vectors.components[doc];
    int[] vals = vectors.values[doc];
    entries.sort(
        (a, b) -> {
          int byValue = Integer.compare(vals[b], vals[a]);
          return byValue != 0 ? byValue : Integer.compare(comps[a], comps[b]);
        });
    return entries.stream().limit(docCut).mapToInt(i -> comps[i]).sorted().toArray();
  }

  /**
   * Assigns every document to the live centroid of largest dot product (its top components against
   * the centroid's whole vector, summed in component order; the smaller centroid index among
   * equals), dissolves clusters of at most minClusterSize documents, and returns the clusters in
   * centroid order, documents ascending.
   */
  private static List<int[]> referenceBlocks(
      TestVectors vectors,
      ShallowKMeans kmeans,
      int[] docs,
      float centroidFraction,
      int minClusterSize,
      long seed,
      int docCut) {
    int n = docs.length;
    int numCentroids = (int) Math.min(n, Math.max(1, Math.ceil(centroidFraction * n)));
    if (numCentroids == 1) {
      int[] sorted = docs.clone();
      Arrays.sort(sorted);
      return List.of(sorted);
    }
    int[] centroids =
        kmeans.pickCentroids(docs.clone(), n, numCentroids, new SplittableRandom(seed));
    float[][] scores = new float[n][numCentroids];
    for (int i = 0; i < n; i++) {
      int doc = docs[i];
      int[] topComponents = referenceTop(vectors, doc, docCut);
      for (int c = 0; c < numCentroids; c++) {
        float score = 0;
        for (int component : topComponents) {
          score += vectors.weightOf(doc, component) * vectors.weightOf(centroids[c], component);
        }
        scores[i][c] = score;
      }
    }
    boolean[] alive = new boolean[numCentroids];
    Arrays.fill(alive, true);
    int[] assignment = new int[n];
    for (int i = 0; i < n; i++) {
      assignment[i] = best(scores[i], alive);
    }
    int[] sizes = new int[numCentroids];
    for (int a : assignment) {
      sizes[a]++;
    }
    boolean anyDead = false;
    boolean anyAlive = false;
    for (int c = 0; c < numCentroids; c++) {
      alive[c] = sizes[c] > minClusterSize;
      anyDead |= !alive[c];
      anyAlive |= alive[c];
    }
    if (anyDead && anyAlive) {
      for (int i = 0; i < n; i++) {
        if (!alive[assignment[i]]) {
          assignment[i] = best(scores[i], alive);
        }
      }
    }
    List<int[]> blocks = new ArrayList<>();
    for (int c = 0; c < numCentroids; c++) {
      int cluster = c;
      int[] block =
          java.util.stream.IntStream.range(0, n)
              .filter(i -> assignment[i] == cluster)
              .map(i -> docs[i])
              .sorted()
              .toArray();
      if (block.length > 0) {
        blocks.add(block);
      }
    }
    return blocks;
  }

  private static int best(float[] scores, boolean[] alive) {
    int best = -1;
    for (int c = 0; c < scores.length; c++) {
      if (alive[c] && (best < 0 || scores[c] > scores[best])) {
        best = c;
      }
    }
    return best;
  }
}
