package dev.seismic.elasticsearch.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.elasticsearch.common.lucene.search.Queries;
import org.elasticsearch.index.mapper.NestedObjectMapper;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.index.search.NestedHelper;

/**
 * The filter a {@code seismic} query's search runs within on a shard, built as Elasticsearch's
 * {@code knn} query builds its own ({@code KnnVectorQueryBuilder.doToQuery}): the query's {@code
 * filter}, the clauses of the enclosing {@code bool} queries that every hit must match ({@link
 * EnclosingFilters}) and the filter of the index alias the request searches through. The last two
 * would otherwise act after the search, and a search that picks its top k before them returns fewer
 * than k hits.
 */
final class SearchFilter {

  private SearchFilter() {}

  /**
   * The filter for {@code query} on {@code field} (the field's indexed name), or null when nothing
   * restricts the search.
   */
  static Query of(SeismicQueryBuilder query, String field, SearchExecutionContext context)
      throws IOException {
    List<Query> filters = new ArrayList<>();
    // Each filter is converted on its own (its clauses count against the clause limit there); the
    // Seismic query itself visits as one leaf.
    if (query.filter() != null) {
      filters.add(query.filter().toQuery(context));
    }
    List<Query> around = new ArrayList<>(EnclosingFilters.of(query, context));
    QueryBuilder aliasFilter = context.getAliasFilter();
    if (aliasFilter != null) {
      around.add(aliasFilter.toQuery(context));
    }
    filters.addAll(onNestedDocuments(around, field, context));
    return allOf(filters);
  }

  /**
   * Filters written for the documents around the field's, moved onto the field's documents where
   * these are nested: a filter that may match parent documents (a {@code bool} clause outside the
   * {@code nested} query, the alias filter) selects the nested documents of the parents it matches,
   * as the {@code knn} query does. The query's own {@code filter} is not moved: it is written for
   * the field's documents.
   */
  private static List<Query> onNestedDocuments(
      List<Query> filters, String field, SearchExecutionContext context) {
    String nestedPath = context.nestedLookup().getNestedParent(field);
    if (nestedPath == null || filters.isEmpty()) {
      return filters;
    }
    Query parents = parentFilter(context);
    BitSetProducer parentBits = context.bitsetFilter(parents);
    List<Query> moved = new ArrayList<>(filters.size());
    for (Query filter : filters) {
      if (NestedHelper.mightMatchNonNestedDocs(filter, nestedPath, context)) {
        filter = new ToChildBlockJoinQuery(Queries.filtered(filter, parents), parentBits);
      }
      moved.add(filter);
    }
    return moved;
  }

  /** The documents one level above the nested query being built, or the root documents. */
  private static Query parentFilter(SearchExecutionContext context) {
    NestedObjectMapper current = context.nestedScope().getObjectMapper();
    if (current == null) {
      return Queries.newNonNestedFilter(context.indexVersionCreated());
    }
    try {
      context.nestedScope().previousLevel();
      NestedObjectMapper parent = context.nestedScope().getObjectMapper();
      return parent == null
          ? Queries.newNonNestedFilter(context.indexVersionCreated())
          : parent.nestedTypeFilter();
    } finally {
      context.nestedScope().nextLevel(current);
    }
  }

  /** One query all filters must match; match-all ones add nothing and are left out. */
  private static Query allOf(List<Query> filters) {
    List<Query> kept = new ArrayList<>(filters.size());
    for (Query filter : filters) {
      if (filter.getClass() != MatchAllDocsQuery.class) {
        kept.add(filter);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    if (kept.size() == 1) {
      return kept.get(0);
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (Query filter : kept) {
      all.add(filter, BooleanClause.Occur.FILTER);
    }
    return all.build();
  }
}
