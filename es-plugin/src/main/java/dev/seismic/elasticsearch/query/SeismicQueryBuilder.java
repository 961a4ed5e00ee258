package dev.seismic.elasticsearch.query;

import static org.elasticsearch.xcontent.XContentParser.Token.START_ARRAY;
import static org.elasticsearch.xcontent.XContentParser.Token.START_OBJECT;

import dev.seismic.elasticsearch.mapper.SeismicVectorFieldType;
import dev.seismic.lucene.search.SeismicQueryParams;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.MatchNoneQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.search.internal.MaxClauseCountQueryVisitor;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

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
 * this class reads them with Elasticsearch's {@link ObjectParser} and adds the engine's parts: the
 * {@code filter} query, {@code boost}, {@code _name}, and where {@code k} comes from when the query
 * does not give it. Each shard returns its top {@code k}; the request's {@code size} cuts the
 * merged list. A bad query fails with a 400 naming the parameter before reaching any shard.
 *
 * <p>{@code k} left out is the request's {@code from + size}: the coordinating node's search action
 * records them ({@link SearchWindow}) and the coordinating rewrite fixes {@code k} before the query
 * is sent to the shards. A query that reaches a shard without it (a request that is not a search)
 * takes the shard's request {@code size} ({@link SearchExecutionContext#requestSize()}, what
 * Elasticsearch's own {@code knn} query defaults its {@code k} to), else {@link
 * SeismicQueryParams#DEFAULT_K}. A {@code k} above the index's {@code index.max_result_window} is
 * refused.
 *
 * <p>The search runs within its {@code filter} and, as Elasticsearch's {@code knn} query does when
 * pre-filtering automatically, within the enclosing {@code bool} clauses every hit must match and
 * the alias filter ({@link SearchFilter}): {@code k} hits come back when {@code k} documents pass
 * them. Those are read from the shard's {@link SearchExecutionContext} when the Lucene query is
 * built, so they add nothing to the builder, its wire format or its JSON.
 */
public final class SeismicQueryBuilder extends AbstractQueryBuilder<SeismicQueryBuilder> {

  public static final String NAME = SeismicQueryParams.NAME;

  private final SeismicQueryParams params;
  private final QueryBuilder filter;
  // Where the coordinating node's search action left the request's from and size; null when the
  // query was not parsed from a request (read from the wire, or built by code).
  private SearchWindow window;

  /**
   * @param filter null for none
   */
  public SeismicQueryBuilder(SeismicQueryParams params, QueryBuilder filter) {
    this.params = Objects.requireNonNull(params, "params");
    this.filter = filter;
  }

  public SeismicQueryBuilder(StreamInput in) throws IOException {
    super(in);
    this.params = SeismicQueryParams.fromMap(in.readGenericMap());
    this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
  }

  @Override
  protected void doWriteTo(StreamOutput out) throws IOException {
    out.writeGenericMap(params.toMap());
    out.writeOptionalNamedWriteable(filter);
  }

  public SeismicQueryParams params() {
    return params;
  }

  /** The filter, or null. */
  public QueryBuilder filter() {
    return filter;
  }

  private SeismicQueryBuilder window(SearchWindow window) {
    this.window = window;
    return this;
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
    boostAndQueryNameToXContent(builder);
    builder.endObject();
  }

  /** Parses the body of a {@code seismic} query. */
  public static SeismicQueryBuilder fromXContent(XContentParser parser) throws IOException {
    return fromXContent(parser, null);
  }

  /**
   * Parses the body of a {@code seismic} query of a request whose {@code from} and {@code size} the
   * window will tell (null: none).
   */
  public static SeismicQueryBuilder fromXContent(XContentParser parser, SearchWindow window)
      throws IOException {
    Parsed parsed = PARSER.parse(parser, null);
    return new SeismicQueryBuilder(SeismicQueryParams.fromMap(parsed.values), parsed.filter)
        .window(window)
        .boost(parsed.boost)
        .queryName(parsed.queryName);
  }

  @Override
  protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
    if (context.convertToInnerHitsRewriteContext() != null) {
      return InnerHitsForm.of(this);
    }
    SeismicQueryParams resolved = params;
    SearchWindow.Window request = window == null ? null : window.current();
    if (params.k() == null && request != null) {
      resolved = params.withK(params.resolveK(request.from(), request.size()));
    }
    QueryBuilder rewrittenFilter = filter == null ? null : filter.rewrite(context);
    if (rewrittenFilter instanceof MatchNoneQueryBuilder) {
      return rewrittenFilter; // nothing passes the filter
    }
    if (resolved == params && rewrittenFilter == filter) {
      return this;
    }
    return new SeismicQueryBuilder(resolved, rewrittenFilter)
        .window(window)
        .boost(boost)
        .queryName(queryName);
  }

  @Override
  protected Query doToQuery(SearchExecutionContext context, MaxClauseCountQueryVisitor visitor)
      throws IOException {
    Query query = buildQuery(context);
    // Elasticsearch checks (under assertions) that the clauses counted while building equal those
    // a visit of the final query finds, so every query returned here is visited exactly once.
    query.visit(visitor);
    return query;
  }

  private Query buildQuery(SearchExecutionContext context) throws IOException {
    MappedFieldType fieldType = context.getFieldType(params.field());
    if (fieldType == null) {
      // Unmapped in this index: like term queries, match nothing (other indices may have it).
      return new MatchNoDocsQuery("field [" + params.field() + "] is not mapped");
    }
    if (!(fieldType instanceof SeismicVectorFieldType seismicField)) {
      throw params.wrongFieldType(fieldType.typeName());
    }
    Integer requestSize = context.requestSize();
    int k = params.resolveK(-1, requestSize == null ? -1 : requestSize);
    SeismicQueryParams.checkK(
        k,
        context.getIndexSettings().getMaxResultWindow(),
        IndexSettings.MAX_RESULT_WINDOW_SETTING.getKey());
    // What the query leaves out comes from this index's mapping of the field, read here on the
    // shard. The shard request cache needs no care: its key holds the mapping's version.
    return params
        .toQuery(
            fieldType.name(),
            k,
            seismicField.searchDefaults(),
            SearchFilter.of(this, fieldType.name(), context))
        // Elasticsearch's timeout and task cancellation, looked at during the search (see there).
        .withCancellation(SearchCancellation::of);
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

  @Override
  public TransportVersion getMinimalSupportedVersion() {
    return TransportVersion.zero();
  }

  // ---- parsing: Elasticsearch's ObjectParser collects the values, the core reads them ----

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
