package dev.seismic.elasticsearch.hostile;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.seismic.elasticsearch.SeismicHttpNodeTestCase;
import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.elasticsearch.rest.SeismicIndex;
import java.util.List;
import java.util.Map;

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

  /** A search of field {@code vec} for {@code queryVector}, hits without their source. */
  private static String search(String queryVector) {
    return "{\"_source\":false,\"query\":{\"seismic\":{\"field\":\"vec\",\"query_vector\":"
        + queryVector
        + "}}}";
  }

  @SuppressWarnings("unchecked")
  public void testHugeVectorsAreRefusedAndTheLargestAllowedIsIndexedAndFound() throws Exception {
    RestHelper rest = rest();
    rest.ok("PUT", "/huge", SeismicIndex.body(1, 0, SeismicIndex.VEC_ONLY));
    // Weights of 1.0: the largest vector's term frequencies add up to just under Lucene's
    // per-field limit of 2^31 - 1 (65,535 x 32,512), so only our own limit is in play.
    String bulk =
        "{\"index\":{\"_id\":\"over\"}}\n{\"vec\":"
            + vector(OVER_LIMIT, "1.0")
            + "}\n"
            + "{\"index\":{\"_id\":\"at\"}}\n{\"vec\":"
            + vector(AT_LIMIT, "1.0")
            + "}\n"
            + "{\"index\":{\"_id\":\"small\"}}\n{\"vec\":{\"t1\":2.0,\"other\":1.0}}\n";
    RestHelper.Response response = rest.send("POST", "/huge/_bulk?refresh=true", bulk);
    assertThat(response.text(), response.status(), equalTo(200));
    List<Map<String, Object>> items =
        (List<Map<String, Object>>) ((Map<String, Object>) response.body()).get("items");
    Map<String, Object> over = (Map<String, Object>) items.get(0).get("index");
    assertThat(over.toString(), over.get("status"), equalTo(400));
    assertThat(
        over.toString(),
        over.toString(),
        containsString(
            "field \"vec\": the vector has 100000 tokens, more than the maximum of 65535"));
    assertThat(
        items.get(1).toString(),
        ((Map<String, Object>) items.get(1).get("index")).get("status"),
        equalTo(201));
    assertThat(
        items.get(2).toString(),
        ((Map<String, Object>) items.get(2).get("index")).get("status"),
        equalTo(201));

    // The flush writes the Seismic structures for the 65,535-token document.
    rest.ok("POST", "/huge/_flush", null);
    assertThat(count(), equalTo(2));
    // A token only the large document has, and one both have: exact scores 1.0 and 2.0 + 1.0.
    Map<String, Object> hits =
        (Map<String, Object>)
            ((Map<String, Object>)
                    rest.ok("POST", "/huge/_search", search("{\"t65534\":1.0,\"t1\":1.0}")).body())
                .get("hits");
    List<Map<String, Object>> list = (List<Map<String, Object>>) hits.get("hits");
    assertThat(list.toString(), list.size(), equalTo(2));
    assertThat(list.get(0).get("_id"), equalTo("at"));
    assertEquals(2.0, ((Number) list.get(0).get("_score")).doubleValue(), 1e-6);
    assertThat(list.get(1).get("_id"), equalTo("small"));

    // Queries obey the same limit as documents.
    RestHelper.Response tooBig =
        rest.send("POST", "/huge/_search", search(vector(OVER_LIMIT, "0.5")));
    assertThat(tooBig.text(), tooBig.status(), equalTo(400));
    assertThat(tooBig.text(), containsString("more than the maximum of 65535"));
    RestHelper.Response largest =
        rest.send("POST", "/huge/_search", search(vector(AT_LIMIT, "0.5")));
    assertThat(largest.text(), largest.status(), equalTo(200));
    assertThat(largest.text(), containsString("\"_id\":\"at\""));
    assertThat(count(), equalTo(2));
  }

  @SuppressWarnings("unchecked")
  private int count() throws Exception {
    return ((Number)
            ((Map<String, Object>) rest().ok("GET", "/huge/_count", null).body()).get("count"))
        .intValue();
  }
}
