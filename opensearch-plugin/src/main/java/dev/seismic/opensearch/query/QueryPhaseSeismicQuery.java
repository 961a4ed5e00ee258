package dev.seismic.opensearch.query;

import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

/**
 * A {@link SeismicQuery} whose search runs when OpenSearch creates the query's weight in the query
 * phase instead of when it rewrites the query, so that the request's {@code timeout} stops it.
 *
 * <p>Why: OpenSearch's {@code ContextIndexSearcher} passes every check registered on it with {@code
 * addQueryCancellation} to Lucene as {@link IndexSearcher#getTimeout()} (its constructor calls
 * {@code setTimeout} with them), which the Seismic search looks at between blocks and batches. But
 * OpenSearch rewrites the main query in {@code QueryPhase.preProcess}, called from {@code
 * SearchService.createContext}, when only the task-cancellation check ({@code
 * search.low_level_cancellation}) is registered; the timeout check ({@code
 * QueryPhase.createQueryTimeoutChecker}) is registered later, in {@code
 * QueryPhase.executeInternal}, just before the search that creates the weights, and the query
 * cannot see the request's timeout otherwise. In that search both checks are registered: the
 * Seismic search stops at the next look and returns what it found, and OpenSearch's own check
 * before each segment's collection ({@code ContextIndexSearcher.searchLeaf}) then flags the shard
 * {@code timed_out} (its hits are dropped, as for any OpenSearch query timing out before
 * collection) or fails it with the cancelled task's {@code TaskCancelledException}. Running in the
 * query phase also puts the search's time in the query phase's statistics and the profile's {@code
 * create_weight} time.
 *
 * <p>With {@code dfs_query_then_fetch}, the DFS phase creates the weight first, with a searcher of
 * its own that has no {@code QueryTimeout}; there the search is deferred ({@link
 * DeferredSeismicWeight}) and, as that phase asks for no scorer, does not run.
 *
 * <p>The hits are kept for the reader they were computed on, so that the fetch phase (explain,
 * named queries) does not search again.
 */
final class QueryPhaseSeismicQuery extends Query {

  private final SeismicQuery query;
  private IndexReader reader; // the reader the hits below were found in
  private Query hits; // the rewritten query: the hits, or no match

  QueryPhaseSeismicQuery(SeismicQuery query) {
    this.query = query;
  }

  SeismicQuery seismicQuery() {
    return query;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
      throws IOException {
    if (searcher.getTimeout() == null) {
      // Nothing could stop a search now: not OpenSearch's ContextIndexSearcher, which always has
      // its checks there, but e.g. the DFS phase's statistics searcher, which asks for no scorer.
      return new DeferredSeismicWeight(this, searcher, scoreMode, boost);
    }
    // Not through searcher.createWeight: the caller did that for this query (profiling, caching).
    return hits(searcher).createWeight(searcher, scoreMode, boost);
  }

  synchronized Query hits(IndexSearcher searcher) throws IOException {
    if (hits == null || reader != searcher.getIndexReader()) {
      // Rewritten here rather than with searcher.rewrite: OpenSearch's profiler times rewrites and
      // refuses nested ones (the Seismic query rewrites its filter with the searcher); the
      // search's time counts in create_weight instead.
      Query rewritten = query;
      for (Query next = rewritten.rewrite(searcher);
          next != rewritten;
          next = rewritten.rewrite(searcher)) {
        rewritten = next;
      }
      hits = rewritten;
      reader = searcher.getIndexReader();
    }
    return hits;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    query.visit(visitor);
  }

  @Override
  public String toString(String field) {
    return query.toString(field);
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && query.equals(((QueryPhaseSeismicQuery) other).query);
  }

  @Override
  public int hashCode() {
    return 31 * classHash() + query.hashCode();
  }
}
