package dev.seismic.bench.harness;

import dev.seismic.bench.report.Progress;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Single-thread latency of several systems, measured together: for each query every system runs
 * once, in an order shuffled from query to query (seeded), so JIT compilation, garbage collection,
 * page-cache state and machine noise fall on all systems alike (the demo does the same with two). A
 * warm-up of the same shape comes first. The order is shuffled, not rotated: with a rotation a
 * system always runs right after the same other one, and the one after Lucene exact (which streams
 * through far more memory) always found the processor caches flushed, a bias of up to 2x.
 */
final class LatencyBench {

  /** Per system (in the order given): per query, the nanoseconds and the hits. */
  record Result(long[][] nanos, int[][][] hits) {}

  private LatencyBench() {}

  static Result run(List<SearchSystem> systems, int numQueries, int warmUpSearches)
      throws IOException {
    int s = systems.size();
    SearchSystem.Retriever[] retrievers = new SearchSystem.Retriever[s];
    for (int i = 0; i < s; i++) {
      retrievers[i] = systems.get(i).retriever();
    }
    if (warmUpSearches > 0) {
      Progress warm = Progress.start("warm-up", warmUpSearches);
      for (int n = 0; n < warmUpSearches; n++) {
        int q = n % numQueries;
        for (int i = 0; i < s; i++) {
          retrievers[(i + n) % s].search(q);
        }
        warm.accept(n + 1);
      }
      warm.done();
    }
    System.gc(); // collect the warm-up's garbage before timing
    long[][] nanos = new long[s][numQueries];
    int[][][] hits = new int[s][numQueries][];
    Progress timed = Progress.start("timed searches", numQueries);
    int[] order = new int[s];
    for (int i = 0; i < s; i++) {
      order[i] = i;
    }
    Random random = new Random(42);
    for (int q = 0; q < numQueries; q++) {
      for (int j = s - 1; j > 0; j--) { // Fisher-Yates
        int r = random.nextInt(j + 1);
        int t = order[j];
        order[j] = order[r];
        order[r] = t;
      }
      for (int j = 0; j < s; j++) {
        int i = order[j];
        long start = System.nanoTime();
        int[] h = retrievers[i].search(q);
        nanos[i][q] = System.nanoTime() - start;
        hits[i][q] = h;
      }
      timed.accept(q + 1);
    }
    timed.done();
    return new Result(nanos, hits);
  }
}
