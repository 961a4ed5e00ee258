package dev.seismic.elasticsearch.mapper;

import dev.seismic.elasticsearch.SeismicIndexSettings;
import dev.seismic.elasticsearch.query.SeismicQueryBuilder;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.lucene.document.FieldType;
import org.elasticsearch.common.lucene.Lucene;
import org.elasticsearch.index.analysis.NamedAnalyzer;
import org.elasticsearch.index.mapper.DocumentParserContext;
import org.elasticsearch.index.mapper.FieldMapper;
import org.elasticsearch.index.mapper.MapperBuilderContext;
import org.elasticsearch.index.mapper.MapperParsingException;
import org.elasticsearch.index.mapper.MappingParserContext;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParser.Token;

/**
 * The {@code seismic_vector} field: a learned-sparse vector {@code {"token": weight, ...}} indexed
 * for the {@code seismic} query.
 *
 * <p>The mapping parameters are Seismic's build parameters ({@link BuildParams}); they reach the
 * postings format as Lucene field attributes, and are fixed once set. {@code search_defaults} holds
 * the field's defaults for the query's {@link Tuning} parameters ({@link
 * SeismicQueryParams#searchDefaults}); they change no segment, so a mapping update may change them.
 * The field needs {@code index.seismic.enabled: true} on its index, checked when the mapping is
 * parsed: without the Seismic engine the field would be written in the default format and every
 * {@code seismic} query would find nothing.
 */
public final class SeismicVectorFieldMapper extends FieldMapper {

  public static final String CONTENT_TYPE = SeismicQueryParams.FIELD_TYPE;

  public static final TypeParser PARSER =
      new TypeParser(
          (name, context) -> new Builder(name),
          (name, context) -> {
            if (context.isWithinMultiField()) {
              // A multi-field indexes the parent's value, which is text, not a vector.
              throw new MapperParsingException(
                  "field ["
                      + name
                      + "] of type ["
                      + CONTENT_TYPE
                      + "] can't be used in a multi-field");
            }
            requireSeismicIndex(name, context);
          });

  private static void requireSeismicIndex(String name, MappingParserContext context) {
    if (SeismicIndexSettings.isEnabled(context.getIndexSettings().getSettings()) == false) {
      throw new MapperParsingException(
          "field ["
              + name
              + "] of type ["
              + CONTENT_TYPE
              + "] needs the index setting ["
              + SeismicIndexSettings.ENABLED.getKey()
              + ": true]; set it when creating the index (it cannot be changed later)");
    }
  }

  private static SeismicVectorFieldMapper toType(FieldMapper in) {
    return (SeismicVectorFieldMapper) in;
  }

  private static BuildParams params(FieldMapper in) {
    return toType(in).fieldType().buildParams();
  }

  /** Collects the mapping parameters; {@link BuildParams} validates them together in build(). */
  public static final class Builder extends FieldMapper.Builder {
    private final Parameter<Map<String, String>> meta = Parameter.metaParam();
    private final Parameter<Integer> nPostings =
        intParam(BuildParams.N_POSTINGS, BuildParams::nPostings, BuildParams.DEFAULT_N_POSTINGS);
    private final Parameter<Integer> minPostings =
        intParam(
            BuildParams.MIN_POSTINGS, BuildParams::minPostings, BuildParams.DEFAULT_MIN_POSTINGS);
    private final Parameter<Float> centroidFraction =
        floatParam(
            BuildParams.CENTROID_FRACTION,
            BuildParams::centroidFraction,
            BuildParams.DEFAULT_CENTROID_FRACTION);
    private final Parameter<Float> summaryEnergy =
        floatParam(
            BuildParams.SUMMARY_ENERGY,
            BuildParams::summaryEnergy,
            BuildParams.DEFAULT_SUMMARY_ENERGY);
    private final Parameter<Integer> minClusterSize =
        intParam(
            BuildParams.MIN_CLUSTER_SIZE,
            BuildParams::minClusterSize,
            BuildParams.DEFAULT_MIN_CLUSTER_SIZE);
    private final Parameter<Integer> docCut =
        intParam(BuildParams.DOC_CUT, BuildParams::docCut, BuildParams.DEFAULT_DOC_CUT);
    private final Parameter<Integer> nknn =
        intParam(BuildParams.NKNN, BuildParams::nknn, BuildParams.DEFAULT_NKNN);
    private final Parameter<Tuning> searchDefaults =
        new Parameter<>(
            SeismicQueryParams.SEARCH_DEFAULTS,
            true,
            () -> Tuning.NONE,
            (n, c, o) -> mappingParam(() -> SeismicQueryParams.searchDefaults(n, o)),
            m -> toType(m).fieldType().searchDefaults(),
            (b, n, v) -> b.field(n, v.toMap()),
            Objects::toString);

    @Override
    public String contentType() {
      return CONTENT_TYPE;
    }

    public Builder(String name) {
      super(name);
      // The mapping always records every build parameter, defaults included: segments already
      // written were built with these values, and a later plugin version with other defaults
      // must not change them for an existing field.
      for (Parameter<?> p :
          List.of(
              nPostings,
              minPostings,
              centroidFraction,
              summaryEnergy,
              minClusterSize,
              docCut,
              nknn)) {
        p.alwaysSerialize();
      }
    }

