package dev.seismic.elasticsearch.cluster;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.elasticsearch.rest.SeismicIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.elasticsearch.common.settings.Settings;

/**
 * A three-node cluster (Elasticsearch's internal test cluster, real Netty HTTP): a 3-shard,
 * 1-replica index answers like a 1-shard index, keeps answering when a node stops, reopens its
 * segments after a node restart, and survives snapshot and restore.
 *
 * <p>Every request goes over HTTP to a live node, as a user's would.
 */
public class SeismicClusterIT extends SeismicHttpClusterTestCase {

  private static final int DOCS = 1500;
  private static final int K = 10;

  /** A snapshot repository path on every node. */
  @Override
  protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
    return Settings.builder()
        .put(super.nodeSettings(nodeOrdinal, otherSettings))
        .put("path.repo", randomRepoPath().getParent().toString())
        .build();
  }

  /** An HTTP client to some node that is running now. */
  private RestHelper rest() {
    return new RestHelper(httpUri(randomFrom(internalCluster().getNodeNames())));
  }

  private void createAndFill(String index, int shards, int replicas) throws Exception {
    try (RestHelper rest = rest()) {
      rest.ok(
          "PUT",
          "/" + index,
          SeismicIndex.body(
              shards,
              replicas,
              "{\"vec\": {\"type\": \"seismic_vector\"}, \"group\": {\"type\": \"keyword\"}}"));
      // The same documents in every index: generated from a fixed seed, sent in a few bulks so
      // that shards hold several segments.
      Random random = new Random(42);
      for (int start = 0; start < DOCS; start += 500) {
        StringBuilder bulk = new StringBuilder();
        for (int i = start; i < Math.min(DOCS, start + 500); i++) {
          bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
          bulk.append("{\"group\":\"g")
              .append(i % 3)
              .append("\",\"vec\":")
              .append(toJson(randomVector(random, 20)))
              .append("}\n");
        }
        rest.ok("POST", "/" + index + "/_bulk", bulk.toString());
        rest.ok("POST", "/" + index + "/_refresh", null);
      }
    }
    ensureGreen(index);
  }

  /** A Zipf-like vocabulary of 400 tokens, as learned encoders produce. */
  private static Map<String, Float> randomVector(Random random, int nnz) {
    Map<String, Float> v = new LinkedHashMap<>();
    while (v.size() < nnz) {
      int token = (int) Math.floor(Math.pow(400, random.nextDouble()));
      v.putIfAbsent("t" + token, 0.05f + random.nextFloat() * 2);
    }
    return v;
  }

  private static String toJson(Map<String, Float> v) {
    StringBuilder sb = new StringBuilder("{");
    for (var e : v.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(e.getKey()).append("\":").append(e.getValue());
    }
    return sb.append('}').toString();
  }

  private List<Map<String, Float>> queries() {
    Random random = new Random(7);
    List<Map<String, Float>> queries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queries.add(randomVector(random, 8));
    }
    return queries;
  }

  /** The ids of the top-k for a seismic query (approximate) or for the exact disjunction. */
  @SuppressWarnings("unchecked")
  private List<String> topK(String index, Map<String, Float> q, boolean exact) throws Exception {
    String query;
    if (exact) {
      // Exact inner product: a term query on a token scores by the document's weight.
      StringBuilder should = new StringBuilder();
      for (var e : q.entrySet()) {
        if (should.length() > 0) {
          should.append(',');
        }
        should
            .append("{\"term\":{\"vec\":{\"value\":\"")
            .append(e.getKey())
            .append("\",\"boost\":")
            .append(e.getValue())
            .append("}}}");
      }
      query = "{\"bool\":{\"should\":[" + should + "]}}";
    } else {
      query =
          "{\"seismic\":{\"field\":\"vec\",\"k\":" + K + ",\"query_vector\":" + toJson(q) + "}}";
    }
    try (RestHelper rest = rest()) {
      var response =
          rest.ok(
              "POST",
              "/" + index + "/_search",
              "{\"size\":" + K + ",\"_source\":false,\"query\":" + query + "}");
      Map<String, Object> hits =
          (Map<String, Object>) ((Map<String, Object>) response.body()).get("hits");
      return ((List<Map<String, Object>>) hits.get("hits"))
          .stream().map(h -> (String) h.get("_id")).toList();
    }
  }

  private static double recall(List<String> expected, List<String> actual) {
    Set<String> hit = new HashSet<>(expected);
    hit.retainAll(actual);
    return expected.isEmpty() ? 1 : (double) hit.size() / expected.size();
  }

  public void testShardedIndexAnswersLikeOneShardAndSurvivesANodeStop() throws Exception {
    createAndFill("one", 1, 0);
    createAndFill("three", 3, 1);

    List<Map<String, Float>> queries = queries();
    List<List<String>> exact = new ArrayList<>();
    for (Map<String, Float> q : queries) {
      List<String> top = topK("one", q, true);
      assertThat(top.size(), equalTo(K));
      exact.add(top);
    }
    double one = meanRecall("one", queries, exact);
    double three = meanRecall("three", queries, exact);
    logger.info("recall@{} against exact: one shard {}, three shards {}", K, one, three);
    assertThat(one, greaterThanOrEqualTo(0.9));
    assertThat(three, greaterThanOrEqualTo(0.9));

    internalCluster().stopRandomDataNode();
    ensureYellow("three");
    // Replicas index on their own, so their segments (and the approximation) may differ from the
    // primaries': the answers after the stop are held to the same recall bar, not to equality.
    double afterStop = meanRecall("three", queries, exact);
    logger.info("recall@{} after a node stopped: {}", K, afterStop);
    assertThat(afterStop, greaterThanOrEqualTo(0.9));
  }

  private double meanRecall(
      String index, List<Map<String, Float>> queries, List<List<String>> exact) throws Exception {
    double sum = 0;
    for (int i = 0; i < queries.size(); i++) {
      List<String> hits = topK(index, queries.get(i), false);
      assertThat("query " + i + " on " + index, hits.size(), equalTo(K));
      sum += recall(exact.get(i), hits);
    }
    return sum / queries.size();
  }

  public void testSegmentsReopenAfterNodeRestart() throws Exception {
    createAndFill("restart", 3, 1);
    try (RestHelper rest = rest()) {
      rest.ok("POST", "/restart/_flush", null);
    }
    internalCluster().fullRestart();
    ensureGreen("restart");
    assertAnswersWell("restart");
  }

  public void testSnapshotAndRestoreKeepsTheIndexSearchable() throws Exception {
    createAndFill("snap", 3, 1);
    try (RestHelper rest = rest()) {
      rest.ok(
          "PUT",
          "/_snapshot/repo",
          "{\"type\":\"fs\",\"settings\":{\"location\":\"" + randomRepoPath() + "\"}}");
      rest.ok("PUT", "/_snapshot/repo/snap1?wait_for_completion=true", "{\"indices\":\"snap\"}");
      rest.ok("DELETE", "/snap", null);
      rest.ok(
          "POST",
          "/_snapshot/repo/snap1/_restore?wait_for_completion=true",
          "{\"indices\":\"snap\"}");
    }
    ensureGreen("snap");
    assertAnswersWell("snap");
  }

  /**
   * Every query gets k hits, with recall against the exact search on the same index. Copies of a
   * shard may hold different segments, so the approximate lists are not compared for equality.
   */
  private void assertAnswersWell(String index) throws Exception {
    List<Map<String, Float>> queries = queries();
    List<List<String>> exact = new ArrayList<>();
    for (Map<String, Float> q : queries) {
      exact.add(topK(index, q, true));
    }
    double recall = meanRecall(index, queries, exact);
    logger.info("recall@{} on {}: {}", K, index, recall);
    assertThat(recall, greaterThanOrEqualTo(0.9));
  }
}
