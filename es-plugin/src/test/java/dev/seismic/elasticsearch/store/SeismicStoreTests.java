package dev.seismic.elasticsearch.store;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertAcked;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertHitCount;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertResponse;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;

import dev.seismic.elasticsearch.SeismicPlugin;
import dev.seismic.lucene.codecs.SeismicPostingsFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MemorySegmentAccessInput;
import org.apache.lucene.store.NIOFSDirectory;
import org.elasticsearch.action.admin.indices.template.put.TransportPutComposableIndexTemplateAction;
import org.elasticsearch.cluster.metadata.ComposableIndexTemplate;
import org.elasticsearch.cluster.metadata.Template;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexModule;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.index.store.ByteSizeDirectory;
import org.elasticsearch.index.store.FsDirectoryFactory;
import org.elasticsearch.index.store.LuceneFilesExtensions;
import org.elasticsearch.index.store.Store;
import org.elasticsearch.indices.IndicesService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESSingleNodeTestCase;

/**
 * On a real node: a Seismic index created without a store type opens its Seismic files
 * memory-mapped, a store type the user chose is kept, and other indices keep Elasticsearch's
 * default store.
 *
 * <p>Segments here are written without compound files ({@code index.compound_format: false}), as
 * Elasticsearch writes segments above its compound-file threshold: inside a compound file the
 * Seismic files are read through the compound file, which every store maps.
 */
