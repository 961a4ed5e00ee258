package dev.seismic.opensearch.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bodies of the requests tests send through {@link RestCalls}: a Seismic index, a search. */
public final class SeismicRequests {

  /** Mappings of one field, {@code vec}, a {@code seismic_vector} with the default parameters. */
  public static final Map<String, Object> VEC_ONLY =
      Map.of("properties", Map.of("vec", Map.of("type", "seismic_vector")));

  private SeismicRequests() {}

  /**
   * A create-index body: Seismic's codec ({@link OpenSearchConformance#SEISMIC_SETTINGS}), the
   * shard counts, then {@code settings}; the mappings as given.
   */
  public static Map<String, Object> index(
      int shards, int replicas, Map<String, ?> settings, Map<String, ?> mappings) {
    Map<String, Object> all = new LinkedHashMap<>(OpenSearchConformance.SEISMIC_SETTINGS);
    all.put("index.number_of_shards", shards);
    all.put("index.number_of_replicas", replicas);
    all.putAll(settings);
    return Map.of("settings", all, "mappings", mappings);
  }

  /**
   * A {@code seismic} query of field {@code vec}.
   *
   * @param heapFactor kept as the caller's type (float or double), which is how it is written
   */
  public static Map<String, Object> seismic(
      Map<String, ?> queryVector, int k, int queryCut, Number heapFactor) {
    return Map.of(
        "seismic",
        Map.of(
            "field",
            "vec",
            "query_vector",
            queryVector,
            "k",
            k,
            "query_cut",
            queryCut,
            "heap_factor",
            heapFactor));
  }

  /** A search body asking for the ids and scores of the top {@code size} hits, without source. */
  public static Map<String, Object> hits(int size, Map<String, ?> query) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("size", size);
    body.put("_source", false);
    body.put("query", query);
    return body;
  }
}
