package dev.seismic.opensearch.cluster;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.opensearch.rest.RestCalls;
import dev.seismic.opensearch.rest.RestCalls.Reply;
import dev.seismic.opensearch.rest.SeismicRequests;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.RestClient;

/**
 * Three nodes of the engine's test framework, reached over real HTTP: a 3-shard, 1-replica index
 * answers exactly like a 1-shard index and like brute force (lossless build and query settings, so
 * the comparison is exact), also after a node restarts and after a node stops for good.
 */
public class SeismicClusterTests extends SeismicHttpClusterTestCase {

  private static final int VOCABULARY = 60;
  private static final int K = 10;

  /** No pruning and full summaries: nothing the index does may lose a hit. */
  private static final Map<String, Object> LOSSLESS_FIELD =
      Map.of(
          "type",
          "seismic_vector",
          "n_postings",
          1,
          "min_postings",
          Integer.MAX_VALUE,
          "summary_energy",
          1.0);

  public void testShardsAndReplicasAnswerLikeOneShard() throws Exception {
    List<Map<String, Float>> docs = randomDocs(300);
    try (RestClient client = restClient()) {
      RestCalls rest = new RestCalls(client);
      createIndex(rest, "one", 1, 0);
      createIndex(rest, "three", 3, 1);
      index(rest, "one", docs);
      index(rest, "three", docs);
    }
    ensureGreen("one", "three");

    List<Map<String, Float>> queries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queries.add(randomVector(2 + random().nextInt(6)));
    }
    try (RestClient client = restClient()) {
      RestCalls rest = new RestCalls(client);
      for (Map<String, Float> query : queries) {
        List<Hit> exact = bruteForce(docs, query);
        assertSameTopK(query, exact, search(rest, "one", query));
        assertSameTopK(query, exact, search(rest, "three", query));
      }
    }

    // A restarted node reopens the segments it wrote.
    internalCluster().restartRandomDataNode();
    ensureGreen("one", "three");
    assertAllQueries("three", docs, queries);
    assertAllQueries("one", docs, queries);

    // A node gone for good: the replicas take over.
    internalCluster().stopRandomDataNode();
    ensureYellow("three");
    assertAllQueries("three", docs, queries);
  }

  private void assertAllQueries(
      String index, List<Map<String, Float>> docs, List<Map<String, Float>> queries)
      throws IOException {
    try (RestClient client = restClient()) {
      RestCalls rest = new RestCalls(client);
      for (Map<String, Float> query : queries) {
        assertSameTopK(query, bruteForce(docs, query), search(rest, index, query));
      }
    }
  }

  private record Hit(String id, double score) {}

  /**
   * Scores must agree position by position with the first K of the exact ranking; ids too, except
   * among near-tied scores (including a tie between the K-th document and the next ones, which
   * shards may break differently).
   */
  private static void assertSameTopK(
      Map<String, Float> query, List<Hit> ranking, List<Hit> actual) {
    List<Hit> expected = ranking.subList(0, Math.min(K, ranking.size()));
    String context = "query " + query + "\nexpected " + expected + "\nactual   " + actual;
    assertEquals(context, expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.get(i).score();
      assertEquals(context, e, actual.get(i).score(), 1e-4 * Math.max(1, e));
      boolean tied =
          (i > 0 && Math.abs(e - ranking.get(i - 1).score()) < 1e-4 * e)
              || (i + 1 < ranking.size() && Math.abs(e - ranking.get(i + 1).score()) < 1e-4 * e);
      if (!tied) {
        assertEquals(context, expected.get(i).id(), actual.get(i).id());
      }
    }
  }

  /** The exact ranking on the weights as indexed (FeatureField's 9-bit encoding). */
  private static List<Hit> bruteForce(List<Map<String, Float>> docs, Map<String, Float> query) {
    List<Hit> hits = new ArrayList<>();
    for (int d = 0; d < docs.size(); d++) {
      double score = 0;
      for (Map.Entry<String, Float> q : query.entrySet()) {
        Float w = docs.get(d).get(q.getKey());
        if (w != null) {
          score +=
              q.getValue() * SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(w));
        }
      }
      if (score > 0) {
        hits.add(new Hit(Integer.toString(d), score));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits;
  }

  private static List<Hit> search(RestCalls rest, String index, Map<String, Float> query)
      throws IOException {
    Reply reply =
        rest.ok(
            "POST",
            "/" + index + "/_search",
            SeismicRequests.hits(K, SeismicRequests.seismic(query, K, 1000, 1e-30)));
    List<Hit> hits = new ArrayList<>();
    for (Object h : (List<?>) reply.at("hits.hits")) {
      Map<?, ?> hit = (Map<?, ?>) h;
      hits.add(new Hit((String) hit.get("_id"), ((Number) hit.get("_score")).doubleValue()));
    }
    return hits;
  }

  private static void createIndex(RestCalls rest, String name, int shards, int replicas)
      throws IOException {
    rest.ok(
        "PUT",
        "/" + name,
        SeismicRequests.index(
            shards, replicas, Map.of(), Map.of("properties", Map.of("vec", LOSSLESS_FIELD))));
  }

  private static void index(RestCalls rest, String index, List<Map<String, Float>> docs)
      throws IOException {
    List<Object> lines = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      lines.add(Map.of("index", Map.of("_index", index, "_id", Integer.toString(i))));
      lines.add(Map.of("vec", docs.get(i)));
    }
    Reply reply = rest.ndjson("/_bulk?refresh=true", lines);
    assertEquals(reply.body().toString(), false, reply.at("errors"));
  }

  private static List<Map<String, Float>> randomDocs(int count) {
    List<Map<String, Float>> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(randomVector(3 + random().nextInt(12)));
    }
    return docs;
  }

  private static Map<String, Float> randomVector(int size) {
    Map<String, Float> vector = new LinkedHashMap<>();
    while (vector.size() < size) {
      vector.put("t" + random().nextInt(VOCABULARY), 0.1f + 3 * random().nextFloat());
    }
    return vector;
  }

  /** A client for the nodes running now (a restarted node may listen on a new port). */
  private static RestClient restClient() {
    List<HttpHost> hosts = new ArrayList<>();
    for (String node : internalCluster().getNodeNames()) {
      hosts.add(httpHost(node));
    }
    return RestClient.builder(hosts.toArray(HttpHost[]::new)).build();
  }
}
