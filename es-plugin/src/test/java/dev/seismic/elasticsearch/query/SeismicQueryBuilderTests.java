package dev.seismic.elasticsearch.query;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.seismic.elasticsearch.SeismicPlugin;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import java.util.List;
import java.util.Map;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.InnerHitsRewriteContext;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.Rewriteable;
import org.elasticsearch.index.query.TermQueryBuilder;
import org.elasticsearch.search.SearchModule;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.NamedXContentRegistry;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;

/**
 * The query builder outside a node: what goes over the wire between nodes and what {@code
 * toXContent} prints (used by profile, validate and stored queries) both come back equal.
 */
public class SeismicQueryBuilderTests extends ESTestCase {

  private final SearchModule searchModule =
      new SearchModule(Settings.EMPTY, List.of(new SeismicPlugin()));

  @Override
  protected NamedXContentRegistry xContentRegistry() {
    return new NamedXContentRegistry(searchModule.getNamedXContents());
  }

  private SeismicQueryBuilder randomBuilder() {
    int n = randomIntBetween(1, 20);
    String[] tokens = new String[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = "t" + i + randomAlphaOfLength(3) + (randomBoolean() ? ".x" : "");
      weights[i] = randomFloatBetween(0.01f, 10f, true);
    }
    QueryBuilder filter =
        randomBoolean() ? null : new TermQueryBuilder("color", randomAlphaOfLength(4));
    SeismicQueryBuilder builder =
        new SeismicQueryBuilder(
            new SeismicQueryParams(
                "vec",
                SparseVector.of("vec", tokens, weights),
                randomBoolean() ? null : randomIntBetween(1, 100),
                new Tuning(
                    randomBoolean() ? null : randomIntBetween(1, 30),
                    randomBoolean() ? null : randomFloatBetween(0.05f, 1f, true),
                    randomBoolean() ? null : randomIntBetween(0, BuildParams.MAX_NKNN))),
            filter);
    if (randomBoolean()) {
      builder.boost(randomFloatBetween(0.5f, 3f, true));
    }
    if (randomBoolean()) {
      builder.queryName(randomAlphaOfLength(5));
    }
    return builder;
  }

  public void testWireRoundTrip() throws Exception {
    NamedWriteableRegistry registry = new NamedWriteableRegistry(searchModule.getNamedWriteables());
    for (int i = 0; i < 20; i++) {
      SeismicQueryBuilder original = randomBuilder();
      QueryBuilder copy = copyNamedWriteable(original, registry, QueryBuilder.class);
      assertEquals(original, copy);
      assertEquals(original.hashCode(), copy.hashCode());
    }
  }

