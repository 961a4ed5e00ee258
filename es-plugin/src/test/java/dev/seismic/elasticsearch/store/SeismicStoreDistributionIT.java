package dev.seismic.elasticsearch.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.seismic.elasticsearch.dist.EsDistribution;
import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Assume;
import org.junit.Test;

/**
 * In the real distribution, with the plugin installed by {@code bin/elasticsearch-plugin} and
 * Elasticsearch's entitlement checks active: a Seismic index created with no store setting gets the
 * plugin's store, and the node process has the Seismic files of its segment memory-mapped, as the
 * kernel lists them in {@code /proc/<pid>/maps}.
 */
public class SeismicStoreDistributionIT {

  private static final List<String> DATA_EXTENSIONS =
      List.of(
          SeismicPostingsFormat.TERMS_EXTENSION,
          SeismicPostingsFormat.FORWARD_EXTENSION,
          SeismicPostingsFormat.POSTINGS_EXTENSION,
          SeismicPostingsFormat.SUMMARIES_EXTENSION,
          SeismicPostingsFormat.GRAPH_EXTENSION);

  @Test
  public void seismicFilesAreMappedByTheNode() throws Exception {
    Assume.assumeTrue(
        "no /proc/<pid>/maps on this system", Files.isReadable(Path.of("/proc/self/maps")));
    try (EsDistribution es = EsDistribution.installFromBuild();
        RestHelper rest = new RestHelper(es.httpUri())) {
      es.start();
      // Merged segments leave compound files when index.compound_format says so (flushed ones
      // never do): one merged segment with its Seismic files apart, as large segments have them.
      rest.ok(
          "PUT",
          "/mapped",
          """
          {"settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0,
                                  "seismic.enabled": true, "compound_format": false}},
           "mappings": {"properties": {"vec": {"type": "seismic_vector"}}}}
          """);
      rest.ok(
          "POST",
          "/mapped/_bulk",
          """
          {"index": {"_id": "1"}}
          {"vec": {"ocean": 1.5, "wave": 0.5}}
          {"index": {"_id": "2"}}
          {"vec": {"forest": 2.0, "tree": 1.0}}
          """);
      rest.ok("POST", "/mapped/_flush", null);
      rest.ok(
          "POST",
          "/mapped/_bulk",
          """
          {"index": {"_id": "3"}}
          {"vec": {"ocean": 0.2, "tree": 0.3}}
          """);
      rest.ok("POST", "/mapped/_flush", null);
      rest.ok("POST", "/mapped/_forcemerge?max_num_segments=1", null);
      rest.ok("POST", "/mapped/_refresh", null);
      var search =
          rest.ok(
              "POST",
              "/mapped/_search",
              """
              {"query": {"seismic": {"field": "vec", "query_vector": {"ocean": 1.0}, "k": 10}}}
              """);
      assertTrue(search.text(), search.text().contains("\"_id\":\"1\""));

      Map<String, String> settings = flatSettings(rest, "mapped");
      assertEquals(SeismicDirectoryFactory.STORE_TYPE, settings.get("index.store.type"));
      String indexFolder = "/indices/" + settings.get("index.uuid") + "/";
      List<String> mappedFiles =
          Files.readAllLines(Path.of("/proc", Long.toString(nodePid(rest)), "maps")).stream()
              .filter(line -> line.contains(indexFolder))
              .map(line -> line.substring(line.lastIndexOf('/') + 1))
              .distinct()
              .toList();
      for (String extension : DATA_EXTENSIONS) {
        assertTrue(
            "." + extension + " not among the index's mapped files " + mappedFiles,
            mappedFiles.stream()
                .anyMatch(
                    f ->
                        f.contains("_" + SeismicPostingsFormat.NAME + "_")
                            && f.endsWith("." + extension)));
      }
      assertEquals(List.of(), es.logLines("NotEntitledException"));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> flatSettings(RestHelper rest, String index) throws Exception {
    var body =
        (Map<String, Object>)
            rest.ok("GET", "/" + index + "/_settings?flat_settings=true", null).body();
    return (Map<String, String>) ((Map<String, Object>) body.get(index)).get("settings");
  }

  @SuppressWarnings("unchecked")
  private static long nodePid(RestHelper rest) throws Exception {
    var body = (Map<String, Object>) rest.ok("GET", "/_nodes/_local/process", null).body();
    var nodes = (Map<String, Object>) body.get("nodes");
    var node = (Map<String, Object>) nodes.values().iterator().next();
    return ((Number) ((Map<String, Object>) node.get("process")).get("id")).longValue();
  }
}
