package dev.seismic.lucene.tune;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.util.Locale;

/**
 * One point of the sweep: the query parameters that trade recall for speed. {@code k} is not part
 * of it: the user fixes k, the tuner does not.
 *
 * @param knn κ-NN graph neighbours scored per best hit (0: none; see {@link SeismicQuery#withKnn})
 */
public record QuerySetting(int queryCut, float heapFactor, int knn) {

  /** A setting that does not use the κ-NN graphs. */
  public QuerySetting(int queryCut, float heapFactor) {
    this(queryCut, heapFactor, 0);
  }

  public QuerySetting {
    SeismicQuery.checkKnn(knn);
    if (queryCut < 1) {
      throw new IllegalArgumentException("[query_cut] must be at least 1, got [" + queryCut + "]");
    }
    if (!(heapFactor > 0f && heapFactor <= 1f)) {
      throw new IllegalArgumentException(
          "[heap_factor] must be in (0, 1], got [" + heapFactor + "]");
    }
  }

  /** The Seismic query with this setting, no filter. */
  public SeismicQuery query(String field, SparseVector vector, int k) {
    SeismicQuery query = new SeismicQuery(field, vector, k, queryCut, heapFactor, null);
    return knn == 0 ? query : query.withKnn(knn);
  }

  /**
   * The parameters as a query body fragment (the engines' DSL and the README use these names), e.g.
   * {@code "k": 10, "query_cut": 5, "heap_factor": 0.6}, with {@code "knn"} when it is above 0.
   */
  public String asQueryParameters(int k) {
    return String.format(
            Locale.ROOT,
            "\"k\": %d, \"query_cut\": %d, \"heap_factor\": %s",
            k,
            queryCut,
            heapFactor)
        + (knn == 0 ? "" : ", \"knn\": " + knn);
  }

  @Override
  public String toString() {
    return "query_cut="
        + queryCut
        + ", heap_factor="
        + heapFactor
        + (knn == 0 ? "" : ", knn=" + knn);
  }
}
