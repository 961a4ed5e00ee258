package dev.seismic.opensearch.query;

import static org.hamcrest.Matchers.containsString;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import dev.seismic.opensearch.SeismicPlugin;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.index.IndexService;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.test.OpenSearchSingleNodeTestCase;

/**
 * A field's {@code search_defaults} on a real node: the Lucene query a shard builds takes each of
 * {@code query_cut} and {@code heap_factor} from the query, else from the mapping of the field in
 * that index, else the core's defaults; a mapping update changes them for the next search, and a
 * search that depends on them stays out of the shard request cache. The REST behaviour (results,
 * errors, {@code GET _mapping}) is in the shared conformance case {@code 19-search-defaults}.
 */
public class SearchDefaultsTests extends OpenSearchSingleNodeTestCase {

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

  private static QueryShardContext context(IndexService index) {
    return index.newQueryShardContext(0, null, () -> 0L, null);
  }

  private static SeismicQuery luceneQuery(QueryShardContext context, Tuning queryOwn)
      throws IOException {
    SeismicQueryBuilder builder =
        new SeismicQueryBuilder(
            new SeismicQueryParams("vec", SparseVector.of("vec", Map.of("a", 1f)), 10, queryOwn),
            null);
    Query query = builder.toQuery(context);
    assertTrue(query.toString(), query instanceof QueryPhaseSeismicQuery);
    return ((QueryPhaseSeismicQuery) query).seismicQuery();
  }

  private static SeismicQuery luceneQuery(IndexService index, Tuning queryOwn) throws IOException {
    return luceneQuery(context(index), queryOwn);
  }

  private static void assertSettings(SeismicQuery query, int queryCut, float heapFactor) {
    assertEquals(query.toString(), queryCut, query.getQueryCut());
    assertEquals(query.toString(), heapFactor, query.getHeapFactor(), 0f);
  }

  public void testQueryThenMappingThenCoreDefaults() throws IOException {
    IndexService tuned =
        index(
            "tuned",
            "{\"type\": \"seismic_vector\","
                + " \"search_defaults\": {\"query_cut\": 2, \"heap_factor\": 0.9}}");
    assertSettings(luceneQuery(tuned, Tuning.NONE), 2, 0.9f);
    assertSettings(luceneQuery(tuned, new Tuning(7, null)), 7, 0.9f);
    assertSettings(luceneQuery(tuned, new Tuning(null, 0.3f)), 2, 0.3f);
    assertSettings(luceneQuery(tuned, new Tuning(7, 0.3f)), 7, 0.3f);

    // Each index's own mapping of the field: one default only, and none at all.
    IndexService half =
        index(
            "half", "{\"type\": \"seismic_vector\", \"search_defaults\": {\"heap_factor\": 0.4}}");
    assertSettings(luceneQuery(half, Tuning.NONE), SeismicQueryParams.DEFAULT_QUERY_CUT, 0.4f);
    IndexService plain = index("plain", "{\"type\": \"seismic_vector\"}");
    assertSettings(
        luceneQuery(plain, Tuning.NONE),
        SeismicQueryParams.DEFAULT_QUERY_CUT,
        SeismicQueryParams.DEFAULT_HEAP_FACTOR);
  }

  /** Search defaults change no segment: a mapping update may change them, for the next search. */
  public void testMappingUpdateChangesTheDefaults() throws IOException {
    IndexService docs =
        index("docs", "{\"type\": \"seismic_vector\", \"search_defaults\": {\"query_cut\": 2}}");
    assertSettings(luceneQuery(docs, Tuning.NONE), 2, SeismicQueryParams.DEFAULT_HEAP_FACTOR);
    putMapping(
        "docs",
        "{\"type\": \"seismic_vector\","
            + " \"search_defaults\": {\"query_cut\": 9, \"heap_factor\": 0.8}}");
    assertSettings(luceneQuery(docs, Tuning.NONE), 9, 0.8f);
    // A mapping update gives the field's whole definition: search_defaults left out are none.
    putMapping("docs", "{\"type\": \"seismic_vector\"}");
    assertSettings(
        luceneQuery(docs, Tuning.NONE),
        SeismicQueryParams.DEFAULT_QUERY_CUT,
        SeismicQueryParams.DEFAULT_HEAP_FACTOR);
  }

  /**
   * OpenSearch's shard request cache keys on the request and the reader, not the mapping: a result
   * that a mapping update could change must not be cached.
   */
  public void testSearchThatDependsOnTheMappingIsNotCached() throws IOException {
    IndexService docs = index("docs", "{\"type\": \"seismic_vector\"}");
    for (Tuning dependent :
        List.of(
            Tuning.NONE,
            new Tuning(3, null),
            new Tuning(null, 0.5f),
            new Tuning(3, 0.5f), // knn left out: the mapping's search_defaults may set it
            new Tuning(null, null, 0))) {
      QueryShardContext context = context(docs);
      luceneQuery(context, dependent);
      assertFalse(dependent.toString(), context.isCacheable());
    }
    QueryShardContext context = context(docs);
    luceneQuery(context, new Tuning(3, 0.5f, 0));
    assertTrue(context.isCacheable());
  }

  /**
   * Through the request cache: the same cached search ({@code size: 0}, {@code request_cache}) over
   * an unchanged index sees a mapping update. The index holds a document found through the query's
   * heaviest token only and a better one through its second token, so {@code query_cut} 1 and 2
   * find different top hits.
   */
  public void testCachedSearchSeesAMappingUpdate() {
    index(
        "docs",
        "{\"type\": \"seismic_vector\", \"search_defaults\": {\"query_cut\": 1}},"
            + " \"name\": {\"type\": \"keyword\"}");
    client()
        .prepareIndex("docs")
        .setId("1")
        .setSource(Map.of("vec", Map.of("a", 1.0), "name", "one"))
        .get();
    client()
        .prepareIndex("docs")
        .setId("2")
        .setSource(Map.of("vec", Map.of("b", 3.0), "name", "two"))
        .get();
    client().admin().indices().prepareRefresh("docs").get();
    assertEquals("one", topName());
    assertEquals("one", topName()); // now from the cache, if the search is cached
    putMapping("docs", "{\"type\": \"seismic_vector\", \"search_defaults\": {\"query_cut\": 2}}");
    assertEquals("two", topName());
  }

  /** The name of the one hit of a cached search for the top 1 of {a: 2, b: 1.5}. */
  private String topName() {
    SearchResponse response =
        client()
            .prepareSearch("docs")
            .setRequestCache(true)
            .setSize(0)
            .setQuery(
                new SeismicQueryBuilder(
                    new SeismicQueryParams(
                        "vec", SparseVector.of("vec", Map.of("a", 2f, "b", 1.5f)), 1, Tuning.NONE),
                    null))
            .addAggregation(AggregationBuilders.terms("names").field("name"))
            .get();
    List<? extends Terms.Bucket> buckets =
        response.getAggregations().<Terms>get("names").getBuckets();
    assertEquals(buckets.toString(), 1, buckets.size());
    return buckets.get(0).getKeyAsString();
  }

  public void testBadDefaultNamesFieldAndParameter() {
    index("docs", "{\"type\": \"seismic_vector\"}");
    Exception e =
        expectThrows(
            Exception.class,
            () ->
                putMapping(
                    "docs",
                    "{\"type\": \"seismic_vector\", \"search_defaults\": {\"query_cut\": 0}}"));
    assertThat(e.getMessage(), containsString("field [vec]"));
    assertThat(e.getMessage(), containsString("[query_cut] must be at least 1, got [0]"));
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
