package dev.seismic.bench.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queries per second of one system with {@code threads} threads, each searching queries taken from
 * a shared counter until {@code numQueries} are done (one pass, the query order as given). Run
 * after the latency pass, so the system is already warm.
 */
final class ThroughputBench {

  private ThroughputBench() {}

  /** Queries per second over the pass's wall time. */
  static double run(SearchSystem system, int numQueries, int threads) throws IOException {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            pool.submit(
                () -> {
                  SearchSystem.Retriever r = system.retriever();
                  for (int q = next.getAndIncrement(); q < numQueries; q = next.getAndIncrement()) {
                    r.search(q);
                  }
                  return null;
                }));
      }
      for (Future<?> f : tasks) {
        f.get();
      }
      long nanos = System.nanoTime() - start;
      return numQueries / (nanos / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(system.name() + " failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
