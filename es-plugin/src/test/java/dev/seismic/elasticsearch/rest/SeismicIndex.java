package dev.seismic.elasticsearch.rest;

import java.util.Locale;

/** The body of a create-index request for an index with Seismic on. */
public final class SeismicIndex {

  /** A mapping's properties holding one Seismic field, {@code vec}, and nothing else. */
  public static final String VEC_ONLY = "{\"vec\": {\"type\": \"seismic_vector\"}}";

  private SeismicIndex() {}

  /**
   * Settings {@code index.seismic.enabled} and the shard counts; the mapping's properties as given.
   *
   * @param properties the mapping's fields, a JSON object
   */
  public static String body(int shards, int replicas, String properties) {
    return String.format(
        Locale.ROOT,
        """
        {"settings": {"index": {"number_of_shards": %d, "number_of_replicas": %d,
                                "seismic.enabled": true}},
         "mappings": {"properties": %s}}
        """,
        shards,
        replicas,
        properties.strip());
  }
}
