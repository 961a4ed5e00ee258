package dev.seismic.lucene.builder;

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

  /** Random vectors of up to maxLength components over numTerms terms. */
  static InMemoryForwardIndex randomVectors(
      Random random, int maxDoc, int numTerms, int maxLength) {
    int[] offsets = new int[maxDoc + 1];
    List<int[]> docs = new ArrayList<>();
    int total = 0;
    for (int d = 0; d < maxDoc; d++) {
      int length = random.nextInt(Math.min(maxLength, numTerms) + 1);
      int[] comps = random.ints(0, numTerms).distinct().limit(length).sorted().toArray();
      docs.add(comps);
      offsets[d] = total;
      total += comps.length;
    }
    offsets[maxDoc] = total;
    InMemoryForwardIndex vectors = InMemoryForwardIndex.allocate(maxDoc, numTerms, offsets);
    for (int d = 0, e = 0; d < maxDoc; d++) {
      for (int c : docs.get(d)) {
        // Few distinct values, so that ties between weights are common; weights about 0.5 to 100.
        vectors.set(e++, c, 0x7E00 + random.nextInt(random.nextBoolean() ? 8 : 2000));
      }
    }
    return vectors;
  }

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

  public void testTopComponentsAreTheHeaviestInComponentOrder() {
    Random random = random();
    InMemoryForwardIndex vectors = randomVectors(random, 200, randomNumTerms(random), 40);
    int docCut = 1 + random.nextInt(20);
    TopComponents top = new TopComponents(vectors, docCut);
    for (int d = 0; d < vectors.maxDoc; d++) {
      long[] expected = referenceTop(vectors, d, docCut);
      long[] actual = Arrays.copyOfRange(top.entries, top.offsets[d], top.offsets[d + 1]);
      assertArrayEquals("doc " + d, expected, actual);
    }
  }

  public void testBlocksEqualTheReferenceClustering() {
    Random random = random();
    for (int iter = 0; iter < 30; iter++) {
      int numTerms = randomNumTerms(random);
      int maxDoc = 50 + random.nextInt(400);
      InMemoryForwardIndex vectors = randomVectors(random, maxDoc, numTerms, 60);
      int docCut = 1 + random.nextInt(20);
      float centroidFraction = 0.02f + random.nextFloat() * 0.5f;
      int minClusterSize = random.nextInt(4);
      TopComponents top = new TopComponents(vectors, docCut);
      ShallowKMeans kmeans = new ShallowKMeans(vectors, top, centroidFraction, minClusterSize);
      // Several lists through one instance, as a building thread reuses it.
      for (int list = 0; list < 5; list++) {
        int n = 1 + random.nextInt(maxDoc);
        int[] docs = random.ints(0, maxDoc).distinct().limit(n).toArray();
        n = docs.length;
        long seed = random.nextLong();
        int[] clustered = docs.clone();
        int[] ends = kmeans.cluster(clustered, n, new SplittableRandom(seed));
        List<int[]> expected =
            referenceBlocks(vectors, top, kmeans, docs, centroidFraction, minClusterSize, seed);
        assertEquals(
            "blocks of list " + list + " in iteration " + iter, expected.size(), ends.length);
        for (int b = 0, from = 0; b < ends.length; from = ends[b++]) {
          assertArrayEquals(
              "block " + b, expected.get(b), Arrays.copyOfRange(clustered, from, ends[b]));
        }
      }
    }
  }

  /** The doc_cut heaviest entries (ties to the smaller component), by ascending component. */
  private static long[] referenceTop(InMemoryForwardIndex vectors, int doc, int docCut) {
    List<Integer> entries = new ArrayList<>();
    for (int e = vectors.offsets[doc]; e < vectors.offsets[doc + 1]; e++) {
      entries.add(e);
    }
    entries.sort(
        (a, b) -> {
          int byValue = Integer.compare(vectors.value(b), vectors.value(a));
          return byValue != 0
              ? byValue
              : Integer.compare(vectors.component(a), vectors.component(b));
        });
    return entries.stream()
        .limit(docCut)
        .sorted((a, b) -> Integer.compare(vectors.component(a), vectors.component(b)))
        .mapToLong(
            e ->
                ((long) vectors.component(e) << 32)
                    | (Float.floatToRawIntBits(vectors.weight(e)) & 0xFFFFFFFFL))
        .toArray();
  }

  /**
   * Assigns every document to the live centroid of largest dot product (its top components against
   * the centroid's whole vector, summed in component order; the smaller centroid index among
   * equals), dissolves clusters of at most minClusterSize documents, and returns the clusters in
   * centroid order, documents ascending.
   */
  private static List<int[]> referenceBlocks(
      InMemoryForwardIndex vectors,
      TopComponents top,
      ShallowKMeans kmeans,
      int[] docs,
      float centroidFraction,
      int minClusterSize,
      long seed) {
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
      for (int c = 0; c < numCentroids; c++) {
        float score = 0;
        for (int j = top.offsets[docs[i]]; j < top.offsets[docs[i] + 1]; j++) {
          score +=
              TopComponents.weight(top.entries[j])
                  * weightOf(vectors, centroids[c], TopComponents.component(top.entries[j]));
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

  private static float weightOf(InMemoryForwardIndex vectors, int doc, int component) {
    for (int e = vectors.offsets[doc]; e < vectors.offsets[doc + 1]; e++) {
      if (vectors.component(e) == component) {
        return vectors.weight(e);
      }
    }
    return 0f;
  }
}
