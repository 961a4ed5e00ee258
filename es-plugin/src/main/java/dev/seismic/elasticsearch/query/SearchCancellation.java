package dev.seismic.elasticsearch.query;

import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.IndexSearcher;
import org.elasticsearch.search.internal.ContextIndexSearcher;

/**
 * Elasticsearch's own timeout and cancellation checks, for {@link
 * dev.seismic.lucene.search.SeismicQuery#withCancellation}.
 *
 * <p>Elasticsearch does not set Lucene's {@link IndexSearcher#getTimeout()}. It registers the
 * request's {@code timeout} ({@code QueryPhase.getTimeoutCheck}, which throws {@link
 * ContextIndexSearcher.TimeExceededException}) and, with {@code search.low_level_cancellation} (the
 * default), a check of the shard task's cancellation ({@code DefaultSearchContext.preProcess},
 * which throws {@code TaskCancelledException}) on its {@link ContextIndexSearcher} with {@code
 * addQueryCancellation}; its {@code ExitableDirectoryReader} and its collection loops run them. The
 * query is rewritten lazily in the query phase after the timeout check is registered, so the
 * Seismic search, which runs in {@code rewrite}, runs them with {@link
 * ContextIndexSearcher#checkCancelled()} between blocks and batches. Their exceptions are left to
 * Elasticsearch: {@code ContextIndexSearcher.rewrite} turns a timeout into an empty result flagged
 * {@code timed_out} (what it does for its own kNN query, whose search also runs in rewrite; a
 * shard's partial hits would be dropped anyway, since collection checks the same timeout before the
 * first segment), or an error when partial results are not allowed; a cancelled task fails the
 * shard with the usual {@code task_cancelled_exception}.
 */
final class SearchCancellation {

  private SearchCancellation() {}

  /** The searcher's registered checks, or null when it has none (not a search of a request). */
  static QueryTimeout of(IndexSearcher searcher) {
    if (searcher instanceof ContextIndexSearcher context && context.hasCancellations()) {
      return () -> {
        context.checkCancelled(); // throws when the request timed out or its task was cancelled
        return false;
      };
    }
    return null;
  }
}
