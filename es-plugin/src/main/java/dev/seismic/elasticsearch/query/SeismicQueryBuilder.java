package dev.seismic.elasticsearch.query;

import dev.seismic.elasticsearch.mapper.SeismicVectorFieldMapper;
import dev.seismic.elasticsearch.mapper.SeismicVectorFieldType;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
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
 *              "query_cut": 5, "heap_factor": 0.6, "filter": {...}}}
 * </pre>
 *
 * Each shard returns its top {@code k}; the request's {@code size} cuts the merged list. Every
 * argument is validated when the request is parsed, so a bad query fails with a 400 naming the
 * parameter before reaching any shard.
 */
public final class SeismicQueryBuilder extends AbstractQueryBuilder<SeismicQueryBuilder> {

  public static final String NAME = "seismic";
  public static final int DEFAULT_K = 10;

  static final ParseField FIELD = new ParseField("field");
  static final ParseField QUERY_VECTOR = new ParseField("query_vector");
  static final ParseField K = new ParseField("k");
  static final ParseField QUERY_CUT = new ParseField("query_cut");
  static final ParseField HEAP_FACTOR = new ParseField("heap_factor");
  static final ParseField FILTER = new ParseField("filter");

  private final String field;
  private final SparseVector queryVector;
  private final int k;
  private final int queryCut;
  private final float heapFactor;
  private final QueryBuilder filter;