  public void testXContentRoundTrip() throws Exception {
    for (int i = 0; i < 20; i++) {
      SeismicQueryBuilder original = randomBuilder();
      String json = Strings.toString(original);
      try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
        QueryBuilder parsed =
            org.elasticsearch.index.query.AbstractQueryBuilder.parseTopLevelQuery(parser);
        assertEquals(json, original, parsed);
      }
    }
  }

  public void testDefaults() throws Exception {
    try (XContentParser parser =
        createParser(
            JsonXContent.jsonXContent,
            "{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1}}}")) {
      SeismicQueryBuilder q =
          (SeismicQueryBuilder)
              org.elasticsearch.index.query.AbstractQueryBuilder.parseTopLevelQuery(parser);
      assertNull(q.params().k()); // the request's from + size decides
      assertEquals(SeismicQueryParams.DEFAULT_K, q.params().resolveK());
      // Left out: the shard takes the field's search defaults, else the core's defaults.
      assertEquals(Tuning.NONE, q.params().tuning());
      assertThat(Strings.toString(q), not(containsString("query_cut")));
      assertThat(Strings.toString(q), not(containsString("heap_factor")));
      assertThat(Strings.toString(q), not(containsString("knn")));
      assertNull(q.filter());
      assertEquals(Map.of("a", 1f).size(), q.params().queryVector().size());
    }
  }

  private SeismicQueryBuilder parse(String body) throws Exception {
    try (XContentParser parser = createParser(JsonXContent.jsonXContent, body)) {
      return (SeismicQueryBuilder)
          org.elasticsearch.index.query.AbstractQueryBuilder.parseTopLevelQuery(parser);
    }
  }

  public void testBadValuesNameTheParameter() {
    String q = "{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1}, ";
    for (String[] bad :
        new String[][] {
          {"\"k\": 0}}", "[k]"},
          {"\"k\": \"ten\"}}", "[k]"},
          {"\"k\": 2.5}}", "[k]"},
          {"\"k\": null}}", "[k]"},
          {"\"query_cut\": [3]}}", "[query_cut]"},
          {"\"heap_factor\": 1.5}}", "[heap_factor]"},
          {"\"heap_factor\": {\"x\": 1}}}", "[heap_factor]"},
          {"\"knn\": -1}}", "[knn] must be an integer in [0, 256], got [-1]"},
          {"\"knn\": 300}}", "[knn] must be an integer in [0, 256], got [300]"},
          {"\"knn\": 10.5}}", "[knn] must be an integer in [0, 256], got [10.5]"},
          {"\"knn\": \"many\"}}", "[knn]"},
          {"\"knn\": null}}", "[knn]"},
        }) {
      Exception e = expectThrows(Exception.class, () -> parse(q + bad[0]));
      assertThat(bad[0], e.getMessage(), containsString(bad[1]));
    }
    Exception e =
        expectThrows(
            Exception.class,
            () -> parse("{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": true}}}"));
    assertThat(e.getMessage(), containsString("token \"a\""));
  }

  /**
   * For inner hits the query becomes the exact search within its own filter: a bool of the tokens'
   * term queries boosted by their weights.
   */
  public void testInnerHitsRewriteIsTheExactSearch() throws Exception {
    SeismicQueryBuilder query =
        new SeismicQueryBuilder(
                SeismicQueryParams.of(
                    "vec",
                    SparseVector.of("vec", new String[] {"a", "b"}, new float[] {1.5f, 0.5f})),
                new TermQueryBuilder("color", "red"))
            .boost(2f)
            .queryName("q");
    QueryBuilder rewritten =
        Rewriteable.rewrite(
            query, new InnerHitsRewriteContext(XContentParserConfiguration.EMPTY, () -> 0L));
    QueryBuilder expected =
        new BoolQueryBuilder()
            .should(new TermQueryBuilder("vec", "a").boost(1.5f))
            .should(new TermQueryBuilder("vec", "b").boost(0.5f))
            .filter(new TermQueryBuilder("color", "red"))
            .minimumShouldMatch(1)
            .boost(2f)
            .queryName("q");
    assertEquals(expected, rewritten);
  }

  /** The core's rule: numbers given as strings are numbers. */
  public void testNumericStrings() throws Exception {
    SeismicQueryBuilder q =
        parse(
            "{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": \"1.5\"},"
                + " \"k\": \"7\", \"query_cut\": \"3\", \"heap_factor\": \"0.5\","
                + " \"knn\": \"10\"}}");
    assertEquals(1.5f, q.params().queryVector().weight(0), 0f);
    assertEquals(Integer.valueOf(7), q.params().k());
    assertEquals(new Tuning(3, 0.5f, 10), q.params().tuning());
  }

  /** knn given is kept, printed and read back; it alone is the query's own Tuning value. */
  public void testKnn() throws Exception {
    SeismicQueryBuilder q =
        parse("{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1}, \"knn\": 10}}");
    assertEquals(new Tuning(null, null, 10), q.params().tuning());
    assertThat(Strings.toString(q), containsString("\"knn\":10"));
    assertEquals(q, parse(Strings.toString(q)));
    assertNotEquals(q, parse("{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1}}}"));
  }
}
