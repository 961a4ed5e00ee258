package dev.seismic.bench.report;

import java.util.Arrays;

/**
 * Summary of per-query latencies: mean and nearest-rank percentiles.
 *
 * @param count number of queries
 * @param meanNanos arithmetic mean
 * @param p50Nanos median (nearest rank)
 * @param p99Nanos 99th percentile (nearest rank)
 */
public record Latencies(int count, double meanNanos, long p50Nanos, long p99Nanos) {

  public static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return new Latencies(0, Double.NaN, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new Latencies(
        sorted.length, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 99));
  }

  /** Nearest-rank percentile: the smallest value with at least p% of the values at or below. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
