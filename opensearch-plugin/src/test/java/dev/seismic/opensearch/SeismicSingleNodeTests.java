package dev.seismic.opensearch;

import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import dev.seismic.opensearch.rest.OpenSearchConformance;
import dev.seismic.rest.ConformanceRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchSingleNodeTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * One node of the engine's test framework with real (Netty) HTTP: the shared conformance cases,
 * which postings format each field really gets, and the query's wire and JSON round trips.
 */
public class SeismicSingleNodeTests extends OpenSearchSingleNodeTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class, Netty4ModulePlugin.class);
  }

  @Override
  protected boolean addMockHttpTransport() {
    return false;
  }

  @Override
  protected Settings nodeSettings() {
    return Settings.builder()
        .put(super.nodeSettings())
        .put("http.type", "netty4")
        .put("http.port", 0)
        .put("http.host", "127.0.0.1")
        .build();
  }

  public void testConformanceCases() throws Exception {
    InetSocketAddress address =
        getInstanceFromNode(HttpServerTransport.class).boundAddress().publishAddress().address();
    URI uri = URI.create("http://" + address.getHostString() + ":" + address.getPort());
    List<String> failures = ConformanceRunner.runAll(uri, OpenSearchConformance.ENGINE);
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
