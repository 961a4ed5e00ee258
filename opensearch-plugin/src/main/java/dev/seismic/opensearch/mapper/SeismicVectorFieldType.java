package dev.seismic.opensearch.mapper;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.index.fielddata.IndexFieldData;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.SourceValueFetcher;
import org.opensearch.index.mapper.TextSearchInfo;
import org.opensearch.index.mapper.ValueFetcher;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.lookup.SearchLookup;

/**
 * The search-side view of a {@code seismic_vector} field. The codec also uses this type to
 * recognise the fields it routes to the Seismic postings format.
 *
 * <p>The {@code seismic} query is its main user. A {@code term} query on a token scores by that
 * token's weight and {@code exists} finds the documents with a vector, as on Elasticsearch's {@code
 * sparse_vector} field (OpenSearch's {@code rank_features} refuses both): the two plugins behave
 * the same, and a user of either engine's sparse field loses nothing. Sorting, scripts and
 * aggregations are refused.
 */
public final class SeismicVectorFieldType extends MappedFieldType {

  private final BuildParams params;
  private final Tuning searchDefaults;

  public SeismicVectorFieldType(
      String name, Map<String, String> meta, BuildParams params, Tuning searchDefaults) {
    // Indexed (term and exists work), no stored values, no doc values; TextSearchInfo.NONE keeps
    // the field out of the all-fields text queries (query_string and the like on "*").
    super(name, true, false, false, TextSearchInfo.NONE, meta);
    setIndexAnalyzer(Lucene.KEYWORD_ANALYZER);
    this.params = params;
    this.searchDefaults = Objects.requireNonNull(searchDefaults, "searchDefaults");
  }

  /** The build parameters of the field's mapping. */
  public BuildParams params() {
    return params;
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
  public ValueFetcher valueFetcher(QueryShardContext context, SearchLookup lookup, String format) {
    return SourceValueFetcher.identity(name(), context, format);
  }

  @Override
  public Query termQuery(Object value, QueryShardContext context) {
    String token = value instanceof BytesRef bytes ? bytes.utf8ToString() : value.toString();
    // The postings hold the weight in FeatureField's encoding, so FeatureField's query scores it.
    return FeatureField.newLinearQuery(name(), token, 1f);
  }

  @Override
  public IndexFieldData.Builder fielddataBuilder(
      String fullyQualifiedIndexName, Supplier<SearchLookup> searchLookup) {
    throw unsupported("sorting, scripting or aggregating");
  }

  private IllegalArgumentException unsupported(String what) {
    return new IllegalArgumentException(
        "field ["
            + name()
            + "] of type [seismic_vector] does not support "
            + what
            + "; search it with the [seismic] query");
  }
}
