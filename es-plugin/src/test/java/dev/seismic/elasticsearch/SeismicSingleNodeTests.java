package dev.seismic.elasticsearch;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.elasticsearch.rest.SeismicIndex;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.elasticsearch.index.engine.Engine;
import org.elasticsearch.index.shard.IndexShard;
import org.elasticsearch.indices.IndicesService;

/**
 * One real node (Elasticsearch's single-node test framework) with the plugin and the real Netty
 * HTTP layer: checks that {@code seismic_vector} fields really land in the Seismic postings format,
 * other fields keep Elasticsearch's, and that segments reopen after close/open.
 */
public class SeismicSingleNodeTests extends SeismicHttpNodeTestCase {

  public void testSeismicFieldUsesSeismicFormatAndReopens() throws Exception {
    RestHelper rest = rest();
    createSeismicIndex(rest, "docs");
    rest.ok(
        "POST",
        "/docs/_bulk?refresh=true",
        """
        {"index": {"_id": "1"}}
        {"vec": {"ocean": 1.5, "wave": 0.5}, "title": "sea"}
        {"index": {"_id": "2"}}
        {"vec": {"forest": 2.0, "tree": 1.0}, "title": "wood"}
        {"index": {"_id": "3"}}
        {"vec": {"ocean": 0.2, "tree": 0.3}, "title": "coast"}
        """);
    rest.ok("POST", "/docs/_flush", null);

    IndexShard shard = shard("docs");
    try (Engine.Searcher searcher = shard.acquireSearcher("test")) {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        FieldInfo vec = leaf.reader().getFieldInfos().fieldInfo("vec");
        FieldInfo title = leaf.reader().getFieldInfos().fieldInfo("title");
        assertThat(
            vec.getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY), equalTo("Seismic10"));
        assertNotEquals(
            "Seismic10", title.getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY));
      }
    }
    assertTopHits(rest, "1", "3");

    // Close and reopen: the shard is opened from disk by the stock codec, which must find the
    // Seismic format through the plugin's SPI registration.
    rest.ok("POST", "/docs/_close", null);
    rest.ok("POST", "/docs/_open?wait_for_active_shards=1", null);
    ensureGreen("docs");
    assertTopHits(rest, "1", "3");
  }

  public void testMappingWithoutTheSettingSaysWhatToSet() throws Exception {
    RestHelper rest = rest();
    var response =
        rest.send(
            "PUT",
            "/plain",
            """
            {"mappings": {"properties": {"vec": {"type": "seismic_vector"}}}}
            """);
    assertThat(response.text(), response.status(), equalTo(400));
    assertThat(response.text(), containsString("index.seismic.enabled: true"));
  }

  /**
   * Before a refresh, get and update read the document from the translog, which Elasticsearch
   * indexes in memory with the engine's codec: the Seismic format must build for a single document.
   */
  public void testRealtimeGetAndUpdateBeforeRefresh() throws Exception {
    RestHelper rest = rest();
    createSeismicIndex(rest, "realtime");
    rest.ok(
        "PUT",
        "/realtime/_doc/1",
        """
        {"vec": {"ocean": 1.5, "wave": 0.5}, "title": "sea"}
        """);
    var get = rest.ok("GET", "/realtime/_doc/1?realtime=true", null);
    assertThat(get.text(), containsString("\"ocean\": 1.5"));
    rest.ok(
        "POST",
        "/realtime/_update/1",
        """
        {"doc": {"title": "sea, renamed"}}
        """);
    rest.ok("POST", "/realtime/_refresh", null);
    var search =
        rest.ok(
            "POST",
            "/realtime/_search",
            """
            {"query": {"seismic": {"field": "vec", "query_vector": {"ocean": 2.0}}}}
            """);
    assertThat(search.text(), containsString("\"_score\":3.0"));
    assertThat(search.text(), containsString("sea, renamed"));
  }

  public void testOneVectorPerDocument() throws Exception {
    RestHelper rest = rest();
    createSeismicIndex(rest, "single");
    var response =
        rest.send(
            "PUT",
            "/single/_doc/1",
            """
            {"vec": [{"a": 1.0}, {"b": 2.0}]}
            """);
    assertThat(response.text(), response.status(), equalTo(400));
    assertThat(response.text(), containsString("one vector per document"));
  }

  public void testTermAndExistsQueriesOnTheField() throws Exception {
    RestHelper rest = rest();
    createSeismicIndex(rest, "terms");
    rest.ok(
        "POST",
        "/terms/_bulk?refresh=true",
        """
        {"index": {"_id": "1"}}
        {"vec": {"ocean": 1.5, "wave": 0.5}}
        {"index": {"_id": "2"}}
        {"title": "no vector"}
        """);
    var term =
        rest.ok(
            "POST",
            "/terms/_search",
            """
            {"query": {"term": {"vec": "ocean"}}}
            """);
    assertThat(term.text(), containsString("\"_score\":1.5"));
    var exists =
        rest.ok(
            "POST",
            "/terms/_count",
            """
            {"query": {"exists": {"field": "vec"}}}
            """);
    assertThat(exists.text(), containsString("\"count\":1"));
  }

  /** A search over several indices, only some of which map the field, finds the hits there. */
  public void testUnmappedFieldMatchesNothingInOtherIndices() throws Exception {
    RestHelper rest = rest();
    createSeismicIndex(rest, "with-vec");
    rest.ok(
        "PUT",
        "/without-vec",
        """
        {"mappings": {"properties": {"title": {"type": "text"}}}}
        """);
    rest.ok(
        "PUT",
        "/with-vec/_doc/1?refresh=true",
        """
        {"vec": {"ocean": 1.0}}
        """);
    rest.ok(
        "PUT",
        "/without-vec/_doc/1?refresh=true",
        """
        {"title": "ocean"}
        """);
    var response =
        rest.ok(
            "POST",
            "/with-vec,without-vec/_search",
            """
            {"query": {"seismic": {"field": "vec", "query_vector": {"ocean": 2.0}}}}
            """);
    assertThat(response.text(), containsString("\"total\":{\"value\":1,"));
    assertThat(response.text(), containsString("\"_index\":\"with-vec\""));
  }

  private static void createSeismicIndex(RestHelper rest, String index) throws Exception {
    rest.ok(
        "PUT",
        "/" + index,
        SeismicIndex.body(
            1, 0, "{\"vec\": {\"type\": \"seismic_vector\"}, \"title\": {\"type\": \"text\"}}"));
  }

  private void assertTopHits(RestHelper rest, String... ids) throws Exception {
    var response =
        rest.ok(
            "POST",
            "/docs/_search",
            """
            {"query": {"seismic": {"field": "vec", "query_vector": {"ocean": 1.0}, "k": 5}}}
            """);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> hits =
        (List<Map<String, Object>>)
            ((Map<String, Object>) ((Map<String, Object>) response.body()).get("hits")).get("hits");
    assertEquals(List.of(ids), hits.stream().map(h -> h.get("_id")).toList());
  }

  private IndexShard shard(String index) {
    return getInstanceFromNode(IndicesService.class)
        .indexServiceSafe(resolveIndex(index))
        .getShard(0);
  }
}
