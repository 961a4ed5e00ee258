package dev.seismic.elasticsearch.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.seismic.elasticsearch.rest.ElasticsearchConformance;
import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.elasticsearch.rest.SeismicIndex;
import dev.seismic.rest.ConformanceRunner;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The packaging test: the plugin zip that {@code mvn package} builds, installed with {@code
 * bin/elasticsearch-plugin install --batch} into the real Elasticsearch 9.5.3 distribution, run as
 * a separate process (as a non-root user, with Elasticsearch's entitlement checks active), then
 * every shared REST conformance case over HTTP, and a node restart.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DistributionIT {

  private static EsDistribution es;
  private static RestHelper rest;

  @BeforeClass
  public static void installAndStart() throws Exception {
    es = EsDistribution.installFromBuild();
    System.out.println("[install] " + es.installTranscript().strip().replace("\n", "\n[install] "));
    es.start();
    rest = new RestHelper(es.httpUri());
  }

  @AfterClass
  public static void stop() throws Exception {
    if (rest != null) {
      rest.close();
    }
    if (es != null) {
      es.close();
    }
  }

  @Test
  public void test1PluginIsInstalledAndLoaded() throws Exception {
    assertTrue(es.installTranscript(), es.installTranscript().contains("Installed seismic"));
    var plugins = rest.ok("GET", "/_cat/plugins?format=json", null);
    assertTrue(plugins.text(), plugins.text().contains("\"component\":\"seismic\""));
  }

  @Test
  public void test2RestConformanceCases() throws Exception {
    List<String> failures = ConformanceRunner.runAll(es.httpUri(), ElasticsearchConformance.ENGINE);
    assertTrue(
        failures.size() + " REST conformance case(s) failed:\n\n" + String.join("\n\n", failures),
        failures.isEmpty());
  }

  /** A segment written by the plugin reopens when the whole node restarts from its data folder. */
  @Test
  public void test3SegmentsReopenAfterNodeRestart() throws Exception {
    rest.ok("PUT", "/restart", SeismicIndex.body(1, 0, SeismicIndex.VEC_ONLY));
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
      bulk.append("{\"vec\":{\"t")
          .append(i % 7)
          .append("\":")
          .append(1 + i % 5)
          .append(",\"u")
          .append(i % 11)
          .append("\":0.5}}\n");
    }
    rest.ok("POST", "/restart/_bulk?refresh=true", bulk.toString());
    rest.ok("POST", "/restart/_flush", null);
    String query =
        """
        {"query": {"seismic": {"field": "vec", "query_vector": {"t3": 1.0, "u4": 2.0}, "k": 5}},
         "_source": false}
        """;
    String before = hitsOf(rest.ok("POST", "/restart/_search", query));

    es.stop();
    es.start();
    rest.ok("GET", "/_cluster/health/restart?wait_for_status=green&timeout=60s", null);

    assertEquals(before, hitsOf(rest.ok("POST", "/restart/_search", query)));
    assertTrue(
        es.logLines("NotEntitledException").toString(),
        es.logLines("NotEntitledException").isEmpty());
  }

  @SuppressWarnings("unchecked")
  private static String hitsOf(RestHelper.Response response) {
    Map<String, Object> hits =
        (Map<String, Object>) ((Map<String, Object>) response.body()).get("hits");
    List<Map<String, Object>> list = (List<Map<String, Object>>) hits.get("hits");
    assertEquals(response.text(), 5, list.size());
    return list.stream().map(h -> h.get("_id") + ":" + h.get("_score")).toList().toString();
  }
}
