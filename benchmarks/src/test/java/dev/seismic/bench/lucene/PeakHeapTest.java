package dev.seismic.bench.lucene;

import org.apache.lucene.tests.util.LuceneTestCase;

/** {@link PeakHeap} sees what stays reachable across a collection, and not what does not. */
public class PeakHeapTest extends LuceneTestCase {

  private static final int MB = 1 << 20;

  public void testAReachableArraySurvivingACollectionIsCounted() throws Exception {
    long before = heapAfterCollections();
    try (PeakHeap heap = PeakHeap.start()) {
      long[] held = new long[64 * MB / Long.BYTES];
      held[held.length - 1] = 1; // touched, so that it is really allocated
      collectUntilSeen(heap);
      assertTrue(
          "peak " + heap.peakAfterGc() + " should hold the 64 MB array above " + before,
          heap.peakAfterGc() >= before + 60L * MB);
      assertEquals(1, held[held.length - 1]);
    }
  }

  /** Heap left by collections now, with nothing of this test's held. */
  private static long heapAfterCollections() throws InterruptedException {
    try (PeakHeap heap = PeakHeap.start()) {
      collectUntilSeen(heap);
      return heap.peakAfterGc();
    }
  }

  /**
   * Collects until the monitor has seen a collection: notifications come on the JVM's own thread, a
   * little after the collection.
   */
  private static void collectUntilSeen(PeakHeap heap) throws InterruptedException {
    for (int i = 0; i < 200 && heap.collections() == 0; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue("no garbage collection was reported", heap.collections() > 0);
  }
}
