package dev.seismic.lucene.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.lucene.tests.util.LuceneTestCase;

/** The shared scores hold the k best offered, from one thread or many. */
public class TestSharedTopScores extends LuceneTestCase {

  public void testKthBestOfAllOffered() {
    for (int round = 0; round < 20; round++) {
      int k = 1 + random().nextInt(random().nextBoolean() ? 10 : 3000); // crosses the growth
      SharedTopScores shared = new SharedTopScores(k);
      int n = random().nextInt(3 * k + 2);
      float[] offered = new float[n];
      for (int i = 0; i < n; i++) {
        // Few distinct values, so that ties with the k-th score are common.
        offered[i] = 1 + random().nextInt(random().nextBoolean() ? 5 : 100_000);
        shared.offer(offered[i]);
        assertEquals(i + 1 >= k, shared.isFull());
        assertEquals(kthBest(offered, i + 1, k), shared.minScore(), 0f);
      }
    }
  }

  public void testConcurrentOffers() throws Exception {
    int k = 1 + random().nextInt(100);
    SharedTopScores shared = new SharedTopScores(k);
    int threads = 4;
    int perThread = 2000;
    float[] offered = new float[threads * perThread];
    for (int i = 0; i < offered.length; i++) {
      offered[i] = 1 + random().nextInt(50_000);
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t * perThread;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                for (int i = from; i < from + perThread; i++) {
                  shared.offer(offered[i]);
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertEquals(kthBest(offered, offered.length, k), shared.minScore(), 0f);
  }

  /** The k-th best of the first n values, or negative infinity when fewer than k. */
  private static float kthBest(float[] values, int n, int k) {
    if (n < k) {
      return Float.NEGATIVE_INFINITY;
    }
    float[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return sorted[n - k];
  }
}