    @Override
    protected Parameter<?>[] getParameters() {
      return new Parameter<?>[] {
        meta,
        nPostings,
        minPostings,
        centroidFraction,
        summaryEnergy,
        minClusterSize,
        docCut,
        nknn,
        searchDefaults
      };
    }

    @Override
    public SeismicVectorFieldMapper build(MapperBuilderContext context) {
      BuildParams buildParams;
      try {
        buildParams =
            new BuildParams(
                nPostings.get(),
                minPostings.get(),
                centroidFraction.get(),
                summaryEnergy.get(),
                minClusterSize.get(),
                docCut.get(),
                nknn.get());
      } catch (IllegalArgumentException e) {
        throw new MapperParsingException(
            "field ["
                + context.buildFullName(leafName())
                + "] of type ["
                + CONTENT_TYPE
                + "]: "
                + e.getMessage(),
            e);
      }
      return new SeismicVectorFieldMapper(
          leafName(),
          new SeismicVectorFieldType(
              context.buildFullName(leafName()), buildParams, searchDefaults.get(), meta.get()),
          builderParams(this, context));
    }

    /** Mapping parameters are fixed once set: segments already written were built with them. */
    private static Parameter<Float> floatParam(
        String name, Function<BuildParams, Float> getter, float defaultValue) {
      return new Parameter<>(
          name,
          false,
          () -> defaultValue,
          (n, c, o) -> mappingParam(() -> SeismicQueryParams.buildParam(n, name, o, getter)),
          m -> getter.apply(params(m)),
          XContentBuilder::field,
          Objects::toString);
    }

    private static Parameter<Integer> intParam(
        String name, Function<BuildParams, Integer> getter, int defaultValue) {
      return new Parameter<>(
          name,
          false,
          () -> defaultValue,
          (n, c, o) -> mappingParam(() -> SeismicQueryParams.buildParam(n, name, o, getter)),
          m -> getter.apply(params(m)),
          XContentBuilder::field,
          Objects::toString);
    }
  }

  /**
   * A mapping parameter read and checked by the core ({@link SeismicQueryParams#buildParam}, {@link
   * SeismicQueryParams#searchDefaults}): the same rules and messages, naming the field, the
   * parameter and the value, in both engines; the core's error becomes Elasticsearch's.
   */
  private static <T> T mappingParam(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new MapperParsingException(e.getMessage(), e);
    }
  }

  private final FieldType luceneFieldType;

  private SeismicVectorFieldMapper(
      String leafName, SeismicVectorFieldType fieldType, BuilderParams builderParams) {
    super(leafName, fieldType, builderParams);
    this.luceneFieldType = SeismicVectorField.fieldType(fieldType.buildParams());
  }

  @Override
  public SeismicVectorFieldType fieldType() {
    return (SeismicVectorFieldType) super.fieldType();
  }

  @Override
  public Map<String, NamedAnalyzer> indexAnalyzers() {
    // Tokens are indexed verbatim; the keyword analyzer is what term-vector and highlight APIs see.
    return Map.of(mappedFieldType.name(), Lucene.KEYWORD_ANALYZER);
  }

  @Override
  public FieldMapper.Builder getMergeBuilder() {
    return new Builder(leafName()).init(this);
  }

  @Override
  protected boolean supportsParsingObject() {
    return true;
  }

  @Override
  public void parse(DocumentParserContext context) throws IOException {
    String field = fullPath();
    if (context.parser().currentToken() != Token.START_OBJECT) {
      throw SeismicQueryParams.notAVector(field, context.parser().currentToken());
    }
    SparseVector vector = readVector(context, field);
    // Two vectors for one field in one document would add up their weights token by token.
    if (context.doc().getByKey(field) != null) {
      throw SeismicQueryParams.severalVectors(field);
    }
    context.doc().addWithKey(field, new SeismicVectorField(field, vector, luceneFieldType));
    context.addToFieldNames(fieldType().name());
  }

  /**
   * Reads {token: weight}. Each weight is read by the core's rule ({@link
   * SeismicQueryParams#weight}: a number, or a string holding one, as for {@code rank_features}),
   * then {@link SparseVector#of} validates the vector, with messages naming field and token.
   */
  private static SparseVector readVector(DocumentParserContext context, String field)
      throws IOException {
    List<String> tokens = new ArrayList<>();
    List<Object> weights = new ArrayList<>();
    boolean wasWithinLeaf = context.path().isWithinLeafObject();
    try {
      // Tokens are opaque keys: a dot in "u.s." must not be read as an object path.
      context.path().setWithinLeafObject(true);
      XContentParser parser = context.parser();
      for (Token token = parser.nextToken();
          token != Token.END_OBJECT;
          token = parser.nextToken()) {
        if (token == Token.FIELD_NAME) {
          tokens.add(parser.currentName());
        } else {
          weights.add(SeismicQueryBuilder.jsonValue(parser));
        }
      }
    } finally {
      context.path().setWithinLeafObject(wasWithinLeaf);
    }
    return SeismicQueryParams.vector(field, tokens, weights);
  }

  @Override
  protected void parseCreateField(DocumentParserContext context) {
    throw new AssertionError("parse(DocumentParserContext) reads the whole vector itself");
  }

  @Override
  protected String contentType() {
    return CONTENT_TYPE;
  }
}
