package dev.seismic.opensearch.codec;

import static org.hamcrest.Matchers.containsString;

import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import dev.seismic.opensearch.SeismicPlugin;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.lucene90.Lucene90StoredFieldsFormat;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.mapper.MapperParsingException;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchSingleNodeTestCase;

/**
 * {@code index.codec} takes one value, so Seismic and a stored-fields compression are chosen
 * together: {@code seismic_best_compression} is OpenSearch's {@code best_compression} codec with
 * Seismic fields; an index on another codec is refused a Seismic field with a message that names
 * what to set.
 */
public class CodecCombinationTests extends OpenSearchSingleNodeTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class);
  }

  public void testSeismicWithBestCompression() throws Exception {
    createIndex(
        "compressed",
        Settings.builder()
            .put("index.codec", "seismic_best_compression")
            .put("index.number_of_shards", 1)
            .build(),
        "_doc",
        "vec",
        "type=seismic_vector",
        "title",
        "type=text");
    for (int i = 0; i < 20; i++) {
      client()
          .prepareIndex("compressed")
          .setId(Integer.toString(i))
          .setSource(Map.of("vec", Map.of("a", 1.0 + i, "b", 2.0), "title", "hello " + i))
          .get();
    }
    client().admin().indices().prepareFlush("compressed").get();
    client().admin().indices().prepareRefresh("compressed").get();
    IndexShard shard =
        getInstanceFromNode(IndicesService.class)
            .indexService(resolveIndex("compressed"))
            .getShard(0);
    try (Engine.Searcher searcher = shard.acquireSearcher("test")) {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        var infos = leaf.reader().getFieldInfos();
        assertEquals(
            SeismicPostingsFormat.NAME,
            infos.fieldInfo("vec").getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY));
        SegmentReader segment =
            (SegmentReader) org.apache.lucene.index.FilterLeafReader.unwrap(leaf.reader());
        assertEquals(
            Lucene90StoredFieldsFormat.Mode.BEST_COMPRESSION.name(),
            segment.getSegmentInfo().info.getAttribute(Lucene90StoredFieldsFormat.MODE_KEY));
      }
    }
    // Closed and reopened, the segments read back with the stock codec and the Seismic format.
    client().admin().indices().prepareClose("compressed").get();
    client().admin().indices().prepareOpen("compressed").get();
    ensureGreen("compressed");
    SearchResponse response =
        client()
            .prepareSearch("compressed")
            .setQuery(
                QueryBuilders.wrapperQuery(
                    "{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1.0}, \"k\": 5}}"))
            .get();
    assertEquals(5, response.getHits().getHits().length);
    assertEquals("19", response.getHits().getAt(0).getId());
  }

  public void testOtherCodecsSayWhatToSet() {
    for (String codec : List.of("best_compression", "zlib", "default")) {
      Exception e =
          expectThrows(
              MapperParsingException.class,
              () ->
                  createIndex(
                      "other-" + codec.replace('_', '-'),
                      Settings.builder().put("index.codec", codec).build(),
                      "_doc",
                      "vec",
                      "type=seismic_vector"));
      assertThat(e.getMessage(), containsString("\"index.codec\": \"seismic\""));
      assertThat(e.getMessage(), containsString("seismic_best_compression"));
    }
  }
}
