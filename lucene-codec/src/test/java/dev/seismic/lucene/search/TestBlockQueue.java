package dev.seismic.lucene.search;

import org.apache.lucene.tests.util.LuceneTestCase;

/** The block queue hands out every block once, best summary score first, at any size. */
public class TestBlockQueue extends LuceneTestCase {

  public void testBestFirstAtEverySize() {
    BlockQueue queue = new BlockQueue();
    for (int round = 0; round < 3; round++) { // reused from search to search
      queue.clear();
      int n = 1 + random().nextInt(5000);
      // Grows one block at a time, so every capacity boundary of its arrays is crossed.
      for (int i = 0; i < n; i++) {
        float score = random().nextInt(10) == 0 ? 0f : random().nextFloat() * 100;
        queue.add(score, 1000L * i, i % 7 + 1);
      }
      queue.heapify();
      boolean[] taken = new boolean[n];
      float previous = Float.POSITIVE_INFINITY;
      for (int e = queue.next(); e >= 0; e = queue.next()) {
        assertFalse("block " + e + " taken twice", taken[e]);
        taken[e] = true;
        assertTrue(queue.score(e) <= previous);
        previous = queue.score(e);
        assertEquals(1000L * e, queue.address(e));
        assertEquals(e % 7 + 1, queue.blockSize(e));
      }
      for (int i = 0; i < n; i++) {
        assertTrue("block " + i + " never taken", taken[i]);
      }
    }
  }
}
