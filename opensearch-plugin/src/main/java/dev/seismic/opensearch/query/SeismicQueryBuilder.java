package dev.seismic.opensearch.query;

import static org.opensearch.core.xcontent.XContentParser.Token.START_ARRAY;
import static org.opensearch.core.xcontent.XContentParser.Token.START_OBJECT;

import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.opensearch.mapper.SeismicVectorFieldType;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.MatchNoneQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryCoordinatorContext;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.builder.SearchSourceBuilder;

/**
 * The {@code seismic} query: approximate top-k by inner product over a {@code seismic_vector}
 * field.
 *
 * <pre>
 * {"seismic": {"field": "vec", "query_vector": {"token": 0.8, ...}, "k": 10,
 *              "query_cut": 5, "heap_factor": 0.6, "knn": 10, "filter": {...}}}
 * </pre>
 *
 * <p>{@code knn} scores up to that many κ-NN graph neighbours of each best hit (segments built with
 * the field's {@code nknn}; 0, the default, uses no graph). {@code query_cut}, {@code heap_factor}
 * and {@code knn} left out stay unset in the builder, its wire format and its JSON; each shard
 * takes them from its index's mapping of the field ({@code search_defaults}), else the core's
 * defaults, when it builds the Lucene query ({@link SeismicQueryParams#toQuery}).
 *
 * <p>Names, defaults and validation of the parameters are the core's ({@link SeismicQueryParams});
 * this class reads them with OpenSearch's {@link ObjectParser} and adds the engine's parts: the
 * {@code filter} query, {@code boost}, {@code _name}, and where {@code k} comes from when the query
 * does not give it. Each shard returns its top {@code k}; the request's {@code size} cuts the
 * merged list. A bad query fails with a 400 naming the parameter before reaching any shard.
 *
 * <p>{@code k} left out is the request's {@code from + size}: OpenSearch rewrites a search's query
 * on the coordinating node with a {@link QueryCoordinatorContext} whose {@link
 * QueryCoordinatorContext#getSearchRequest()} is the {@link SearchRequest} ({@code
 * SearchService.getRewriteContext(nowInMillis, request)}, called by {@code TransportSearchAction});
 * the rewrite fixes {@code k} from it before the query is sent to the shards. A query that reaches
 * a shard without it (a request that is not a search, such as validate) takes {@link
 * SeismicQueryParams#DEFAULT_K}: {@link QueryShardContext} does not know the request's size. A
 * {@code k} above the index's {@code index.max_result_window} is refused.
 */
public final class SeismicQueryBuilder extends AbstractQueryBuilder<SeismicQueryBuilder> {

  public static final String NAME = SeismicQueryParams.NAME;

  private final SeismicQueryParams params;
  private final QueryBuilder filter;

  /**
   * @param filter null for none
   */
  public SeismicQueryBuilder(SeismicQueryParams params, QueryBuilder filter) {
    this.params = Objects.requireNonNull(params, "params");
    this.filter = filter;
  }

  public SeismicQueryBuilder(StreamInput in) throws IOException {
    super(in);
    this.params = SeismicQueryParams.fromMap(in.readMap());
    this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
  }

  @Override
  protected void doWriteTo(StreamOutput out) throws IOException {
    out.writeMap(params.toMap());
    out.writeOptionalNamedWriteable(filter);
  }

  public SeismicQueryParams params() {
    return params;
  }

  /** The filter, or null. */
  public QueryBuilder filter() {
    return filter;
  }

  @Override
  protected void doXContent(XContentBuilder builder, Params xParams) throws IOException {
    builder.startObject(NAME);
    for (Map.Entry<String, Object> e : params.toMap().entrySet()) {
      builder.field(e.getKey(), e.getValue());
    }
    if (filter != null) {
      builder.field(SeismicQueryParams.FILTER, filter);
    }
    printBoostAndQueryName(builder);
    builder.endObject();
  }

  /** Parses the body of a {@code seismic} query. */
  public static SeismicQueryBuilder fromXContent(XContentParser parser) throws IOException {
    Parsed parsed = PARSER.parse(parser, null);
    return new SeismicQueryBuilder(SeismicQueryParams.fromMap(parsed.values), parsed.filter)
        .boost(parsed.boost)
        .queryName(parsed.queryName);
  }

