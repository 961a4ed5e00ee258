package dev.seismic.opensearch.mapper;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import dev.seismic.opensearch.codec.SeismicCodecSetting;
import dev.seismic.opensearch.query.SeismicQueryBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.lucene.document.FieldType;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.core.xcontent.XContentParser.Token;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.index.mapper.FieldMapper;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.Mapper;
import org.opensearch.index.mapper.MapperParsingException;
import org.opensearch.index.mapper.ParametrizedFieldMapper;
import org.opensearch.index.mapper.ParseContext;

/**
 * The {@code seismic_vector} field: a document's value is an object of token to positive weight,
 * indexed with {@link SeismicVectorField} so the Seismic postings format builds its structures at
 * flush and merge.
 *
 * <p>Mapping parameters are the Seismic build parameters ({@code n_postings}, {@code min_postings},
 * {@code centroid_fraction}, {@code summary_energy}, {@code min_cluster_size}, {@code doc_cut},
 * {@code nknn}), validated by the core's {@link BuildParams}; they cannot change once mapped.
 * {@code search_defaults} holds the field's defaults for the query's {@link Tuning} parameters
 * ({@link SeismicQueryParams#searchDefaults}); they change no segment, so a mapping update may
 * change them. The field is refused in multi-fields and in indices whose {@code index.codec} is not
 * {@code seismic}, because there it would index fine and then search without Seismic's structures.
 */
public final class SeismicVectorFieldMapper extends ParametrizedFieldMapper {

  public static final String CONTENT_TYPE = SeismicQueryParams.FIELD_TYPE;

  public static final TypeParser PARSER =
      new TypeParser(
          (name, context) -> {
            if (context.isWithinMultiField()) {
              throw new IllegalArgumentException(
                  "field [" + name + "] of type [seismic_vector] can't be used in multi-fields");
            }
            if (!SeismicCodecSetting.isEnabled(context.getSettings())) {
              throw new IllegalArgumentException(
                  SeismicCodecSetting.missingMessage(
                      name, EngineConfig.INDEX_CODEC_SETTING.get(context.getSettings())));
            }
            return new Builder(name);
          });

  private final BuildParams params;
  private final FieldType luceneFieldType;

  private SeismicVectorFieldMapper(
      String simpleName,
      MappedFieldType mappedFieldType,
      MultiFields multiFields,
      CopyTo copyTo,
      BuildParams params) {
    super(simpleName, mappedFieldType, multiFields, copyTo);
    this.params = params;
    this.luceneFieldType = SeismicVectorField.fieldType(params);
  }

  @Override
  public SeismicVectorFieldType fieldType() {
    return (SeismicVectorFieldType) super.fieldType();
  }

  @Override
  public ParametrizedFieldMapper.Builder getMergeBuilder() {
    return new Builder(simpleName()).init(this);
  }

  @Override
  protected String contentType() {
    return CONTENT_TYPE;
  }

  /**
   * Reads {@code {"token": weight, ...}}. Each weight is read by the core's rule ({@link
   * SeismicQueryParams#weight}: a number, or a string holding one, as for {@code rank_features});
   * anything else, and every weight the core refuses (NaN, infinite, negative, zero, subnormal),
   * fails this document only, with the field and token named.
   */
  @Override
  protected void parseCreateField(ParseContext context) throws IOException {
    XContentParser parser = context.parser();
    if (parser.currentToken() != Token.START_OBJECT) {
      throw SeismicQueryParams.notAVector(name(), parser.currentToken());
    }
    List<String> tokens = new ArrayList<>();
    List<Object> weights = new ArrayList<>();
    for (Token t = parser.nextToken(); t != Token.END_OBJECT; t = parser.nextToken()) {
      if (t == Token.FIELD_NAME) {
        tokens.add(parser.currentName());
      } else {
        weights.add(SeismicQueryBuilder.jsonValue(parser));
      }
    }
    SparseVector vector = SeismicQueryParams.vector(name(), tokens, weights);
    // A document may hold one vector per field: a second one (an array of objects) would add its
    // weights to the first one's term frequencies.
    if (context.doc().getByKey(name()) != null) {
      throw SeismicQueryParams.severalVectors(name());
    }
    context.doc().addWithKey(name(), new SeismicVectorField(name(), vector, luceneFieldType));
    createFieldNamesField(context); // what exists queries read
  }

  /** Mapping parameters, with the names and defaults of the core's {@link BuildParams}. */
  public static final class Builder extends ParametrizedFieldMapper.Builder {

