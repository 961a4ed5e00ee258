package dev.seismic.elasticsearch.mapper;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.elasticsearch.index.fielddata.FieldDataContext;
import org.elasticsearch.index.fielddata.IndexFieldData;
import org.elasticsearch.index.mapper.IndexType;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.SourceValueFetcher;
import org.elasticsearch.index.mapper.TextSearchInfo;
import org.elasticsearch.index.mapper.ValueFetcher;
import org.elasticsearch.index.query.SearchExecutionContext;

/**
 * The search side of a {@code seismic_vector} field. It is deliberately not marked as a "vector
 * embedding": Elasticsearch 9 drops those from {@code _source} on fetch by default, and the vector
 * is rebuilt from nowhere else, so {@code _source}, reindex and update would lose it.
 *
 * <p>The {@code seismic} query is its main user. A {@code term} query on a token scores by that
 * token's weight and {@code exists} finds the documents with a vector (through {@code
 * _field_names}), as on Elasticsearch's {@code sparse_vector} field; the OpenSearch plugin does the
 * same. Sorting, scripts and aggregations are refused.
 */
public final class SeismicVectorFieldType extends MappedFieldType {

  private final BuildParams buildParams;
  private final Tuning searchDefaults;

  public SeismicVectorFieldType(
      String name, BuildParams buildParams, Tuning searchDefaults, Map<String, String> meta) {
    super(name, IndexType.terms(true, false), false, meta);
    this.buildParams = buildParams;
    this.searchDefaults = Objects.requireNonNull(searchDefaults, "searchDefaults");
  }

  /** The field's Seismic build parameters, from its mapping. */
  public BuildParams buildParams() {
    return buildParams;
  }

  /**
   * The field's defaults for the query parameters a query leaves out, from its mapping's {@code
   * search_defaults} ({@link Tuning#NONE} when it has none).
   */
  public Tuning searchDefaults() {
    return searchDefaults;
  }

  @Override
  public String typeName() {
    return SeismicVectorFieldMapper.CONTENT_TYPE;
  }

  @Override
  public TextSearchInfo getTextSearchInfo() {
    return TextSearchInfo.SIMPLE_MATCH_ONLY;
  }

  @Override
  public ValueFetcher valueFetcher(SearchExecutionContext context, String format) {
    return SourceValueFetcher.identity(name(), context, format);
  }

  @Override
  public Query termQuery(Object value, SearchExecutionContext context) {
    String token = value instanceof BytesRef bytes ? bytes.utf8ToString() : value.toString();
    // The postings hold the weight in FeatureField's encoding, so FeatureField's query scores it.
    return FeatureField.newLinearQuery(name(), token, 1f);
  }

  @Override
  public IndexFieldData.Builder fielddataBuilder(FieldDataContext fieldDataContext) {
    throw new IllegalArgumentException(
        "field ["
            + name()
            + "] of type ["
            + typeName()
            + "] does not support sorting, scripting or aggregating; search it with the [seismic]"
            + " query");
  }
}
