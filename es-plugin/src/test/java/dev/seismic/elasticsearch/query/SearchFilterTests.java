package dev.seismic.elasticsearch.query;

import static org.hamcrest.Matchers.instanceOf;

import dev.seismic.elasticsearch.SeismicPlugin;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import dev.seismic.lucene.search.SeismicQueryParams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.join.ScoreMode;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.NestedQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.index.query.TermQueryBuilder;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.search.internal.MaxClauseCountQueryVisitor;
import org.elasticsearch.test.ESSingleNodeTestCase;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * Which clauses of the bools around a {@code seismic} query become its search's filter, read from
 * the Lucene query a shard builds (the REST behaviour is in {@code rest.BoolFilterTests}).
 */
public class SearchFilterTests extends ESSingleNodeTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class);
  }

  private SearchExecutionContext context() {
    IndexService index =
        createIndex(
            "docs",
            client()
                .admin()
                .indices()
                .prepareCreate("docs")
                .setSettings(Settings.builder().put("index.seismic.enabled", true))
                .setMapping(
                    """
                    {"properties": {"vec": {"type": "seismic_vector"},
                                    "other": {"type": "seismic_vector"},
                                    "color": {"type": "keyword"},
                                    "passages": {"type": "nested", "properties": {
                                        "vec": {"type": "seismic_vector"},
                                        "lang": {"type": "keyword"}}}}}
                    """));
    return index.newSearchExecutionContext(0, 0, null, () -> 0L, null, Map.of(), null, null);
  }

  private static SeismicQueryBuilder seismic(String field) {
    return new SeismicQueryBuilder(
        SeismicQueryParams.of(field, SparseVector.of(field, Map.of("a", 1f))), null);
  }

  private static TermQueryBuilder color(String value) {
    return new TermQueryBuilder("color", value);
  }

  /** Every SeismicQuery in the query, outermost first. */
  private static List<SeismicQuery> seismicQueries(Query query) {
    List<SeismicQuery> found = new ArrayList<>();
    query.visit(
        new QueryVisitor() {
          @Override
          public void visitLeaf(Query leaf) {
            if (leaf instanceof SeismicQuery s) {
              found.add(s);
            }
          }

          @Override
          public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            return this;
          }
        });
    return found;
  }

  private static SeismicQuery onlySeismicQuery(Query query) {
    List<SeismicQuery> found = seismicQueries(query);
    assertEquals(query.toString(), 1, found.size());
    return found.get(0);
  }

  /** The filter's clauses as a list (a single filter is its own list). */
  private static List<Query> clauses(Query filter) {
    if (filter instanceof BooleanQuery bool) {
      return bool.clauses().stream().map(BooleanClause::query).toList();
    }
    return filter == null ? List.of() : List.of(filter);
  }

  public void testMustFilterAndMustNotClausesBecomeTheFilterShouldDoesNot() throws IOException {
    SearchExecutionContext context = context();
    QueryBuilder bool =
        new BoolQueryBuilder()
            .must(seismic("vec"))
            .must(color("must"))
            .filter(color("filter"))
            .mustNot(color("must_not"))
            .should(color("should"));
    List<Query> filter = clauses(onlySeismicQuery(bool.toQuery(context)).getFilter());
    String text = filter.toString();
    assertEquals(text, 3, filter.size());
    assertTrue(text, filter.contains(new TermQuery(new Term("color", "must"))));
    assertTrue(text, text.contains("color:filter"));
    assertTrue(text, text.contains("-color:must_not"));
    assertFalse(text, text.contains("color:should"));
  }

  public void testOwnFilterAndEnclosingBoolsCombine() throws IOException {
    SearchExecutionContext context = context();
    SeismicQueryBuilder inner = new SeismicQueryBuilder(seismic("vec").params(), color("own"));
    QueryBuilder bool =
        new BoolQueryBuilder()
            .filter(color("outer"))
            .must(new BoolQueryBuilder().filter(color("inner")).should(inner));
    String filter = onlySeismicQuery(bool.toQuery(context)).getFilter().toString();
    assertTrue(filter, filter.contains("color:own"));
    assertTrue(filter, filter.contains("color:inner"));
    assertTrue(filter, filter.contains("color:outer"));
  }

  /** Each Seismic clause takes its own top k: one is not the other's filter. */
  public void testOtherSeismicClausesAreNotFilters() throws IOException {
    SearchExecutionContext context = context();
    QueryBuilder bool =
        new BoolQueryBuilder().must(seismic("vec")).must(seismic("other")).filter(color("red"));
    for (SeismicQuery query : seismicQueries(bool.toQuery(context))) {
      assertEquals(List.of(new TermQuery(new Term("color", "red"))), clauses(query.getFilter()));
    }
  }

  /**
   * A clause may hold, inside a query that pruning does not look into, a bool with another Seismic
   * query; building that one must not build the same clause again (without the guard this recurses
   * until the stack overflows).
   */
  public void testClauseHoldingItsOwnBoolIsBuiltOnce() throws IOException {
    SearchExecutionContext context = context();
    QueryBuilder opaque =
        new Opaque(new BoolQueryBuilder().must(seismic("other")).filter(color("inner")));
    QueryBuilder bool = new BoolQueryBuilder().must(seismic("vec")).must(opaque);
    List<SeismicQuery> queries = seismicQueries(bool.toQuery(context));
    assertEquals(2, queries.size());
  }

  /** A clause on the parent documents selects the nested documents of the parents it matches. */
  public void testClauseOnParentsOfNestedField() throws IOException {
    SearchExecutionContext context = context();
    QueryBuilder bool =
        new BoolQueryBuilder()
            .filter(color("red"))
            .must(
                new NestedQueryBuilder(
                    "passages",
                    new BoolQueryBuilder()
                        .filter(new TermQueryBuilder("passages.lang", "en"))
                        .must(seismic("passages.vec")),
                    ScoreMode.Max));
    List<Query> filter = clauses(onlySeismicQuery(bool.toQuery(context)).getFilter());
    String text = filter.toString();
    assertEquals(text, 2, filter.size());
    assertTrue(text, text.contains("passages.lang:en"));
    assertThat(
        filter.stream().filter(f -> f.toString().contains("color:red")).findFirst().orElseThrow(),
        instanceOf(ToChildBlockJoinQuery.class));
  }

  /** A query the pruning of Elasticsearch's pre-filters does not look into. */
  private static final class Opaque extends AbstractQueryBuilder<Opaque> {
    private final QueryBuilder inner;

    Opaque(QueryBuilder inner) {
      this.inner = inner;
    }

    @Override
    protected Query doToQuery(SearchExecutionContext context, MaxClauseCountQueryVisitor visitor)
        throws IOException {
      return inner.toQuery(context, visitor);
    }

    @Override
    protected void doWriteTo(StreamOutput out) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
      builder.startObject("opaque").field("query", inner).endObject();
    }

    @Override
    protected boolean doEquals(Opaque other) {
      return inner.equals(other.inner);
    }

    @Override
    protected int doHashCode() {
      return Objects.hash(inner);
    }

    @Override
    public String getWriteableName() {
      return "opaque";
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
      return TransportVersion.zero();
    }
  }
}
