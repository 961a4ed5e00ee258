package dev.seismic.opensearch.query;

import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQuery;
import dev.seismic.opensearch.mapper.SeismicVectorFieldType;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.core.xcontent.XContentParser.Token;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.MatchNoneQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;

/**
 * The {@code seismic} query: approximate top-k by inner product over a {@code seismic_vector}
 * field.
 *
 * <pre>
 * {"seismic": {"field": "vec", "query_vector": {"token": 1.2, ...},
 *              "k": 10, "query_cut": 5, "heap_factor": 0.6, "filter": {...}}}
 * </pre>
 *
 * Each shard returns its top {@code k}; the search's {@code size} then picks from the merged hits.
 * Inside a {@code bool} the query is one clause like any other: its hits carry their inner-product
 * scores, other clauses add theirs.
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
  private final SparseVector vector;
  private final int k;
  private final int queryCut;
  private final float heapFactor;
  private final QueryBuilder filter;

  /**
   * @throws IllegalArgumentException for a bad vector (naming the field and token) or an
   *     out-of-range {@code k}, {@code query_cut} or {@code heap_factor}
   */
  public SeismicQueryBuilder(
      String field,
      Map<String, ? extends Number> queryVector,
      int k,
      int queryCut,
      float heapFactor,
      QueryBuilder filter) {
    this(field, SparseVector.of(field, queryVector), k, queryCut, heapFactor, filter);
  }

  private SeismicQueryBuilder(
      String field,
      SparseVector vector,
      int k,
      int queryCut,
      float heapFactor,
      QueryBuilder filter) {
    this.field = field;
    this.vector = vector;
    this.k = k;
    this.queryCut = queryCut;
    this.heapFactor = heapFactor;
    this.filter = filter;
    // The core query owns the rules (and their messages); checking here, at parse time, turns a
    // bad request into a 400 before any shard sees it.
    SeismicQuery.checkParameters(field, vector, k, queryCut, heapFactor);
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
    this.vector = SparseVector.of(field, tokens, weights);
    this.k = in.readVInt();
    this.queryCut = in.readVInt();
    this.heapFactor = in.readFloat();
    this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
  }

  @Override
  protected void doWriteTo(StreamOutput out) throws IOException {
    out.writeString(field);
    out.writeVInt(vector.size());
    for (int i = 0; i < vector.size(); i++) {
      out.writeString(vector.token(i));
      out.writeFloat(vector.weight(i));
    }
    out.writeVInt(k);
    out.writeVInt(queryCut);
    out.writeFloat(heapFactor);
    out.writeOptionalNamedWriteable(filter);
  }

  @Override
  protected void doXContent(XContentBuilder builder, Params params) throws IOException {
    builder.startObject(NAME);
    builder.field(FIELD.getPreferredName(), field);
    builder.startObject(QUERY_VECTOR.getPreferredName());
    for (int i = 0; i < vector.size(); i++) {
      builder.field(vector.token(i), vector.weight(i));
    }
    builder.endObject();
    builder.field(K.getPreferredName(), k);
    builder.field(QUERY_CUT.getPreferredName(), queryCut);
    builder.field(HEAP_FACTOR.getPreferredName(), heapFactor);
    if (filter != null) {
      builder.field(FILTER.getPreferredName(), filter);
    }
    printBoostAndQueryName(builder);
    builder.endObject();
  }

  /** Parses the body of a {@code seismic} query. */
  public static SeismicQueryBuilder fromXContent(XContentParser parser) throws IOException {
    String field = null;
    Map<String, Float> queryVector = null;
    int k = DEFAULT_K;
    int queryCut = SeismicQuery.DEFAULT_QUERY_CUT;
    float heapFactor = SeismicQuery.DEFAULT_HEAP_FACTOR;
    QueryBuilder filter = null;
    float boost = DEFAULT_BOOST;
    String queryName = null;
    String current = null;
    for (Token t = parser.nextToken(); t != Token.END_OBJECT; t = parser.nextToken()) {
      if (t == Token.FIELD_NAME) {
        current = parser.currentName();
      } else if (t == Token.START_OBJECT
          && QUERY_VECTOR.match(current, parser.getDeprecationHandler())) {
        queryVector = parseVector(parser);
      } else if (t == Token.START_OBJECT && FILTER.match(current, parser.getDeprecationHandler())) {
        filter = parseInnerQueryBuilder(parser);
      } else if (K.match(current, parser.getDeprecationHandler())) {
        k = number(parser, t, K, () -> parser.intValue(false));
      } else if (QUERY_CUT.match(current, parser.getDeprecationHandler())) {
        queryCut = number(parser, t, QUERY_CUT, () -> parser.intValue(false));
      } else if (HEAP_FACTOR.match(current, parser.getDeprecationHandler())) {
        heapFactor = number(parser, t, HEAP_FACTOR, () -> parser.floatValue(false));
      } else if (t.isValue()) {
        if (FIELD.match(current, parser.getDeprecationHandler())) {
          field = parser.text();
        } else if (BOOST_FIELD.match(current, parser.getDeprecationHandler())) {
          boost = parser.floatValue();
        } else if (NAME_FIELD.match(current, parser.getDeprecationHandler())) {
          queryName = parser.text();
        } else {
          throw unknown(parser, current);
        }
      } else {
        throw unknown(parser, current);
      }
    }
    if (field == null) {
      throw new ParsingException(parser.getTokenLocation(), "[seismic] query requires [field]");
    }
    if (queryVector == null) {
      throw new ParsingException(
          parser.getTokenLocation(), "[seismic] query requires [query_vector]");
    }
    SeismicQueryBuilder builder;
    try {
      builder = new SeismicQueryBuilder(field, queryVector, k, queryCut, heapFactor, filter);
    } catch (IllegalArgumentException e) {
      throw new ParsingException(parser.getTokenLocation(), "[seismic] " + e.getMessage(), e);
    }
    return builder.boost(boost).queryName(queryName);
  }

  private static Map<String, Float> parseVector(XContentParser parser) throws IOException {
    Map<String, Float> vector = new TreeMap<>();
    String token = null;
    for (Token t = parser.nextToken(); t != Token.END_OBJECT; t = parser.nextToken()) {
      if (t == Token.FIELD_NAME) {
        token = parser.currentName();
      } else if (t == Token.VALUE_NUMBER || t == Token.VALUE_STRING) {
        try {
          vector.put(token, parser.floatValue(true));
        } catch (IllegalArgumentException e) {
          throw new ParsingException(
              parser.getTokenLocation(),
              "[seismic] query_vector token \""
                  + token
                  + "\": the weight ["
                  + parser.text()
                  + "] is not a number");
        }
      } else {
        throw new ParsingException(
            parser.getTokenLocation(),
            "[seismic] query_vector token \""
                + token
                + "\": the weight must be a number, got "
                + t);
      }
    }
    return vector;
  }

  /** Reads a value that must be a JSON number. */
  private interface NumberReader<T> {
    T read() throws IOException;
  }

  /**
   * Reads a numeric parameter, naming it when the value is not a number or out of range: the
   * parser's own messages ("Integer value passed as String", or Jackson's "out of range of int")
   * name neither the parameter nor the query.
   */
  private static <T> T number(
      XContentParser parser, Token t, ParseField param, NumberReader<T> read) throws IOException {
    if (t == Token.VALUE_NUMBER) {
      try {
        return read.read();
      } catch (IllegalArgumentException | IOException e) {
        throw new ParsingException(
            parser.getTokenLocation(),
            "[seismic] ["
                + param.getPreferredName()
                + "] cannot be read from ["
                + parser.text()
                + "]: "
                + e.getMessage(),
            e);
      }
    }
    String got =
        switch (t) {
          case START_OBJECT -> "an object";
          case START_ARRAY -> "an array";
          case VALUE_STRING -> "the string \"" + parser.text() + "\"";
          default -> parser.text();
        };
    throw new ParsingException(
        parser.getTokenLocation(),
        "[seismic] [" + param.getPreferredName() + "] must be a number, got " + got);
  }

  private static ParsingException unknown(XContentParser parser, String name) {
    return new ParsingException(
        parser.getTokenLocation(),
        "[seismic] query does not support ["
            + name
            + "]; known: field, query_vector, k, query_cut, heap_factor, filter, boost, _name");
  }

  @Override
  protected Query doToQuery(QueryShardContext context) throws IOException {
    MappedFieldType type = context.fieldMapper(field);
    if (type == null) {
      // An index of a multi-index search that lacks the field simply has no hits.
      return new MatchNoDocsQuery("field [" + field + "] is not mapped");
    }
    if (!(type instanceof SeismicVectorFieldType)) {
      throw new IllegalArgumentException(
          "[seismic] query needs a field of type [seismic_vector], but field ["
              + field
              + "] is of type ["
              + type.typeName()
              + "]");
    }
    Query filterQuery = filter == null ? null : filter.toQuery(context);
    return new SeismicQuery(field, vector, k, queryCut, heapFactor, filterQuery);
  }

  @Override
  protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
    if (filter == null) {
      return this;
    }
    QueryBuilder rewritten = filter.rewrite(context);
    if (rewritten instanceof MatchNoneQueryBuilder) {
      return rewritten;
    }
    if (rewritten == filter) {
      return this;
    }
    return new SeismicQueryBuilder(field, vector, k, queryCut, heapFactor, rewritten)
        .boost(boost)
        .queryName(queryName);
  }

  @Override
  protected boolean doEquals(SeismicQueryBuilder other) {
    return field.equals(other.field)
        && vector.equals(other.vector)
        && k == other.k
        && queryCut == other.queryCut
        && Float.compare(heapFactor, other.heapFactor) == 0
        && Objects.equals(filter, other.filter);
  }

  @Override
  protected int doHashCode() {
    return Objects.hash(field, vector, k, queryCut, heapFactor, filter);
  }

  @Override
  public String getWriteableName() {
    return NAME;
  }

  public String fieldName() {
    return field;
  }

  public int k() {
    return k;
  }

  public QueryBuilder filter() {
    return filter;
  }
}
