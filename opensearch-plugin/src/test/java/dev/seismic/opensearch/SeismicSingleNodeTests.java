package dev.seismic.opensearch;

import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import dev.seismic.opensearch.rest.OpenSearchConformance;
import dev.seismic.rest.ConformanceRunner;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;

/**
 * One node of the engine's test framework with real (Netty) HTTP: the shared conformance cases,
 * which postings format each field really gets, and the query's wire and JSON round trips.
 */
public class SeismicSingleNodeTests extends SeismicHttpNodeTestCase {

  public void testConformanceCases() throws Exception {
    List<String> failures = ConformanceRunner.runAll(httpUri(), OpenSearchConformance.ENGINE);
    assertTrue("conformance cases failed:\n" + String.join("\n", failures), failures.isEmpty());
  }

  /** The codec must route exactly the seismic_vector fields, by mapping, to the Seismic format. */
  public void testOnlySeismicFieldsUseTheSeismicFormat() throws IOException {
    createIndex(
        "formats",
        Settings.builder().put("index.codec", "seismic").put("index.number_of_shards", 1).build(),
        "_doc",
        "vec",
        "type=seismic_vector",
        "other_vec",
        "type=seismic_vector",
        "title",
        "type=text");
    client()
        .prepareIndex("formats")
        .setId("1")
        .setSource(
            Map.of(
                "vec", Map.of("a", 1.0, "b", 2.0),
                "other_vec", Map.of("c", 0.5),
                "title", "hello"))
        .get();
    client().admin().indices().prepareFlush("formats").get();
    client().admin().indices().prepareRefresh("formats").get();
    IndexShard shard =
        getInstanceFromNode(IndicesService.class).indexService(resolveIndex("formats")).getShard(0);
    try (Engine.Searcher searcher = shard.acquireSearcher("test")) {
      LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
      assertEquals(SeismicPostingsFormat.NAME, format(leaf, "vec"));
      assertEquals(SeismicPostingsFormat.NAME, format(leaf, "other_vec"));
      assertNotEquals(SeismicPostingsFormat.NAME, format(leaf, "title"));
      assertNotEquals(SeismicPostingsFormat.NAME, format(leaf, "_id"));
    }
  }

  private static String format(LeafReaderContext leaf, String field) {
    FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(field);
    assertNotNull("no field " + field, info);
    return info.getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY);
  }
}
