package dev.seismic.lucene.tune;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;

/**
 * Runs the Seismic query of a setting over a set of queries, timing each search and scoring its
 * recall against the exact truth.
 *
 * <p>Latency is the wall time of {@code searcher.search(query, k)} on the calling thread: the
 * Seismic search runs in the query's rewrite, so this is the whole cost a caller pays. Queries are
 * built before the clock starts, so only the search is timed. With a searcher without an executor
 * this is single-thread latency.
 */
final class SettingMeasurer {

  private final IndexSearcher searcher;
  private final String field;
  private final List<SparseVector> queries;
  private final int k;
  private final ExactTruth truth;

  SettingMeasurer(
      IndexSearcher searcher, String field, List<SparseVector> queries, int k, ExactTruth truth) {
    this.searcher = searcher;
    this.field = field;
    this.queries = queries;
    this.k = k;
    this.truth = truth;
  }

  /** Sums over some searches: recall is deterministic, latency is not and is averaged. */
  record Pass(double recallSum, int recallQueries, long nanos, int searches) {

    /**
     * These searches and {@code other}'s; {@code other}'s recall counts only when {@code
     * withRecall}: a later pass over the same queries returns the same hits and would count them
     * twice.
     */
    Pass plus(Pass other, boolean withRecall) {
      return new Pass(
          recallSum + (withRecall ? other.recallSum : 0),
          recallQueries + (withRecall ? other.recallQueries : 0),
          nanos + other.nanos,
          searches + other.searches);
    }

    SettingMeasurement toMeasurement(QuerySetting setting, int queries) {
      return new SettingMeasurement(
          setting,
          recallQueries == 0 ? Double.NaN : recallSum / recallQueries,
          searches == 0 ? Double.NaN : nanos / 1e6 / searches,
          queries);
    }
  }

  /** Searches every query of {@code positions} once with {@code setting}. */
  Pass run(QuerySetting setting, int[] positions) throws IOException {
    Query[] built = new Query[positions.length];
    for (int i = 0; i < positions.length; i++) {
      built[i] = setting.query(field, queries.get(positions[i]), k);
    }
    double recallSum = 0;
    int recallQueries = 0;
    long nanos = 0;
    for (int i = 0; i < positions.length; i++) {
      long start = System.nanoTime();
      TopDocs top = searcher.search(built[i], k);
      nanos += System.nanoTime() - start;
      double recall = truth.recall(positions[i], top);
      if (!Double.isNaN(recall)) {
        recallSum += recall;
        recallQueries++;
      }
    }
    return new Pass(recallSum, recallQueries, nanos, positions.length);
  }

  /**
   * Mean wall time, in milliseconds, of Lucene's exact query over the queries of {@code positions}:
   * what the approximate search saves, measured under the same conditions as the sweep (the ground
   * truth's own searches ran cold, before the warm-up).
   */
  double exactLatencyMillis(int[] positions) throws IOException {
    long nanos = 0;
    for (int q : positions) {
      Query exact = SeismicQuery.exactQuery(field, queries.get(q));
      long start = System.nanoTime();
      searcher.search(exact, k);
      nanos += System.nanoTime() - start;
    }
    return nanos / 1e6 / positions.length;
  }

  /**
   * Runs {@code searches} searches, untimed, cycling through the queries and the settings together
   * so that every code path the sweep takes is compiled before anything is timed, and the index's
   * files are in the page cache.
   */
  void warmUp(List<QuerySetting> settings, int[] positions, int searches) throws IOException {
    for (int i = 0; i < searches; i++) {
      QuerySetting s = settings.get(i % settings.size());
      searcher.search(s.query(field, queries.get(positions[i % positions.length]), k), k);
    }
  }
}
