package dev.seismic.bench.harness;

import dev.seismic.bench.lucene.SegmentLayout;
import dev.seismic.lucene.document.BuildParams;
import java.nio.file.Path;
import java.util.List;

/**
 * What the harness measures.
 *
 * @param builds Seismic build settings; each is indexed separately (a re-index per setting)
 * @param queryCuts × {@code heapFactors} × {@code knns}: the query settings run on every Seismic
 *     index
 * @param bruteForce whether brute force is measured as a system (its in-memory index fits)
 * @param layout how every index (Seismic and baseline alike) is left in segments
 * @param throughputQueries queries per throughput pass (at most the query count)
 * @param workDir where indexes are built (wiped per index)
 */
public record BenchConfig(
    String name,
    String command,
    int k,
    int warmUpSearches,
    int threads,
    int throughputQueries,
    List<BuildParams> builds,
    List<Integer> queryCuts,
    List<Float> heapFactors,
    List<Integer> knns,
    double ramBufferMb,
    SegmentLayout layout,
    boolean exact,
    boolean bruteForce,
    Path workDir,
    boolean keepIndexes) {

  public BenchConfig {
    if (builds.isEmpty() || queryCuts.isEmpty() || heapFactors.isEmpty() || knns.isEmpty()) {
      throw new IllegalArgumentException("give at least one build, query cut, heap factor and knn");
    }
  }

  /** Whether any query setting scores graph neighbours: the reports then show knn. */
  public boolean refines() {
    return knns.stream().anyMatch(knn -> knn > 0);
  }
}
