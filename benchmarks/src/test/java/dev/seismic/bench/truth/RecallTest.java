package dev.seismic.bench.truth;

import org.apache.lucene.tests.util.LuceneTestCase;

public class RecallTest extends LuceneTestCase {

  private static final TopK TRUTH = new TopK(new int[] {5, 6, 7}, new float[] {3f, 2f, 1f});

  public void testPlainOverlap() {
    assertEquals(1.0, Recall.of(TRUTH, new int[] {7, 6, 5}, 3, d -> 0), 0);
    assertEquals(2 / 3.0, Recall.of(TRUTH, new int[] {5, 6, 9}, 3, d -> 0.5), 1e-12);
    assertEquals(0.0, Recall.of(TRUTH, new int[0], 3, d -> 0), 0);
  }

  public void testTieWithLastCountsAsHit() {
    // Document 9 scores exactly like the 3rd: choosing it instead of 7 is not a miss.
    assertEquals(1.0, Recall.of(TRUTH, new int[] {5, 6, 9}, 3, d -> d == 9 ? 1.0 : 0), 0);
    // Hits never exceed the size of the exact list.
    assertEquals(1.0, Recall.of(TRUTH, new int[] {5, 6, 7, 9}, 3, d -> 1.0), 0);
  }

  public void testShortAndEmptyTruth() {
    TopK two = new TopK(new int[] {1, 2}, new float[] {2f, 1f});
    assertEquals(0.5, Recall.of(two, new int[] {1, 3, 4}, 3, d -> 1.0), 0);
    assertTrue(
        Double.isNaN(Recall.of(new TopK(new int[0], new float[0]), new int[] {1}, 3, d -> 0)));
    Recall r = new Recall();
    r.add(1.0);
    r.add(Double.NaN);
    r.add(0.5);
    assertEquals(0.75, r.mean(), 0);
    assertEquals(2, r.queries());
    assertEquals(1, r.skipped());
  }
}
