package dev.seismic.lucene.search;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SparseVector;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;

/**
 * The parameters of a {@code seismic} query as an engine receives them: their names, defaults,
 * validation and parsing from a plain name to value map, in one place for every adapter (what
 * {@link dev.seismic.lucene.document.BuildParams} is for the build parameters).
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code field}</td><td>required</td><td>the Seismic field</td></tr>
 *   <tr><td>{@code query_vector}</td><td>required</td><td>{@code {token: weight}}, at least one
 *       token; the rules of {@link SparseVector}</td></tr>
 *   <tr><td>{@code k}</td><td>the request's {@code from + size}</td><td>hits wanted (per shard
 *       in an engine); when the request asks for no hits ({@code size: 0}) or is not known,
 *       {@value #DEFAULT_K}</td></tr>
 *   <tr><td>{@code query_cut}</td><td>the field's search default, else {@link
 *       SeismicQuery#DEFAULT_QUERY_CUT}</td><td>only the lists of the query's heaviest {@code
 *       query_cut} tokens are searched</td></tr>
 *   <tr><td>{@code heap_factor}</td><td>the field's search default, else {@link
 *       SeismicQuery#DEFAULT_HEAP_FACTOR}</td><td>in (0,
 *       1]: once k hits are held, a block whose summary scores below {@code heap_factor} × the
 *       k-th score is skipped</td></tr>
 *   <tr><td>{@code knn}</td><td>the field's search default, else {@value #DEFAULT_KNN}</td>
 *       <td>in [0, {@value BuildParams#MAX_NKNN}]: once the blocks are searched, up to {@code knn}
 *       neighbours of each best hit in the segment's κ-NN graph (built with the field's {@code
 *       nknn}) are scored too ({@link SeismicQuery#withKnn}); 0 uses no graph</td></tr>
 * </table>
 *
 * <p><b>A field's search defaults.</b> The parameters that trade recall for speed ({@link Tuning}:
 * {@code query_cut}, {@code heap_factor}, {@code knn}) may also be set in a field's mapping, under
 * {@value #SEARCH_DEFAULTS} ({@link #searchDefaults}), so that a setting tuned for the field needs
 * no change in the clients. A search takes each of them from the query when the query gives it,
 * else from the field's search defaults, else the default above ({@link #toQuery}). The parameters
 * therefore remember which values the query gave: a value left out stays unset here, on the wire
 * between nodes and in {@link #toMap}, until the shard that knows the field's mapping builds the
 * Lucene query. A parameter added to {@link Tuning} is a query parameter and a mapping default at
 * once.
 *
 * <p>The engines add {@link #FILTER} (a query of their own language), {@code boost} and {@code
 * _name}; those are theirs to parse.
 *
 * <p><b>Numbers given as strings.</b> Wherever a number is expected (a weight, {@code k}, {@code
 * query_cut}, {@code heap_factor}, {@code knn}) a JSON string holding a number ({@code "1.5"}) is
 * accepted and read as that number, as Elasticsearch and OpenSearch read numeric fields and their
 * own numeric query parameters ({@code rank_features} and {@code sparse_vector} weights, {@code
 * size}, a {@code knn} query's {@code k}): a client that quotes numbers works with this field as
 * with the engine's own. The string is read by {@link Double#parseDouble} (what the engines'
 * parsers do), so {@code "NaN"} and {@code "Infinity"} become those values and are then refused by
 * the range checks, naming the value. An integer parameter must hold a whole number ({@code 10} or
 * {@code "10"}; {@code 10.5} is refused, where the engines' parsers would cut it to 10 without a
 * word). Booleans, objects, arrays and null are refused.
 *
 * @param field {@code field}
 * @param queryVector {@code query_vector}
 * @param k {@code k}, or null when the query does not give it (see {@link #resolveK})
 * @param tuning the query's own {@code query_cut}, {@code heap_factor} and {@code knn}, each null
 *     when the query does not give it; null is taken as {@link Tuning#NONE}
 */
public record SeismicQueryParams(String field, SparseVector queryVector, Integer k, Tuning tuning) {

  /** The query's name in the engines. */
  public static final String NAME = "seismic";

  /** The name of the field type the engine adapters register for Seismic fields. */
  public static final String FIELD_TYPE = "seismic_vector";

  public static final String FIELD = "field";
  public static final String QUERY_VECTOR = "query_vector";
  public static final String K = "k";
  public static final String QUERY_CUT = "query_cut";
  public static final String HEAP_FACTOR = "heap_factor";
  public static final String KNN = "knn";

