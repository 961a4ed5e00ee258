package dev.seismic.bench.harness;

import dev.seismic.lucene.search.SeismicHitsQuery;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * How much work a Seismic setting does per query, independent of the machine: the documents it
 * scored from the forward index (both paths), read from the rewritten query ({@link
 * SeismicHitsQuery#scoredDocuments()}) in an untimed pass. Latency on a noisy machine varies from
 * run to run; this does not, so layouts and settings can be compared by it across runs.
 */
final class WorkProbe {

  private WorkProbe() {}

  /** The mean number of documents scored per query. */
  static double meanScoredDocuments(IndexSearcher searcher, List<Query> queries)
      throws IOException {
    long total = 0;
    for (Query query : queries) {
      // A query without hits rewrites to MatchNoDocsQuery: it scored no document worth counting.
      if (searcher.rewrite(query) instanceof SeismicHitsQuery hits) {
        total += hits.scoredDocuments();
      }
    }
    return queries.isEmpty() ? 0 : (double) total / queries.size();
  }
}
