package dev.seismic.opensearch.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.seismic.opensearch.rest.OpenSearchConformance;
import dev.seismic.opensearch.rest.RestCalls;
import dev.seismic.opensearch.rest.RestCalls.Reply;
import dev.seismic.opensearch.rest.SeismicRequests;
import dev.seismic.rest.ConformanceRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The plugin zip built by {@code mvn package}, unzipped into a real OpenSearch node's {@code
 * plugins/} folder, exercised over HTTP on loopback: the shared conformance cases, the files the
 * codec writes, oversized vectors in a bulk, and segments reopened after a node restart.
 */
public class PackagedNodeIT {

  private static PackagedNode node;
  private static RestCalls rest;

  @BeforeClass
  public static void startNode() throws Exception {
    node = PackagedNode.start(Path.of(System.getProperty("java.io.tmpdir")));
    rest = new RestCalls(node.client());
  }

  @AfterClass
  public static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  public void conformanceCases() throws Exception {
    List<String> failures =
        ConformanceRunner.runAll(
            URI.create(node.client().getNodes().get(0).getHost().toURI()),
            OpenSearchConformance.ENGINE);
    assertTrue("conformance cases failed:\n" + String.join("\n", failures), failures.isEmpty());
  }

  @Test
  public void pluginIsInstalledAndWritesSeismicFiles() throws Exception {
    Reply plugins = rest.ok("GET", "/_cat/plugins?format=json", null);
    assertTrue(plugins.body().toString(), plugins.body().toString().contains("component=seismic"));

    createIndex("files", Map.of("index.use_compound_file", false));
    indexDocs("files", 50);
    rest.ok("POST", "/files/_flush", null);
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(node.dataDir())) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains("Seismic"))
          .forEach(names::add);
    }
    assertTrue("no Seismic postings files under " + node.dataDir(), !names.isEmpty());
    rest.ok("DELETE", "/files", null);
  }

  @Test
  public void oversizedVectorFailsAloneInBulk() throws Exception {
    createIndex("huge", Map.of());
    Map<String, Object> huge = new LinkedHashMap<>();
    for (int i = 0; i <= 65_535; i++) {
      huge.put("t" + i, 1.0);
    }
    Reply bulk =
        rest.ndjson(
            "/_bulk?refresh=true",
            List.of(
                Map.of("index", Map.of("_index", "huge", "_id", "big")),
                Map.of("vec", huge),
                Map.of("index", Map.of("_index", "huge", "_id", "small")),
                Map.of("vec", Map.of("t1", 1.0))));
    assertEquals(400, ((Number) bulk.at("items.0.index.status")).intValue());
    assertTrue(
        bulk.at("items.0.index.error.caused_by.reason").toString(),
        bulk.at("items.0.index.error.caused_by.reason").toString().contains("65535"));
    assertEquals(201, ((Number) bulk.at("items.1.index.status")).intValue());
    assertEquals(1, ((Number) rest.ok("GET", "/huge/_count", null).at("count")).intValue());
    rest.ok("DELETE", "/huge", null);
  }

  @Test
  public void segmentsReopenAfterNodeRestart() throws Exception {
    createIndex("restart", Map.of());
    indexDocs("restart", 200);
    rest.ok("POST", "/restart/_flush", null);
    Object before = searchIds("restart");

    node.restart();
    rest = new RestCalls(node.client());
    rest.ok("GET", "/_cluster/health/restart?wait_for_status=green&timeout=60s", null);
    assertEquals(before, searchIds("restart"));
    rest.ok("DELETE", "/restart", null);
  }

  private static void createIndex(String name, Map<String, Object> extraSettings) throws Exception {
    rest.ok(
        "PUT", "/" + name, SeismicRequests.index(1, 0, extraSettings, SeismicRequests.VEC_ONLY));
  }

  /** Documents with 1 to 8 of 40 tokens, deterministic. */
  static void indexDocs(String index, int count) throws Exception {
    List<Object> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> vec = new LinkedHashMap<>();
      for (int j = 0; j <= i % 8; j++) {
        vec.put("t" + ((i * 7 + j * 13) % 40), 0.25 * (1 + (i + j) % 9));
      }
      lines.add(Map.of("index", Map.of("_index", index, "_id", Integer.toString(i))));
      lines.add(Map.of("vec", vec));
    }
    Reply bulk = rest.ndjson("/_bulk?refresh=true", lines);
    assertEquals(bulk.body().toString(), false, bulk.at("errors"));
  }

  private static Object searchIds(String index) throws Exception {
    Reply reply =
        rest.ok(
            "POST",
            "/" + index + "/_search",
            SeismicRequests.hits(
                20,
                Map.of(
                    "seismic",
                    Map.of(
                        "field", "vec", "query_vector", Map.of("t1", 1.0, "t14", 0.5), "k", 20))));
    List<?> hits = (List<?>) reply.at("hits.hits");
    assertTrue("no hits", !hits.isEmpty());
    return hits;
  }
}
