package dev.seismic.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured, as plain records: written as JSON, as a Markdown table and
 * as a plot. Times are seconds or milliseconds as named; sizes and heap are bytes.
 */
public record BenchResults(
    Setup setup, Machine machine, Data data, Index baseline, List<Index> seismic, List<Run> runs) {

  /**
   * How the run was configured, and the command that started it.
   *
   * @param knns the knn values swept with the query cuts and heap factors (0: no refinement)
   * @param layout the segment layout of every index: merged, segments:N or natural
   * @param bruteForce whether brute force was measured as a system, and why not
   */
  public record Setup(
      String name,
      String command,
      int k,
      int queries,
      int warmUpSearches,
      int threads,
      int throughputQueries,
      List<Integer> queryCuts,
      List<Float> heapFactors,
      List<Integer> knns,
      double ramBufferMb,
      String layout,
      String bruteForce,
      String startedAt,
      double wallSeconds) {}

  /** The machine and JVM. */
  public record Machine(
      int cores,
      long ramBytes,
      String cpu,
      String os,
      String jvm,
      long maxHeapBytes,
      List<String> jvmArguments) {}

  /** The data: where it came from, its shape, how long it took to get it and its truth. */
  public record Data(
      String label,
      String sources,
      String key,
      int documents,
      double meanDocNnz,
      int queries,
      double meanQueryNnz,
      double loadSeconds,
      int truthK,
      double truthSeconds,
      boolean truthCached) {}

  /**
   * One index as built and opened.
   *
   * @param id "baseline" or "b0", "b1", ... for Seismic build settings
   * @param params Seismic build parameters, null for the baseline
   * @param segmentsBeforeMerge segments after the final flush
   * @param mergeSeconds the layout's last step: forceMerge(1), waiting for merges, or 0
   * @param graphSeconds what the κ-NN graphs took of the build (of its flushes and merges, summed
   *     from the codec's reports), 0 without a graph
   * @param segments segments of the finished index: those its searches run on
   * @param sizes bytes per file extension
   * @param seismicSegments per-segment Seismic figures (empty for the baseline)
   * @param seismicLog each Seismic flush's and merge's report of its phases (empty for the
   *     baseline)
   * @param peakHeapBytes the most heap left reachable after a garbage collection while the index
   *     was built (flushes and merges included), with what the benchmark itself held
   * @param maxHeapBytes the JVM's maximum heap during the build
   */
  public record Index(
      String id,
      String kind,
      String params,
      double addSeconds,
      double flushSeconds,
      int segmentsBeforeMerge,
      double mergeSeconds,
      double graphSeconds,
      int segments,
      Map<String, Long> sizes,
      long totalBytes,
      Heap heap,
      List<SeismicSegment> seismicSegments,
      List<String> seismicLog,
      long peakHeapBytes,
      long maxHeapBytes) {

    public double buildSeconds() {
      return addSeconds + flushSeconds + mergeSeconds;
    }
  }

  /**
   * JVM heap used after GC: before opening the index, after opening it, and after its searches
   * (reader still open), and the heap Seismic's own structures report holding.
   */
  public record Heap(long beforeOpen, long afterOpen, long afterSearches, long seismicStructures) {}

  /** {@code SeismicStats} of one segment. */
  public record SeismicSegment(
      String segment,
      int maxDoc,
      int numTerms,
      long numEntries,
      int postingsPerList,
      long numPostings,
      long numBlocks,
      long numSummaryEntries,
      long heapBytes) {}

  /**
   * One configuration's search figures.
   *
   * @param index the index searched ("baseline", "b0", ..., or null for brute force)
   * @param knn for Seismic, graph neighbours scored per best hit (0: none); null for the others
   * @param recall recall@k against brute force on the original float weights
   * @param recallVsLuceneExact recall@k against Lucene's exact results (the index's 9-bit weights)
   * @param qps queries per second with {@code Setup.threads} threads
   * @param docsScored for Seismic, the mean number of documents scored per query (a measure of work
   *     that does not depend on the machine); NaN for the other systems
   */
  public record Run(
      String system,
      String kind,
      String index,
      Integer queryCut,
      Float heapFactor,
      Integer knn,
      double recall,
      double recallVsLuceneExact,
      double meanMs,
      double p50Ms,
      double p99Ms,
      double qps,
      double docsScored) {}
}