    private final Parameter<Integer> nPostings =
        intParam(BuildParams.N_POSTINGS, BuildParams.DEFAULT_N_POSTINGS, BuildParams::nPostings);
    private final Parameter<Integer> minPostings =
        intParam(
            BuildParams.MIN_POSTINGS, BuildParams.DEFAULT_MIN_POSTINGS, BuildParams::minPostings);
    private final Parameter<Float> centroidFraction =
        floatParam(
            BuildParams.CENTROID_FRACTION,
            BuildParams.DEFAULT_CENTROID_FRACTION,
            BuildParams::centroidFraction);
    private final Parameter<Float> summaryEnergy =
        floatParam(
            BuildParams.SUMMARY_ENERGY,
            BuildParams.DEFAULT_SUMMARY_ENERGY,
            BuildParams::summaryEnergy);
    private final Parameter<Integer> minClusterSize =
        intParam(
            BuildParams.MIN_CLUSTER_SIZE,
            BuildParams.DEFAULT_MIN_CLUSTER_SIZE,
            BuildParams::minClusterSize);
    private final Parameter<Integer> docCut =
        intParam(BuildParams.DOC_CUT, BuildParams.DEFAULT_DOC_CUT, BuildParams::docCut);
    private final Parameter<Integer> nknn =
        intParam(BuildParams.NKNN, BuildParams.DEFAULT_NKNN, BuildParams::nknn);
    private final Parameter<Tuning> searchDefaults =
        new Parameter<>(
                SeismicQueryParams.SEARCH_DEFAULTS,
                true,
                () -> Tuning.NONE,
                (field, c, o) -> mappingParam(() -> SeismicQueryParams.searchDefaults(field, o)),
                m -> ((SeismicVectorFieldMapper) m).fieldType().searchDefaults())
            .setSerializer((b, n, v) -> b.field(n, v.toMap()), Tuning::toString);
    private final Parameter<Map<String, String>> meta = Parameter.metaParam();

    public Builder(String name) {
      super(name);
      this.builder = this;
    }

    @Override
    protected List<Parameter<?>> getParameters() {
      return List.of(
          nPostings,
          minPostings,
          centroidFraction,
          summaryEnergy,
          minClusterSize,
          docCut,
          nknn,
          searchDefaults,
          meta);
    }

    @Override
    public SeismicVectorFieldMapper build(Mapper.BuilderContext context) {
      BuildParams params =
          new BuildParams(
              nPostings.getValue(),
              minPostings.getValue(),
              centroidFraction.getValue(),
              summaryEnergy.getValue(),
              minClusterSize.getValue(),
              docCut.getValue(),
              nknn.getValue());
      return new SeismicVectorFieldMapper(
          name,
          new SeismicVectorFieldType(
              buildFullName(context), meta.getValue(), params, searchDefaults.getValue()),
          multiFieldsBuilder.build(this, context),
          copyTo.build(),
          params);
    }

    // Build parameters are fixed once mapped (not updateable): segments already written keep
    // theirs, and a field whose segments disagree would be hard to reason about. They are always
    // serialized, so the stored mapping shows every value the segments are built with (and a
    // configured value was seen dropped from GET _mapping under some test seeds otherwise).
    private static Parameter<Integer> intParam(
        String name, int defaultValue, Function<BuildParams, Integer> getter) {
      return new Parameter<>(
              name,
              false,
              () -> defaultValue,
              (field, c, o) ->
                  mappingParam(() -> SeismicQueryParams.buildParam(field, name, o, getter)),
              m -> getter.apply(params(m)))
          .alwaysSerialize();
    }

    private static Parameter<Float> floatParam(
        String name, float defaultValue, Function<BuildParams, Float> getter) {
      return new Parameter<>(
              name,
              false,
              () -> defaultValue,
              (field, c, o) ->
                  mappingParam(() -> SeismicQueryParams.buildParam(field, name, o, getter)),
              m -> getter.apply(params(m)))
          .alwaysSerialize();
    }

    /**
     * A mapping parameter read and checked by the core ({@link SeismicQueryParams#buildParam},
     * {@link SeismicQueryParams#searchDefaults}): the same rules and messages, naming the field,
     * the parameter and the value, in both engines; the core's error becomes OpenSearch's.
     */
    private static <T> T mappingParam(Supplier<T> read) {
      try {
        return read.get();
      } catch (IllegalArgumentException e) {
        throw new MapperParsingException(e.getMessage(), e);
      }
    }

    private static BuildParams params(FieldMapper mapper) {
      return ((SeismicVectorFieldMapper) mapper).params;
    }
  }
}
