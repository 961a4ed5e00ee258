package dev.seismic.elasticsearch.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.index.query.support.AutoPrefilteringScope;
import org.elasticsearch.index.query.support.AutoPrefilteringUtils;
import org.elasticsearch.search.vectors.KnnVectorQueryBuilder;

/**
 * The clauses of the {@code bool} queries around a {@code seismic} query that every hit must match,
 * as Lucene queries for the Seismic search to run within.
 *
 * <p>Elasticsearch builds the Lucene query of each clause of a {@code bool} inside an {@link
 * AutoPrefilteringScope} ({@link SearchExecutionContext#autoPrefilteringScope()}, shard side, while
 * {@code BoolQueryBuilder.doToQuery} runs, after every rewrite) holding that bool's other {@code
 * must} and {@code filter} clauses and its {@code must_not} clauses each as {@code bool.must_not};
 * the scope is a stack, so a query sees those of every enclosing bool. {@code should} clauses are
 * not there: a hit need not match them. Elasticsearch's kNN query reads the scope when it is told
 * to ({@code KnnVectorQueryBuilder.setAutoPrefilteringEnabled}, which {@code semantic_text} sets);
 * a {@code seismic} query always does, the same way: {@code nested} queries are left out ({@link
 * KnnVectorQueryBuilder#UNSUPPORTED_AUTO_PREFILTERING_QUERY_TYPES}, pruned with {@link
 * AutoPrefilteringUtils#pruneQuery}), and so are other {@code seismic} queries: two Seismic clauses
 * that pre-filter each other end with the intersection of their top k, as without pre-filters, at
 * twice the cost.
 *
 * <p>The clauses stay in the bool too, so the hits are the same documents that the bool would
 * accept anyway; only the top k is taken among them rather than over the whole index.
 */
final class EnclosingFilters {

  private static final Set<Class<? extends QueryBuilder>> LEFT_OUT = leftOut();

  // Set while a seismic query builds its enclosing clauses. A clause may hold, inside a query that
  // pruning does not look into (script_score, say), a bool with another seismic query: that one
  // would see the same clause in the scope and build it again, without end. A seismic query built
  // as part of another's pre-filter takes none itself.
  private static final ThreadLocal<Boolean> BUILDING = ThreadLocal.withInitial(() -> false);

  private EnclosingFilters() {}

  /**
   * The enclosing clauses for {@code query}, built in {@code context}; empty when there are none.
   */
  static List<Query> of(SeismicQueryBuilder query, SearchExecutionContext context)
      throws IOException {
    if (BUILDING.get()) {
      return List.of();
    }
    List<Query> filters = new ArrayList<>();
    BUILDING.set(true);
    try {
      for (QueryBuilder clause : context.autoPrefilteringScope().getPrefilters()) {
        if (clause == query) {
          continue;
        }
        Optional<QueryBuilder> pruned = AutoPrefilteringUtils.pruneQuery(clause, LEFT_OUT);
        if (pruned.isPresent()) {
          filters.add(pruned.get().toQuery(context));
        }
      }
    } finally {
      BUILDING.set(false);
    }
    return filters;
  }

  private static Set<Class<? extends QueryBuilder>> leftOut() {
    Set<Class<? extends QueryBuilder>> types =
        new HashSet<>(KnnVectorQueryBuilder.UNSUPPORTED_AUTO_PREFILTERING_QUERY_TYPES);
    types.add(SeismicQueryBuilder.class);
    return Set.copyOf(types);
  }
}
