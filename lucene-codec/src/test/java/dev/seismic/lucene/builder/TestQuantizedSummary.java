package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.SeismicVectorField;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * Block summaries: what they keep (checked against a plain sort of the block's maximum) and the
 * bound on what one document brings to them, which keeps outsized documents from costing quadratic
 * time and space at flush.
 */
public class TestQuantizedSummary extends LuceneTestCase {

  /**
   * Documents of the given lengths over disjoint components; the weight grows with the component id
   * (consecutive stored values, whose order is the weights' order), so no two are equal.
   */
  private static TestVectors disjointDocs(int... lengths) throws IOException {
    int[][] components = new int[lengths.length][];
    int[][] values = new int[lengths.length][];
    int next = 0;
    for (int d = 0; d < lengths.length; d++) {
      components[d] = new int[lengths[d]];
      values[d] = new int[lengths[d]];
      for (int i = 0; i < lengths[d]; i++, next++) {
        components[d][i] = next;
        values[d][i] = SeismicVectorField.encodeWeight(1f) + next;
      }
    }
    return new TestVectors(next, components, values);
  }

  private static QuantizedSummary summary(TestVectors vectors, float energy) throws IOException {
    return new QuantizedSummary(vectors.forward.cursor(), vectors.numTerms, energy);
  }

  public void testOneOutsizedDocumentIsCappedToItsHeaviestComponents() throws IOException {
    int n = 10_000;
    try (TestVectors vectors = disjointDocs(n)) {
      QuantizedSummary summary = summary(vectors, 1f);
      summary.build(new int[] {0}, 0, 1);
      assertEquals(QuantizedSummary.MAX_ENTRIES_PER_DOC, summary.size);
      // Weights grow with the component id, so the heaviest are the last ids.
      int[] kept = Arrays.copyOf(summary.components, summary.size);
      Arrays.sort(kept);
      for (int i = 0; i < summary.size; i++) {
        assertEquals(n - QuantizedSummary.MAX_ENTRIES_PER_DOC + i, kept[i]);
      }
    }
  }

  public void testEachDocumentBringsAtMostItsHeaviestAndOrdinarySummariesStayWhole()
      throws IOException {
    // Two documents of 300 components: each brings its 256 heaviest.
    try (TestVectors vectors = disjointDocs(300, 300, 200, 200)) {
      QuantizedSummary summary = summary(vectors, 1f);
      summary.build(new int[] {0, 1}, 0, 2);
      assertEquals(2 * QuantizedSummary.MAX_ENTRIES_PER_DOC, summary.size);
      // 400 components from two 200-component documents: under the cap, the full maximum is kept.
      summary.build(new int[] {2, 3}, 0, 2);
      assertEquals(400, summary.size);
      // A single ordinary document is summarised whole with summary_energy 1.
      summary.build(new int[] {3}, 0, 1);
      assertEquals(200, summary.size);
    }
  }

  /**
   * A summary keeps the heaviest components of the block's maximum (equal values: the smaller
   * component first), as few as reach summary_energy of its mass, with codes quantized from its own
   * minimum and step.
   */
  public void testSummariesKeepTheHeaviestComponentsThatReachTheEnergy() throws IOException {
    java.util.Random random = random();
    for (int iter = 0; iter < 20; iter++) {
      try (TestVectors vectors =
          TestVectors.random(random, 300, TestShallowKMeans.randomNumTerms(random), 80)) {
        float energy = random.nextBoolean() ? 1f : 0.05f + 0.9f * random.nextFloat();
        QuantizedSummary summary = summary(vectors, energy);
        for (int block = 0; block < 20; block++) {
          int[] docs =
              random.ints(0, vectors.maxDoc()).distinct().limit(1 + random.nextInt(30)).toArray();
          summary.build(docs, 0, docs.length);
          checkSummary(vectors, docs, energy, summary);
        }
      }
    }
  }

  private static void checkSummary(
      TestVectors vectors, int[] docs, float energy, QuantizedSummary summary) {
    java.util.Map<Integer, Integer> maxima = new java.util.HashMap<>();
    for (int doc : docs) {
      for (int i = 0; i < vectors.components[doc].length; i++) {
        maxima.merge(vectors.components[doc][i], vectors.values[doc][i], Math::max);
      }
    }
    java.util.List<Integer> order = new java.util.ArrayList<>(maxima.keySet());
    order.sort(
        (a, b) -> {
          int byValue = Integer.compare(maxima.get(b), maxima.get(a));
          return byValue != 0 ? byValue : Integer.compare(a, b);
        });
    if (order.isEmpty()) {
      assertEquals(0, summary.size);
      return;
    }
    int size = summary.size;
    java.util.Set<Integer> kept = new java.util.HashSet<>();
    for (int i = 0; i < size; i++) {
      assertTrue("component kept twice", kept.add(summary.components[i]));
    }
    assertEquals(
        "the kept components are the heaviest",
        new java.util.HashSet<>(order.subList(0, size)),
        kept);
    double mass = 0;
    for (int c : order) {
      mass += SeismicVectorField.decodeWeight(maxima.get(c));
    }
    double target = energy * mass;
    double keptMass = 0;
    for (int i = 0; i < size - 1; i++) {
      keptMass += SeismicVectorField.decodeWeight(maxima.get(order.get(i)));
    }
    assertTrue(
        "one component fewer would have been enough", size == 1 || keptMass < target * (1 + 1e-5));
    keptMass += SeismicVectorField.decodeWeight(maxima.get(order.get(size - 1)));
    assertTrue("the kept mass reaches the energy", keptMass >= target * (1 - 1e-5));
    float min = SeismicVectorField.decodeWeight(maxima.get(order.get(size - 1)));
    float max = SeismicVectorField.decodeWeight(maxima.get(order.get(0)));
    assertEquals(min, summary.min, 0f);
    assertEquals((max - min) / 255f, summary.step, 0f);
    for (int i = 0; i < size; i++) {
      float w = SeismicVectorField.decodeWeight(maxima.get(summary.components[i]));
      int expected = summary.step == 0f ? 0 : Math.round((w - min) / summary.step);
      assertEquals("code of component " + summary.components[i], expected, summary.codes[i] & 0xFF);
    }
  }
}