  @Override
  protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
    SeismicQueryParams resolved = params;
    QueryCoordinatorContext coordinator = context.convertToCoordinatorContext();
    if (params.k() == null
        && coordinator != null
        && coordinator.getSearchRequest() instanceof SearchRequest search) {
      SearchSourceBuilder source = search.source();
      resolved =
          source == null
              ? params.withK(params.resolveK(-1, -1))
              : params.withK(params.resolveK(source.from(), source.size()));
    }
    QueryBuilder rewrittenFilter = filter == null ? null : filter.rewrite(context);
    if (rewrittenFilter instanceof MatchNoneQueryBuilder) {
      return rewrittenFilter; // nothing passes the filter
    }
    if (resolved == params && rewrittenFilter == filter) {
      return this;
    }
    return new SeismicQueryBuilder(resolved, rewrittenFilter).boost(boost).queryName(queryName);
  }

  @Override
  protected Query doToQuery(QueryShardContext context) throws IOException {
    MappedFieldType fieldType = context.fieldMapper(params.field());
    if (fieldType == null) {
      // Unmapped in this index: like term queries, match nothing (other indices may have it).
      return new MatchNoDocsQuery("field [" + params.field() + "] is not mapped");
    }
    if (!(fieldType instanceof SeismicVectorFieldType seismicField)) {
      throw params.wrongFieldType(fieldType.typeName());
    }
    int k = params.resolveK();
    SeismicQueryParams.checkK(
        k,
        context.getIndexSettings().getMaxResultWindow(),
        IndexSettings.MAX_RESULT_WINDOW_SETTING.getKey());
    if (!params.tuning().isComplete()) {
      // What the query leaves out comes from the field's mapping, which OpenSearch's shard request
      // cache does not key on: a result cached before a mapping update would outlive it.
      context.setIsCacheable(false);
    }
    Query luceneFilter = filter == null ? null : filter.toQuery(context);
    // Searched in the query phase, where OpenSearch's timeout is registered (see there).
    return new QueryPhaseSeismicQuery(
        params.toQuery(fieldType.name(), k, seismicField.searchDefaults(), luceneFilter));
  }

  @Override
  protected boolean doEquals(SeismicQueryBuilder other) {
    return params.equals(other.params) && Objects.equals(filter, other.filter);
  }

  @Override
  protected int doHashCode() {
    return Objects.hash(params, filter);
  }

  @Override
  public String getWriteableName() {
    return NAME;
  }

  // ---- parsing: OpenSearch's ObjectParser collects the values, the core reads them ----

  /** What the request said, before the core validates it. */
  private static final class Parsed {
    final Map<String, Object> values = new HashMap<>();
    QueryBuilder filter;
    float boost = DEFAULT_BOOST;
    String queryName;
  }

  private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

  static {
    for (String name : SeismicQueryParams.NAMES) {
      // Any JSON value: the core says which ones are right, in the same words in both engines.
      PARSER.declareField(
          (p, v) -> p.values.put(name, v),
          SeismicQueryBuilder::jsonValue,
          new ParseField(name),
          ObjectParser.ValueType.VALUE_OBJECT_ARRAY);
    }
    PARSER.declareObject(
        (p, v) -> p.filter = v,
        (x, c) -> parseInnerQueryBuilder(x),
        new ParseField(SeismicQueryParams.FILTER));
    PARSER.declareFloat((p, v) -> p.boost = v, BOOST_FIELD);
    PARSER.declareString((p, v) -> p.queryName = v, NAME_FIELD);
  }

  /**
   * The JSON value at the parser as the core's readers take values (numbers, strings, booleans,
   * maps, lists, null); the field mapper reads weights with it too.
   */
  public static Object jsonValue(XContentParser x) throws IOException {
    XContentParser.Token t = x.currentToken();
    return t == START_OBJECT ? x.mapOrdered() : t == START_ARRAY ? x.list() : x.objectText();
  }
}
