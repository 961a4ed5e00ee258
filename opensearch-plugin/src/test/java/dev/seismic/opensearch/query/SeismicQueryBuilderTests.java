package dev.seismic.opensearch.query;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import dev.seismic.opensearch.SeismicPlugin;
import java.util.List;
import java.util.Map;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.TermQueryBuilder;
import org.opensearch.search.SearchModule;
import org.opensearch.test.OpenSearchTestCase;

/**
 * The query builder outside a node: what goes over the wire between nodes and what {@code
 * toXContent} prints (used by profile, validate and stored queries) both come back equal.
 */
public class SeismicQueryBuilderTests extends OpenSearchTestCase {

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
      weights[i] = 0.01f + randomFloat() * 10f;
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
                    randomBoolean() ? null : 0.05f + randomFloat() * 0.95f,
                    randomBoolean() ? null : randomIntBetween(0, BuildParams.MAX_NKNN))),
            filter);
    if (randomBoolean()) {
      builder.boost(0.5f + randomFloat() * 2.5f);
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
      String json = toJson(original);
      try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
        QueryBuilder parsed =
            org.opensearch.index.query.AbstractQueryBuilder.parseInnerQueryBuilder(parser);
        assertEquals(json, original, parsed);
      }
    }
  }

  private static String toJson(QueryBuilder query) throws Exception {
    XContentBuilder json = XContentFactory.jsonBuilder();
    query.toXContent(json, ToXContent.EMPTY_PARAMS);
    return BytesReference.bytes(json).utf8ToString();
  }

  public void testDefaults() throws Exception {
    try (XContentParser parser =
        createParser(
            JsonXContent.jsonXContent,
            "{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1}}}")) {
      SeismicQueryBuilder q =
          (SeismicQueryBuilder)
              org.opensearch.index.query.AbstractQueryBuilder.parseInnerQueryBuilder(parser);
      assertNull(q.params().k()); // the request's from + size decides
      assertEquals(SeismicQueryParams.DEFAULT_K, q.params().resolveK());
      // Left out: the shard takes the field's search defaults, else the core's defaults.
      assertEquals(Tuning.NONE, q.params().tuning());
      assertThat(toJson(q), not(containsString("query_cut")));
      assertThat(toJson(q), not(containsString("heap_factor")));
      assertThat(toJson(q), not(containsString("knn")));
      assertNull(q.filter());
      assertEquals(Map.of("a", 1f).size(), q.params().queryVector().size());
    }
  }

  private SeismicQueryBuilder parse(String body) throws Exception {
    try (XContentParser parser = createParser(JsonXContent.jsonXContent, body)) {
      return (SeismicQueryBuilder)
          org.opensearch.index.query.AbstractQueryBuilder.parseInnerQueryBuilder(parser);
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
    assertThat(toJson(q), containsString("\"knn\":10"));
    assertEquals(q, parse(toJson(q)));
    assertNotEquals(q, parse("{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1}}}"));
  }
}
