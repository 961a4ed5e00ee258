package dev.seismic.opensearch.query;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * The weight of a {@link QueryPhaseSeismicQuery} created with a searcher that has no {@link
 * IndexSearcher#getTimeout() QueryTimeout}, unlike OpenSearch's query-phase searcher: the Seismic
 * search runs only when a segment's scorer, count, match or explanation is first asked for, never
 * when the weight is created.
 *
 * <p>Why: OpenSearch's DFS phase ({@code DfsPhase.execute}, for {@code dfs_query_then_fetch})
 * creates the query's weight with an {@code IndexSearcher} of its own only to collect term
 * statistics, and drops the weight. That searcher has neither the request's timeout nor its
 * cancellation checks, so a search there would run unchecked, and once more in the query phase. The
 * Seismic query scores by dot products and needs no statistics: deferring the search means the DFS
 * phase does not search at all.
 */
final class DeferredSeismicWeight extends Weight {

  private final QueryPhaseSeismicQuery query;
  private final IndexSearcher searcher;
  private final ScoreMode scoreMode;
  private final float boost;
  private Weight weight; // the hits' weight, once a scorer was asked for

  DeferredSeismicWeight(
      QueryPhaseSeismicQuery query, IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    super(query);
    this.query = query;
    this.searcher = searcher;
    this.scoreMode = scoreMode;
    this.boost = boost;
  }

  private synchronized Weight weight() throws IOException {
    if (weight == null) {
      weight = query.hits(searcher).createWeight(searcher, scoreMode, boost);
    }
    return weight;
  }

  @Override
  public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
    return weight().scorerSupplier(context);
  }

  @Override
  public int count(LeafReaderContext context) throws IOException {
    return weight().count(context);
  }

  @Override
  public Matches matches(LeafReaderContext context, int doc) throws IOException {
    return weight().matches(context, doc);
  }

  @Override
  public Explanation explain(LeafReaderContext context, int doc) throws IOException {
    return weight().explain(context, doc);
  }

  @Override
  public boolean isCacheable(LeafReaderContext context) {
    // Answering would need the search; a query cache asks before it scores anything.
    return false;
  }
}
