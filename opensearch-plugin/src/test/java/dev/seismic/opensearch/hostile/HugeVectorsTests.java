package dev.seismic.opensearch.hostile;

import dev.seismic.opensearch.SeismicHttpNodeTestCase;
import dev.seismic.opensearch.rest.RestCalls;
import dev.seismic.opensearch.rest.RestCalls.Reply;
import dev.seismic.opensearch.rest.SeismicRequests;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.opensearch.client.RestClient;

/**
 * Vectors too big to write into a conformance case file: a 100,000-token document and query are
 * refused with 400 naming the limit, and a document at the limit (65,535 tokens) goes through
 * indexing, a flush (where the Seismic format builds its structures) and search, next to a good
 * document in the same bulk. Over real HTTP, as a client would send them.
 */
public class HugeVectorsTests extends SeismicHttpNodeTestCase {

  private static final int OVER_LIMIT = 100_000;
  private static final int AT_LIMIT = 65_535; // SparseVector.MAX_DIMENSIONS

  /** {"t0": w, "t1": w, ...} with {@code size} tokens. */
  private static String vector(int size, String weight) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(weight);
    }
    return sb.append('}').toString();
  }

  public void testHugeVectorsAreRefusedAndTheLargestAllowedIsIndexedAndFound() throws IOException {
    try (RestClient client = RestClient.builder(httpHost()).build()) {
      RestCalls rest = new RestCalls(client);
      rest.ok("PUT", "/huge", SeismicRequests.index(1, 0, Map.of(), SeismicRequests.VEC_ONLY));
      // Weights of 1.0: the largest vector's term frequencies add up to just under Lucene's
      // per-field limit of 2^31 - 1 (65,535 x 32,512), so only our own limit is in play.
      List<Object> lines =
          List.of(
              Map.of("index", Map.of("_index", "huge", "_id", "over")),
              ("{\"vec\":" + vector(OVER_LIMIT, "1.0") + "}"),
              Map.of("index", Map.of("_index", "huge", "_id", "at")),
              ("{\"vec\":" + vector(AT_LIMIT, "1.0") + "}"),
              Map.of("index", Map.of("_index", "huge", "_id", "small")),
              Map.of("vec", Map.of("t1", 2.0, "other", 1.0)));
      Reply bulk = rest.ndjson("/_bulk?refresh=true", lines);
      assertEquals(bulk.body().toString(), 200, bulk.status());
      assertEquals(400, bulk.at("items.0.index.status"));
      assertTrue(
          bulk.at("items.0.index.error").toString(),
          bulk.at("items.0.index.error.caused_by.reason")
              .toString()
              .contains(
                  "field \"vec\": the vector has 100000 tokens, more than the maximum of 65535"));
      assertEquals(bulk.at("items.1").toString(), 201, bulk.at("items.1.index.status"));
      assertEquals(bulk.at("items.2").toString(), 201, bulk.at("items.2.index.status"));

      // The flush writes the Seismic structures for the 65,535-token document.
      rest.ok("POST", "/huge/_flush", null);
      assertEquals(2, rest.ok("GET", "/huge/_count", null).at("count"));
      // A token only the large document has, and one both have: exact scores 1.0 and 2.0 + 1.0.
      Reply hits =
          rest.ok(
              "POST",
              "/huge/_search",
              "{\"_source\":false,\"query\":{\"seismic\":{\"field\":\"vec\","
                  + "\"query_vector\":{\"t65534\":1.0,\"t1\":1.0}}}}");
      assertEquals(hits.body().toString(), 2, ((List<?>) hits.at("hits.hits")).size());
      assertEquals("at", hits.at("hits.hits.0._id"));
      assertEquals(2.0, ((Number) hits.at("hits.hits.0._score")).doubleValue(), 1e-6);
      assertEquals("small", hits.at("hits.hits.1._id"));

      // Queries obey the same limit as documents.
      Reply tooBig =
          rest.call(
              "POST",
              "/huge/_search",
              "{\"query\":{\"seismic\":{\"field\":\"vec\",\"query_vector\":"
                  + vector(OVER_LIMIT, "0.5")
                  + "}}}");
      assertEquals(tooBig.body().toString(), 400, tooBig.status());
      assertTrue(
          tooBig.body().toString(),
          tooBig.body().toString().contains("more than the maximum of 65535"));
      Reply largest =
          rest.call(
              "POST",
              "/huge/_search",
              "{\"_source\":false,\"query\":{\"seismic\":{\"field\":\"vec\",\"query_vector\":"
                  + vector(AT_LIMIT, "0.5")
                  + "}}}");
      assertEquals(largest.body().toString(), 200, largest.status());
      assertEquals("at", largest.at("hits.hits.0._id"));
      assertEquals(2, rest.ok("GET", "/huge/_count", null).at("count"));
    }
  }
}