  /** The engines' filter parameter: named here, parsed by each engine in its own query language. */
  public static final String FILTER = "filter";

  /** The mapping parameter of a Seismic field that holds the field's {@link Tuning} defaults. */
  public static final String SEARCH_DEFAULTS = "search_defaults";

  /** The names {@link #fromMap} reads, in the order {@link #toMap} writes them. */
  public static final List<String> NAMES =
      Stream.concat(Stream.of(FIELD, QUERY_VECTOR, K), Tuning.NAMES.stream()).toList();

  public static final int DEFAULT_QUERY_CUT = SeismicQuery.DEFAULT_QUERY_CUT;
  public static final float DEFAULT_HEAP_FACTOR = SeismicQuery.DEFAULT_HEAP_FACTOR;

  /**
   * No graph refinement unless asked for: what a {@link SeismicQuery} is without {@link
   * SeismicQuery#withKnn}, and the only value that needs no graph in the field's segments.
   */
  public static final int DEFAULT_KNN = 0;

  /**
   * {@code k} when the query does not give it and the request's {@code from + size} is not known or
   * is zero: the engines' default {@code size}.
   */
  public static final int DEFAULT_K = 10;

  /**
   * Validates every parameter ({@link Tuning} checks its own); messages name the parameter and the
   * value.
   */
  public SeismicQueryParams {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("[" + NAME + "] query needs [" + FIELD + "]");
    }
    if (queryVector == null) {
      throw new IllegalArgumentException("[" + NAME + "] query needs [" + QUERY_VECTOR + "]");
    }
    tuning = tuning == null ? Tuning.NONE : tuning;
    Tuning resolved = tuning.orElse(Tuning.DEFAULTS);
    SeismicQuery.checkParameters(
        field, queryVector, k == null ? 1 : k, resolved.queryCut(), resolved.heapFactor());
  }

  /** Parameters that give neither {@code k} nor any {@link Tuning} value. */
  public static SeismicQueryParams of(String field, SparseVector queryVector) {
    return new SeismicQueryParams(field, queryVector, null, Tuning.NONE);
  }

  /** The same parameters with {@code k} set. */
  public SeismicQueryParams withK(int k) {
    return new SeismicQueryParams(field, queryVector, k, tuning);
  }

  /**
   * Builds parameters from a name to value map such as a parsed request body: values are what a
   * JSON reader gives (numbers, strings, maps, lists, booleans, null). Optional parameters left out
   * stay unset (null); unknown names and bad values are refused naming the parameter and the value.
   */
  public static SeismicQueryParams fromMap(Map<String, ?> values) {
    for (String key : values.keySet()) {
      if (!NAMES.contains(key)) {
        throw new IllegalArgumentException(
            "[" + NAME + "] query does not support [" + key + "]; known: " + known());
      }
    }
    Object fieldValue = values.get(FIELD);
    if (fieldValue == null) {
      throw new IllegalArgumentException("[" + NAME + "] query needs [" + FIELD + "]");
    }
    if (!(fieldValue instanceof String field)) {
      throw new IllegalArgumentException(
          "[" + FIELD + "] must be a field name (a string), got [" + fieldValue + "]");
    }
    Object vectorValue = values.get(QUERY_VECTOR);
    if (vectorValue == null) {
      throw new IllegalArgumentException("[" + NAME + "] query needs [" + QUERY_VECTOR + "]");
    }
    if (!(vectorValue instanceof Map<?, ?> vector)) {
      throw new IllegalArgumentException(
          "["
              + QUERY_VECTOR
              + "] must be an object of token to weight such as {\"token\": 0.5}, got ["
              + vectorValue
              + "]");
    }
    // A parameter given as null is refused like any other value that is not a number.
    Integer k = values.containsKey(K) ? intValue(K, values.get(K)) : null;
    return new SeismicQueryParams(field, vector(field, vector), k, Tuning.read(values));
  }

  /**
   * The parameters as a name to value map that {@link #fromMap} reads back to equal parameters (the
   * query vector as a token to {@link Float} map in token order; {@code k} and the {@link Tuning}
   * values only when given, so that a value left out is still left out where the map is read).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(FIELD, field);
    Map<String, Object> vector = new LinkedHashMap<>();
    for (int i = 0; i < queryVector.size(); i++) {
      vector.put(queryVector.token(i), queryVector.weight(i));
    }
    map.put(QUERY_VECTOR, vector);
    if (k != null) {
      map.put(K, k);
    }
    map.putAll(tuning.toMap());
    return map;
  }

  /**
   * Reads and checks the value of a field's {@value #SEARCH_DEFAULTS} mapping parameter: an object
   * of {@link Tuning} names to values, read with the rules of the query's own parameters.
   *
   * @param field the field's name, quoted in messages
   * @param value what the mapping holds, as a JSON reader gives it
   * @throws IllegalArgumentException naming the field, the parameter and the value, for a value
   *     that is not an object, an unknown name or a bad value
   */
  public static Tuning searchDefaults(String field, Object value) {
    String where = "field [" + field + "] of type [" + FIELD_TYPE + "], " + SEARCH_DEFAULTS + ": ";
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          where
              + "must be an object such as {\""
              + QUERY_CUT
              + "\": 3, \""
              + HEAP_FACTOR
              + "\": 0.8}, got "
              + describe(value));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!Tuning.NAMES.contains(name)) {
        throw new IllegalArgumentException(
            where
                + "["
                + name
                + "] is not a search setting; known: "
                + String.join(", ", Tuning.NAMES));
      }
      values.put(name, e.getValue());
    }
    try {
      return Tuning.read(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks the value of one of a field's build parameters (a name of {@link BuildParams})
   * with {@link BuildParams#fromMap}: numbers or strings holding them, 32-bit integers, the
   * parameter's range.
   *
   * @param field the field's name, quoted in messages
   * @param name the parameter's name
   * @param value what the mapping holds, as a JSON reader gives it
   * @param getter the parameter's accessor
   * @throws IllegalArgumentException naming the field, the parameter and the value
   */
  public static <T> T buildParam(
      String field, String name, Object value, Function<BuildParams, T> getter) {
    try {
      return getter.apply(BuildParams.fromMap(Collections.singletonMap(name, value)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "field [" + field + "] of type [" + FIELD_TYPE + "]: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a token to weight map with the numeric-string rule of this class; {@link SparseVector}
   * then checks tokens and weights. Messages name the field and the token.
   *
   * @param field the field name, quoted in messages
   */
  public static SparseVector vector(String field, Map<?, ?> weights) {
    String[] tokens = new String[weights.size()];
    float[] values = new float[weights.size()];
    int i = 0;
    for (Map.Entry<?, ?> e : weights.entrySet()) {
      tokens[i] = String.valueOf(e.getKey());
      values[i] = weight(field, tokens[i], e.getValue());
      i++;
    }
    return SparseVector.of(field, tokens, values);
  }

  /**
   * The error for a document whose value for a Seismic field is not an object of token to weight
   * (the engine adapters read document vectors with {@link #vector(String, List, List)}).
   *
   * @param got what the document holds, as a user would name it
   */
  public static IllegalArgumentException notAVector(String field, Object got) {
    return new IllegalArgumentException(
        "field ["
            + field
            + "] of type ["
            + FIELD_TYPE
            + "] takes an object of token to weight such as {\"token\": 0.5}, got "
            + got);
  }

  /** The error for a document holding several vectors for one field. */
  public static IllegalArgumentException severalVectors(String field) {
    return new IllegalArgumentException(
        "field ["
            + field
            + "] of type ["
            + FIELD_TYPE
            + "] takes one vector per document, got several");
  }

  /**
   * Reads parallel lists of tokens and weights (weights as a JSON reader gives them) with the
   * numeric-string rule of this class, keeping a repeated token for {@link SparseVector} to refuse.
   * Messages name the field and the token.
   */
  public static SparseVector vector(String field, List<String> tokens, List<?> weights) {
    if (tokens.size() != weights.size()) {
      throw new IllegalArgumentException(
          "field \""
              + field
              + "\": "
              + tokens.size()
              + " tokens but "
              + weights.size()
              + " weights");
    }
    float[] values = new float[weights.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = weight(field, tokens.get(i), weights.get(i));
    }
    return SparseVector.of(field, tokens.toArray(String[]::new), values);
  }

  /**
   * One weight with the numeric-string rule of this class: a number, or a string holding one. Range
   * checks (NaN, infinite, negative, zero, subnormal) are {@link SparseVector}'s.
   *
   * @throws IllegalArgumentException naming the field, the token and the value
   */
  public static float weight(String field, String token, Object value) {
    if (value instanceof Number n) {
      return n.floatValue();
    }
    if (value instanceof String s) {
      try {
        return Float.parseFloat(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            prefix(field, token) + "the weight must be a number, got the string \"" + s + "\"");
      }
    }
    throw new IllegalArgumentException(
        prefix(field, token) + "the weight must be a number, got " + describe(value));
  }

  /**
   * The {@code k} a search uses: the query's own, else the request's {@code from + size} (what the
   * hits of the request's page need), else {@link #DEFAULT_K} when that is not known or zero.
   *
   * @param from the request's {@code from}, negative when not given (then 0)
   * @param size the request's {@code size}, negative when not given (then the engines' default,
   *     {@link #DEFAULT_K})
   */
  public int resolveK(int from, int size) {
    if (k != null) {
      return k;
    }
    long window = (long) Math.max(0, from) + (size < 0 ? DEFAULT_K : size);
    return window <= 0 ? DEFAULT_K : (int) Math.min(Integer.MAX_VALUE, window);
  }

  /** The {@code k} a search uses when nothing is known of the request. */
  public int resolveK() {
    return k != null ? k : DEFAULT_K;
  }

  /**
   * The Lucene query for these parameters. Each {@link Tuning} value is the query's own when it
   * gives it, else the field's search default, else the core's default ({@link Tuning#DEFAULTS}).
   *
   * @param indexedField the field's name in the index (an engine may resolve an alias)
   * @param k from {@link #resolveK}
   * @param fieldDefaults the field's search defaults ({@link #searchDefaults}); {@link Tuning#NONE}
   *     for none
   * @param filter null for none
   */
  public SeismicQuery toQuery(String indexedField, int k, Tuning fieldDefaults, Query filter) {
    Tuning resolved = tuning.orElse(fieldDefaults).orElse(Tuning.DEFAULTS);
    SeismicQuery query =
        new SeismicQuery(
            indexedField, queryVector, k, resolved.queryCut(), resolved.heapFactor(), filter);
    // knn 0 leaves the query as one without refinement, equal to it.
    return resolved.knn() > 0 ? query.withKnn(resolved.knn()) : query;
  }

  /** The error for a query on a field of another type. */
  public IllegalArgumentException wrongFieldType(String type) {
    return new IllegalArgumentException(
        "["
            + NAME
            + "] query needs a field of type ["
            + FIELD_TYPE
            + "], but field ["
            + field
            + "] is of type ["
            + type
            + "]");
  }

  /**
   * Refuses a {@code k} above an engine's limit on the hits of one search.
   *
   * @param limit the limit's value
   * @param setting the name of the setting that holds the limit, for the message
   * @throws IllegalArgumentException naming {@code k}, its value, the limit and the setting
   */
  public static void checkK(int k, int limit, String setting) {
    if (k > limit) {
      throw new IllegalArgumentException(
          "["
              + K
              + "] must be at most ["
              + limit
              + "], the index's ["
              + setting
              + "], got ["
              + k
              + "]; lower k, or raise the setting");
    }
  }

  /**
   * The query parameters that trade recall for speed, which a field's mapping may also set (under
   * {@value SeismicQueryParams#SEARCH_DEFAULTS}): each is null where it is not given. A new such
   * parameter is added here (a component, its name in {@link #NAMES}, its default in {@link
   * #DEFAULTS}, its reading in {@link #read}, its check) and to {@link SeismicQuery}; the engines'
   * query parsers, field mappers and the precedence in {@link SeismicQueryParams#toQuery} then
   * carry it.
   *
   * @param queryCut {@code query_cut}, at least 1
   * @param heapFactor {@code heap_factor}, in (0, 1]
   * @param knn {@code knn}, in [0, {@value BuildParams#MAX_NKNN}] ({@link SeismicQuery#checkKnn})
   */
  public record Tuning(Integer queryCut, Float heapFactor, Integer knn) {

    /** Nothing given. */
    public static final Tuning NONE = new Tuning(null, null, null);

    /** The core's defaults, used for whatever neither the query nor the field gives. */
    public static final Tuning DEFAULTS =
        new Tuning(DEFAULT_QUERY_CUT, DEFAULT_HEAP_FACTOR, DEFAULT_KNN);

    /** The names, in the order {@link #toMap} writes them. */
    public static final List<String> NAMES = List.of(QUERY_CUT, HEAP_FACTOR, KNN);

    /** Checks the values given; messages name the parameter and the value. */
    public Tuning {
      if (queryCut != null && queryCut < 1) {
        throw new IllegalArgumentException(
            "[" + QUERY_CUT + "] must be at least 1, got [" + queryCut + "]");
      }
      if (heapFactor != null && !(heapFactor > 0f && heapFactor <= 1f)) {
        throw new IllegalArgumentException(
            "[" + HEAP_FACTOR + "] must be in (0, 1], got [" + heapFactor + "]");
      }
      if (knn != null) {
        SeismicQuery.checkKnn(knn);
      }
    }

    /** {@code query_cut} and {@code heap_factor} without {@code knn} (null: not given). */
    public Tuning(Integer queryCut, Float heapFactor) {
      this(queryCut, heapFactor, null);
    }

    /**
     * Reads the values of {@link #NAMES} found in a name to value map, with the rules of the
     * query's parameters (numbers or strings holding them; a name given with null is refused);
     * other names are not looked at.
     */
    static Tuning read(Map<String, ?> values) {
      return new Tuning(
          values.containsKey(QUERY_CUT) ? intValue(QUERY_CUT, values.get(QUERY_CUT)) : null,
          values.containsKey(HEAP_FACTOR) ? floatValue(HEAP_FACTOR, values.get(HEAP_FACTOR)) : null,
          values.containsKey(KNN) ? intValue(KNN, values.get(KNN), KNN_RANGE) : null);
    }

    /** The values given, by name in {@link #NAMES} order; what {@link #read} reads back. */
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      if (queryCut != null) {
        map.put(QUERY_CUT, queryCut);
      }
      if (heapFactor != null) {
        map.put(HEAP_FACTOR, heapFactor);
      }
      if (knn != null) {
        map.put(KNN, knn);
      }
      return map;
    }

    /** Each value: this one's when given, else the fallback's. */
    public Tuning orElse(Tuning fallback) {
      return new Tuning(
          queryCut != null ? queryCut : fallback.queryCut,
          heapFactor != null ? heapFactor : fallback.heapFactor,
          knn != null ? knn : fallback.knn);
    }

    /**
     * Whether every value is given, so that no field default or core default can decide any. A
     * search whose query leaves a value unset depends on the field's mapping at the time it runs.
     */
    public boolean isComplete() {
      return queryCut != null && heapFactor != null && knn != null;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s=%s, %s=%s, %s=%s",
          QUERY_CUT,
          Objects.toString(queryCut, "(default)"),
          HEAP_FACTOR,
          Objects.toString(heapFactor, "(default)"),
          KNN,
          Objects.toString(knn, "(default)"));
    }
  }

  /** The range of {@code k} and {@code query_cut}, as messages state it. */
  private static final String POSITIVE_RANGE = "between 1 and " + Integer.MAX_VALUE;

  /** The range of {@code knn}, in the words of {@link SeismicQuery#checkKnn}. */
  private static final String KNN_RANGE = "in [0, " + BuildParams.MAX_NKNN + "]";

  private static int intValue(String name, Object v) {
    return intValue(name, v, POSITIVE_RANGE);
  }

  /**
   * A whole number within int; the range is checked by the parameter's own check, and named here
   * only so that a fraction's message states the same range.
   */
  private static int intValue(String name, Object v, String range) {
    double d = number(name, v, "an integer");
    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "[" + name + "] must be an integer " + range + ", got [" + v + "]");
    }
    return (int) d;
  }

  private static float floatValue(String name, Object v) {
    double d = number(name, v, "a number");
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("[" + name + "] must be a finite number, got [" + v + "]");
    }
    return (float) d;
  }

  private static double number(String name, Object v, String what) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "[" + name + "] must be " + what + ", got the string \"" + s + "\"");
      }
    }
    throw new IllegalArgumentException("[" + name + "] must be " + what + ", got " + describe(v));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?>) {
      return "an object " + v;
    }
    if (v instanceof List<?>) {
      return "an array " + v;
    }
    if (v instanceof Boolean) {
      return "the boolean " + v;
    }
    return "[" + v + "]";
  }

  private static String prefix(String field, String token) {
    return "field \"" + field + "\", token \"" + token + "\": ";
  }

  private static String known() {
    return String.join(", ", NAMES) + ", " + FILTER;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "field=%s, query_vector=%s, k=%s, %s",
        field,
        queryVector,
        Objects.toString(k, "(from + size)"),
        tuning);
  }
}
