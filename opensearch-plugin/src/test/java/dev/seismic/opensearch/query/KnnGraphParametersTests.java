package dev.seismic.opensearch.query;

import static org.hamcrest.Matchers.containsString;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import dev.seismic.opensearch.SeismicPlugin;
import dev.seismic.opensearch.mapper.SeismicVectorFieldType;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Query;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchSingleNodeTestCase;

/**
 * The κ-NN graph's two parameters on a real node: the mapping's {@code nknn} (a build parameter:
 * checked by the core, fixed once mapped, always in the mapping, carried to the segments' field
 * attributes) and the query's {@code knn} (from the query, else the field's {@code
 * search_defaults}, else 0, into the Lucene query). The REST behaviour is in the shared conformance
 * case {@code 20-knn-graph}.
 */
public class KnnGraphParametersTests extends OpenSearchSingleNodeTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class);
  }

  private IndexService index(String name, String vecMapping) {
    return createIndex(
        name,
        client()
            .admin()
            .indices()
            .prepareCreate(name)
            .setSettings(Settings.builder().put("index.codec", "seismic"))
            .setMapping("{\"properties\": {\"vec\": " + vecMapping + "}}"));
  }

  private static BuildParams mapped(IndexService index) {
    return ((SeismicVectorFieldType) index.mapperService().fieldType("vec")).params();
  }

  private static String mappingSource(IndexService index) {
    return index.mapperService().documentMapper().mappingSource().string();
  }

  public void testNknnIsABuildParameterThatReachesTheSegments() throws IOException {
    IndexService docs = index("docs", "{\"type\": \"seismic_vector\", \"nknn\": \"16\"}");
    assertEquals(16, mapped(docs).nknn());
    assertThat(mappingSource(docs), containsString("\"nknn\":16"));
    for (int i = 0; i < 5; i++) {
      client()
          .prepareIndex("docs")
          .setId(Integer.toString(i))
          .setSource(Map.of("vec", Map.of("a", 1.0 + i, "b", 0.5)))
          .get();
    }
    client().admin().indices().prepareFlush("docs").get();
    client().admin().indices().prepareRefresh("docs").get();
    int leaves = 0;
    try (Engine.Searcher searcher = docs.getShard(0).acquireSearcher("test")) {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        assertEquals(
            16, BuildParams.fromFieldInfo(leaf.reader().getFieldInfos().fieldInfo("vec")).nknn());
        leaves++;
      }
    }
    assertTrue(leaves > 0);
  }

  /** Left out, nknn is 0 and still written: the segments were built without a graph. */
  public void testNknnDefaultIsZeroAndAlwaysInTheMapping() {
    IndexService plain = index("plain", "{\"type\": \"seismic_vector\"}");
    assertEquals(BuildParams.DEFAULT_NKNN, mapped(plain).nknn());
    assertThat(mappingSource(plain), containsString("\"nknn\":0"));
  }

  public void testBadNknnNamesFieldAndParameter() {
    for (String bad : List.of("-1", "300", "2.5", "\"many\"")) {
      Exception e =
          expectThrows(
              Exception.class,
              () -> index("bad", "{\"type\": \"seismic_vector\", \"nknn\": " + bad + "}"));
      assertThat(bad, e.getMessage(), containsString("field [vec]"));
      assertThat(bad, e.getMessage(), containsString("[nknn]"));
    }
    Exception e =
        expectThrows(
            Exception.class, () -> index("bad", "{\"type\": \"seismic_vector\", \"nknn\": 300}"));
    assertThat(e.getMessage(), containsString("[nknn] must be an integer in [0, 256], got [300]"));
  }

  /**
   * Segments already written were built with the field's nknn: a mapping update cannot change it.
   */
  public void testNknnIsFixedOnceMapped() {
    IndexService docs = index("docs", "{\"type\": \"seismic_vector\", \"nknn\": 8}");
    Exception e =
        expectThrows(
            Exception.class,
            () -> putMapping("docs", "{\"type\": \"seismic_vector\", \"nknn\": 4}"));
    assertThat(e.getMessage(), containsString("nknn"));
    assertEquals(8, mapped(docs).nknn());
  }

  private static SeismicQuery luceneQuery(IndexService index, Tuning queryOwn) throws IOException {
    QueryShardContext context = index.newQueryShardContext(0, null, () -> 0L, null);
    Query query =
        new SeismicQueryBuilder(
                new SeismicQueryParams(
                    "vec", SparseVector.of("vec", Map.of("a", 1f)), 10, queryOwn),
                null)
            .toQuery(context);
    assertTrue(query.toString(), query instanceof QueryPhaseSeismicQuery);
    return ((QueryPhaseSeismicQuery) query).seismicQuery();
  }

  public void testKnnFromQueryThenSearchDefaultsThenZero() throws IOException {
    IndexService tuned =
        index(
            "tuned",
            "{\"type\": \"seismic_vector\", \"nknn\": 16, \"search_defaults\": {\"knn\": 8}}");
    assertEquals(new Tuning(null, null, 8), searchDefaults(tuned));
    assertEquals(8, luceneQuery(tuned, Tuning.NONE).getKnn());
    assertEquals(3, luceneQuery(tuned, new Tuning(null, null, 3)).getKnn());
    // The query's own 0 switches the field's refinement off.
    assertEquals(0, luceneQuery(tuned, new Tuning(null, null, 0)).getKnn());
    IndexService plain = index("plain", "{\"type\": \"seismic_vector\"}");
    assertEquals(SeismicQueryParams.DEFAULT_KNN, luceneQuery(plain, Tuning.NONE).getKnn());
    assertEquals(5, luceneQuery(plain, new Tuning(null, null, 5)).getKnn());
    // Search defaults change no segment: a mapping update changes knn for the next search.
    putMapping(
        "tuned",
        "{\"type\": \"seismic_vector\", \"nknn\": 16, \"search_defaults\": {\"knn\": \"12\"}}");
    assertEquals(12, luceneQuery(tuned, Tuning.NONE).getKnn());
  }

  public void testBadKnnDefaultNamesFieldAndParameter() {
    Exception e =
        expectThrows(
            Exception.class,
            () ->
                index(
                    "bad", "{\"type\": \"seismic_vector\", \"search_defaults\": {\"knn\": 300}}"));
    assertThat(e.getMessage(), containsString("field [vec]"));
    assertThat(e.getMessage(), containsString("search_defaults"));
    assertThat(e.getMessage(), containsString("[knn] must be an integer in [0, 256], got [300]"));
  }

  private static Tuning searchDefaults(IndexService index) {
    return ((SeismicVectorFieldType) index.mapperService().fieldType("vec")).searchDefaults();
  }

  private void putMapping(String index, String vecMapping) {
    assertTrue(
        client()
            .admin()
            .indices()
            .preparePutMapping(index)
            .setSource("{\"properties\": {\"vec\": " + vecMapping + "}}", XContentType.JSON)
            .get()
            .isAcknowledged());
  }
}
