package dev.seismic.elasticsearch.query;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.InnerHitsRewriteContext;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.TermQueryBuilder;

/**
 * What a {@code seismic} query becomes when Elasticsearch rewrites a request's query for its inner
 * hits ({@link InnerHitsRewriteContext}, on the shard, before it builds the inner hits of a {@code
 * nested} or {@code has_child} query): the exact search over the same field, a {@code bool} of one
 * {@code term} query per token boosted by the token's weight ({@link SeismicQuery#exactQuery}, the
 * field's term query scoring by the indexed weight), within the query's own {@code filter}.
 *
 * <p>The inner hits of a hit are looked for among its own nested documents, outside the request's
 * top k: the approximate search, run again there without the enclosing {@code bool} clauses that
 * restricted the first one ({@link EnclosingFilters}), would pick another top k and could leave a
 * hit with no inner hits. Elasticsearch's kNN query scores its inner hits exactly too ({@code
 * ExactKnnQueryBuilder}). Scores are the same dot products the Seismic search gives.
 */
final class InnerHitsForm {

  private InnerHitsForm() {}

  static QueryBuilder of(SeismicQueryBuilder query) {
    SparseVector vector = query.params().queryVector();
    BoolQueryBuilder exact = new BoolQueryBuilder();
    for (int i = 0; i < vector.size(); i++) {
      exact.should(
          new TermQueryBuilder(query.params().field(), vector.token(i)).boost(vector.weight(i)));
    }
    if (query.filter() != null) {
      exact.filter(query.filter()).minimumShouldMatch(1); // a filter makes should clauses optional
    }
    return exact.boost(query.boost()).queryName(query.queryName());
  }
}
