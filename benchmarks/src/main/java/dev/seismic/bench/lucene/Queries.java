package dev.seismic.bench.lucene;

import dev.seismic.bench.data.VectorSet;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.Query;

/** Builds the two kinds of query compared: Seismic's approximate one and Lucene's exact one. */
public final class Queries {

  private Queries() {}

  /** Seismic queries for every vector of {@code queries}. */
  public static List<Query> seismic(VectorSet queries, int k, int queryCut, float heapFactor) {
    return seismic(queries, k, queryCut, heapFactor, 0);
  }

  /**
   * Seismic queries for every vector of {@code queries}, scoring {@code knn} graph neighbours of
   * each best hit (0: none, the query without refinement).
   */
  public static List<Query> seismic(
      VectorSet queries, int k, int queryCut, float heapFactor, int knn) {
    List<Query> out = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      SeismicQuery q =
          new SeismicQuery(
              IndexBuilder.VECTOR_FIELD, vector(queries, i), k, queryCut, heapFactor, null);
      out.add(knn == 0 ? q : q.withKnn(knn));
    }
    return out;
  }

  /** Exact queries (a disjunction of {@code FeatureField} linear queries, MaxScore). */
  public static List<Query> exact(VectorSet queries) {
    List<Query> out = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      out.add(SeismicQuery.exactQuery(IndexBuilder.VECTOR_FIELD, vector(queries, i)));
    }
    return out;
  }

  private static SparseVector vector(VectorSet queries, int i) {
    try {
      return SparseVector.of(IndexBuilder.VECTOR_FIELD, queries.tokens(i), queries.weights(i));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("query " + queries.id(i) + ": " + e.getMessage(), e);
    }
  }
}
