package dev.seismic.lucene.index;

import dev.seismic.lucene.document.SeismicVectorField;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * The bound on what one document brings to a block summary, which keeps outsized documents from
 * costing quadratic time and space at flush.
 */
public class TestQuantizedSummary extends LuceneTestCase {

  /**
   * Documents of the given lengths over disjoint components; the weight grows with the component
   * id (consecutive stored values, whose order is the weights' order), so no two are equal.
   */
  private static InMemoryForwardIndex disjointDocs(int... lengths) {
    int total = 0;
    for (int n : lengths) {
      total += n;
    }
    int[] offsets = new int[lengths.length + 1];
    int[] components = new int[total];
    short[] values = new short[total];
    int e = 0;
    for (int d = 0; d < lengths.length; d++) {
      offsets[d] = e;
      for (int i = 0; i < lengths[d]; i++, e++) {
        components[e] = e;
        values[e] = (short) (SeismicVectorField.encodeWeight(1f) + e);
      }
    }
    offsets[lengths.length] = e;
    return new InMemoryForwardIndex(lengths.length, total, offsets, components, values);
  }

  public void testOneOutsizedDocumentIsCappedToItsHeaviestComponents() {
    int n = 10_000;
    InMemoryForwardIndex vectors = disjointDocs(n);
    QuantizedSummary summary = new QuantizedSummary(vectors, 1f, QuantizedSummary.heaviestEntries(vectors));
    summary.build(new int[] {0}, 0, 1);
    assertEquals(QuantizedSummary.MAX_ENTRIES_PER_DOC, summary.size);
    // Weights grow with the component id, so the heaviest are the last ids, kept in id order.
    for (int i = 0; i < summary.size; i++) {
      assertEquals(n - QuantizedSummary.MAX_ENTRIES_PER_DOC + i, summary.components[i]);
    }
  }

  public void testEachDocumentBringsAtMostItsHeaviestAndOrdinarySummariesStayWhole() {
    // Two documents of 300 components: each brings its 256 heaviest.
    InMemoryForwardIndex vectors = disjointDocs(300, 300, 200, 200);
    QuantizedSummary summary = new QuantizedSummary(vectors, 1f, QuantizedSummary.heaviestEntries(vectors));
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