  /**
   * @param filter null for none
   * @throws IllegalArgumentException naming the parameter that is out of range
   */
  public SeismicQueryBuilder(
      String field,
      SparseVector queryVector,
      int k,
      int queryCut,
      float heapFactor,
      QueryBuilder filter) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException(
          "[" + NAME + "] query needs [" + FIELD.getPreferredName() + "]");
    }
    this.field = field;
    this.queryVector = Objects.requireNonNull(queryVector);
    this.k = k;
    this.queryCut = queryCut;
    this.heapFactor = heapFactor;
    this.filter = filter;
    // The core query holds the rules (and their messages); checking here makes a bad request
    // fail at parse time on the coordinating node rather than on every shard.
    SeismicQuery.checkParameters(field, queryVector, k, queryCut, heapFactor);
  }

  public SeismicQueryBuilder(StreamInput in) throws IOException {
    super(in);
    this.field = in.readString();
    int size = in.readVInt();
    String[] tokens = new String[size];
    float[] weights = new float[size];
    for (int i = 0; i < size; i++) {
      tokens[i] = in.readString();
      weights[i] = in.readFloat();
    }
    this.queryVector = SparseVector.of(field, tokens, weights);
    this.k = in.readVInt();
    this.queryCut = in.readVInt();
    this.heapFactor = in.readFloat();
    this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
  }

  @Override
  protected void doWriteTo(StreamOutput out) throws IOException {
    out.writeString(field);
    out.writeVInt(queryVector.size());
    for (int i = 0; i < queryVector.size(); i++) {
      out.writeString(queryVector.token(i));
      out.writeFloat(queryVector.weight(i));
    }
    out.writeVInt(k);
    out.writeVInt(queryCut);
    out.writeFloat(heapFactor);
    out.writeOptionalNamedWriteable(filter);
  }

  public String field() {
    return field;
  }

  public SparseVector queryVector() {
    return queryVector;
  }

  public int k() {
    return k;
  }

  public int queryCut() {
    return queryCut;
  }

  public float heapFactor() {
    return heapFactor;
  }

  /** The filter, or null. */
  public QueryBuilder filter() {
    return filter;
  }

  @Override
  protected void doXContent(XContentBuilder builder, Params params) throws IOException {
    builder.startObject(NAME);
    builder.field(FIELD.getPreferredName(), field);
    builder.startObject(QUERY_VECTOR.getPreferredName());
    for (int i = 0; i < queryVector.size(); i++) {
      builder.field(queryVector.token(i), queryVector.weight(i));
    }
    builder.endObject();
    builder.field(K.getPreferredName(), k);
    builder.field(QUERY_CUT.getPreferredName(), queryCut);
    builder.field(HEAP_FACTOR.getPreferredName(), heapFactor);
    if (filter != null) {
      builder.field(FILTER.getPreferredName(), filter);
    }
    boostAndQueryNameToXContent(builder);
    builder.endObject();
  }

  /** Parses the body of a {@code seismic} query. */
  public static SeismicQueryBuilder fromXContent(XContentParser parser) throws IOException {
    return PARSER.parse(parser, null).build();
  }

  @Override
  protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
    if (filter == null) {
      return this;
    }
    QueryBuilder rewritten = filter.rewrite(context);
    if (rewritten instanceof MatchNoneQueryBuilder) {
      return rewritten; // nothing passes the filter
    }
    if (rewritten == filter) {
      return this;
    }
    return new SeismicQueryBuilder(field, queryVector, k, queryCut, heapFactor, rewritten);
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
    MappedFieldType fieldType = context.getFieldType(field);
    if (fieldType == null) {
      // Unmapped in this index: like term queries, match nothing (other indices may have it).
      return new MatchNoDocsQuery("field [" + field + "] is not mapped");
    }
    if (fieldType instanceof SeismicVectorFieldType == false) {
      throw new IllegalArgumentException(
          "["
              + NAME
              + "] query needs a field of type ["
              + SeismicVectorFieldMapper.CONTENT_TYPE
              + "], but field ["
              + field
              + "] is of type ["
              + fieldType.typeName()
              + "]");
    }
    // The filter is converted on its own (its clauses count against the limit there); the
    // SeismicQuery itself visits as one leaf.
    Query luceneFilter = filter == null ? null : filter.toQuery(context);
    return new SeismicQuery(fieldType.name(), queryVector, k, queryCut, heapFactor, luceneFilter);
  }

  @Override
  protected boolean doEquals(SeismicQueryBuilder other) {
    return field.equals(other.field)
        && queryVector.equals(other.queryVector)
        && k == other.k
        && queryCut == other.queryCut
        && Float.compare(heapFactor, other.heapFactor) == 0
        && Objects.equals(filter, other.filter);
  }

  @Override
  protected int doHashCode() {
    return Objects.hash(field, queryVector, k, queryCut, heapFactor, filter);
  }

  @Override
  public String getWriteableName() {
    return NAME;
  }

  @Override
  public TransportVersion getMinimalSupportedVersion() {
    return TransportVersion.zero();
  }

  // ---- parsing ----

  /**
   * What the request said, before validation. Parsing into this holder and validating afterwards
   * lets a bad value surface as our own message rather than a generic "failed to parse".
   */
  private static final class Parsed {
    String field;
    Map<String, Object> queryVector;
    int k = DEFAULT_K;
    int queryCut = SeismicQuery.DEFAULT_QUERY_CUT;
    float heapFactor = SeismicQuery.DEFAULT_HEAP_FACTOR;
    QueryBuilder filter;
    float boost = DEFAULT_BOOST;
    String queryName;

    SeismicQueryBuilder build() {
      if (field == null) {
        throw new IllegalArgumentException(
            "[" + NAME + "] query needs [" + FIELD.getPreferredName() + "]");
      }
      if (queryVector == null) {
        throw new IllegalArgumentException(
            "[" + NAME + "] query needs [" + QUERY_VECTOR.getPreferredName() + "]");
      }
      SeismicQueryBuilder builder =
          new SeismicQueryBuilder(
              field, toVector(field, queryVector), k, queryCut, heapFactor, filter);
      builder.boost(boost);
      builder.queryName(queryName);
      return builder;
    }
  }

  private static SparseVector toVector(String field, Map<String, Object> map) {
    String[] tokens = new String[map.size()];
    float[] weights = new float[map.size()];
    int i = 0;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      tokens[i] = e.getKey();
      if (e.getValue() instanceof Number n) {
        weights[i] = n.floatValue();
      } else {
        throw new IllegalArgumentException(
            "["
                + NAME
                + "] query, field \""
                + field
                + "\", token \""
                + e.getKey()
                + "\": the weight must be a positive number, got ["
                + e.getValue()
                + "]");
      }
      i++;
    }
    return SparseVector.of(field, tokens, weights);
  }

  private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

  static {
    PARSER.declareString((p, v) -> p.field = v, FIELD);
    PARSER.declareObject((p, v) -> p.queryVector = v, (x, c) -> x.map(), QUERY_VECTOR);
    PARSER.declareInt((p, v) -> p.k = v, K);
    PARSER.declareInt((p, v) -> p.queryCut = v, QUERY_CUT);
    PARSER.declareFloat((p, v) -> p.heapFactor = v, HEAP_FACTOR);
    PARSER.declareObject((p, v) -> p.filter = v, (x, c) -> parseInnerQueryBuilder(x), FILTER);
    PARSER.declareFloat((p, v) -> p.boost = v, BOOST_FIELD);
    PARSER.declareString((p, v) -> p.queryName = v, NAME_FIELD);
  }
}