public class SeismicStoreTests extends ESSingleNodeTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class);
  }

  private static Settings.Builder seismicIndex() {
    return Settings.builder()
        .put("index.number_of_shards", 1)
        .put("index.number_of_replicas", 0)
        .put("index.seismic.enabled", true)
        .put("index.compound_format", false);
  }

  public void testSeismicIndexWithoutStoreTypeMapsItsSeismicFiles() throws Exception {
    IndexService index = createSeismicIndex("mapped", seismicIndex());

    assertThat(storeType("mapped"), equalTo(SeismicDirectoryFactory.STORE_TYPE));
    List<String> seismicFiles = seismicDataFiles(index);
    assertFalse(
        "Seismic files in " + List.of(factoryDirectory(index).listAll()), seismicFiles.isEmpty());
    for (String file : seismicFiles) {
      assertThat(file, openedBy(index, file), instanceOf(MemorySegmentAccessInput.class));
    }
    // Everything else is opened as hybridfs opens it: stored fields with buffered reads, postings
    // mapped; and Elasticsearch still sees a hybrid directory (dense vectors' direct I/O asks).
    String storedFields = fileWithExtension(index, LuceneFilesExtensions.FDT.getExtension());
    assertThat(openedBy(index, storedFields), not(instanceOf(MemorySegmentAccessInput.class)));
    String postings = fileWithExtension(index, LuceneFilesExtensions.DOC.getExtension());
    assertThat(openedBy(index, postings), instanceOf(MemorySegmentAccessInput.class));
    assertTrue(FsDirectoryFactory.isHybridFs(index.getShard(0).store().directory()));

    assertTopHit("mapped", "1");
    indicesAdmin().prepareClose("mapped").get();
    indicesAdmin().prepareOpen("mapped").get();
    ensureGreen("mapped");
    assertTopHit("mapped", "1");
  }

  /** A store type chosen at creation is kept, and with it that store's way of reading. */
  public void testStoreTypeChosenByTheUserIsKept() throws Exception {
    for (String type : List.of("niofs", "fs")) {
      String name = "chosen-" + type;
      IndexService index =
          createSeismicIndex(
              name, seismicIndex().put(IndexModule.INDEX_STORE_TYPE_SETTING.getKey(), type));
      assertThat(storeType(name), equalTo(type));
      List<String> seismicFiles = seismicDataFiles(index);
      assertFalse(seismicFiles.isEmpty());
      for (String file : seismicFiles) {
        assertThat(
            type + " " + file,
            openedBy(index, file),
            not(instanceOf(MemorySegmentAccessInput.class)));
      }
      if (type.equals("niofs")) {
        assertThat(factoryDirectory(index), instanceOf(NIOFSDirectory.class));
      }
      assertTopHit(name, "1");
    }
  }

  /** Seismic switched on by an index template, with or without a store type of its own. */
  public void testSeismicFromATemplateGetsTheSeismicStoreUnlessItChoseOne() throws Exception {
    putTemplate("seismic-from-template", "tmpl-*", seismicIndex());
    putTemplate(
        "niofs-from-template",
        "tmpl-nio-*",
        seismicIndex().put(IndexModule.INDEX_STORE_TYPE_SETTING.getKey(), "niofs"));
    createIndex("tmpl-a");
    assertThat(storeType("tmpl-a"), equalTo(SeismicDirectoryFactory.STORE_TYPE));
    createIndex("tmpl-nio-a");
    assertThat(storeType("tmpl-nio-a"), equalTo("niofs"));
  }

  private void putTemplate(String name, String pattern, Settings.Builder settings) {
    var template =
        ComposableIndexTemplate.builder()
            .indexPatterns(List.of(pattern))
            // The longer pattern must win where both match.
            .priority((long) pattern.length())
            .template(Template.builder().settings(settings))
            .build();
    assertAcked(
        client()
            .execute(
                TransportPutComposableIndexTemplateAction.TYPE,
                new TransportPutComposableIndexTemplateAction.Request(name)
                    .indexTemplate(template)));
  }

  /** Elasticsearch's {@code null} for a setting asks for its default, without the provider's. */
  public void testNullStoreTypeAsksForElasticsearchsDefault() throws Exception {
    IndexService index =
        createSeismicIndex(
            "default-store", seismicIndex().putNull(IndexModule.INDEX_STORE_TYPE_SETTING.getKey()));
    assertThat(storeType("default-store"), equalTo(""));
    assertThat(factoryDirectory(index), instanceOf(FsDirectoryFactory.HybridDirectory.class));
  }

  /**
   * An index created with another store (as Seismic indices created before the plugin chose one
   * were) switches to the Seismic store by setting it while the index is closed.
   */
  public void testClosedIndexSwitchesToTheSeismicStore() throws Exception {
    createSeismicIndex(
        "switched", seismicIndex().put(IndexModule.INDEX_STORE_TYPE_SETTING.getKey(), "hybridfs"));
    indicesAdmin().prepareClose("switched").get();
    assertAcked(
        indicesAdmin()
            .prepareUpdateSettings("switched")
            .setSettings(
                Settings.builder()
                    .put(
                        IndexModule.INDEX_STORE_TYPE_SETTING.getKey(),
                        SeismicDirectoryFactory.STORE_TYPE)));
    indicesAdmin().prepareOpen("switched").get();
    ensureGreen("switched");
    IndexService index =
        getInstanceFromNode(IndicesService.class).indexServiceSafe(resolveIndex("switched"));
    List<String> seismicFiles = seismicDataFiles(index);
    assertFalse(seismicFiles.isEmpty());
    for (String file : seismicFiles) {
      assertThat(file, openedBy(index, file), instanceOf(MemorySegmentAccessInput.class));
    }
    assertTopHit("switched", "1");
  }

  public void testIndexWithoutSeismicKeepsTheDefaultStore() {
    IndexService index =
        createIndex(
            "plain",
            Settings.builder().put("index.number_of_shards", 1).build(),
            "title",
            "type=text");
    assertThat(storeType("plain"), equalTo(""));
    assertThat(factoryDirectory(index), instanceOf(FsDirectoryFactory.HybridDirectory.class));
  }

  /**
   * Creates the index with three documents in one merged segment: Elasticsearch writes flushed
   * segments as compound files whatever {@code index.compound_format} says, merged ones as it says.
   */
  private IndexService createSeismicIndex(String name, Settings.Builder settings) {
    IndexService index = createIndex(name, settings.build(), "vec", "type=seismic_vector");
    prepareIndex(name)
        .setId("1")
        .setSource("vec", Map.of("ocean", 1.5, "wave", 0.5), "title", "sea")
        .get();
    prepareIndex(name)
        .setId("2")
        .setSource("vec", Map.of("forest", 2.0, "tree", 1.0), "title", "wood")
        .get();
    indicesAdmin().prepareFlush(name).get();
    prepareIndex(name)
        .setId("3")
        .setSource("vec", Map.of("ocean", 0.2, "tree", 0.3), "title", "coast")
        .get();
    indicesAdmin().prepareFlush(name).get();
    indicesAdmin().prepareForceMerge(name).setMaxNumSegments(1).get();
    indicesAdmin().prepareRefresh(name).get();
    return index;
  }

  /** {@code index.store.type} as the index's settings hold it ("" when not set). */
  private String storeType(String index) {
    return indicesAdmin()
        .prepareGetSettings(TEST_REQUEST_TIMEOUT, index)
        .get()
        .getIndexToSettings()
        .get(index)
        .get(IndexModule.INDEX_STORE_TYPE_SETTING.getKey(), "");
  }

  /** The directory the store type's factory made, under the store's own size and metric layers. */
  private static Directory factoryDirectory(IndexService index) {
    Directory directory = index.getShard(0).store().directory();
    while (directory instanceof ByteSizeDirectory layer) {
      directory = layer.getDelegate();
    }
    return directory;
  }

  /**
   * The files of Seismic's own format that the search reads, found by their names: the per-field
   * format's files ({@code _0_Seismic10_0.ext}) with an extension Elasticsearch does not know,
   * except the meta file, which is read once when the segment opens.
   */
  private static List<String> seismicDataFiles(IndexService index) throws IOException {
    List<String> files = new ArrayList<>();
    for (String file : factoryDirectory(index).listAll()) {
      String extension = file.substring(file.lastIndexOf('.') + 1);
      if (file.contains("_" + SeismicPostingsFormat.NAME + "_")
          && LuceneFilesExtensions.fromExtension(extension) == null
          && extension.equals(SeismicPostingsFormat.META_EXTENSION) == false) {
        files.add(file);
      }
    }
    return files;
  }

  private static String fileWithExtension(IndexService index, String extension) throws IOException {
    for (String file : factoryDirectory(index).listAll()) {
      if (file.endsWith("." + extension)) {
        return file;
      }
    }
    throw new AssertionError("no ." + extension + " file in " + factoryDirectory(index));
  }

  /** Opens the file as the shard's readers do and returns the input (closed before returning). */
  private static IndexInput openedBy(IndexService index, String file) throws IOException {
    Store store = index.getShard(0).store();
    store.incRef();
    try (IndexInput input = factoryDirectory(index).openInput(file, IOContext.DEFAULT)) {
      return input;
    } finally {
      store.decRef();
    }
  }

  private void assertTopHit(String index, String id) {
    var query =
        QueryBuilders.wrapperQuery(
            """
            {"seismic": {"field": "vec", "query_vector": {"ocean": 1.0}, "k": 10}}
            """);
    assertHitCount(client().prepareSearch(index).setQuery(query), 2);
    assertResponse(
        client().prepareSearch(index).setQuery(query),
        response -> assertThat(response.getHits().getAt(0).getId(), equalTo(id)));
  }
}
