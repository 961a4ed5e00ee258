package dev.seismic.opensearch.mapper;

import dev.seismic.lucene.document.BuildParams;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.search.Query;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.index.fielddata.IndexFieldData;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.SourceValueFetcher;
import org.opensearch.index.mapper.TextSearchInfo;
import org.opensearch.index.mapper.ValueFetcher;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.lookup.SearchLookup;

/**
 * The search-side view of a {@code seismic_vector} field. Only the {@code seismic} query reads it;
 * the generic queries are refused with a pointer to that query. The codec also uses this type to
 * recognise the fields it routes to the Seismic postings format.
 */
public final class SeismicVectorFieldType extends MappedFieldType {

  private final BuildParams params;

  public SeismicVectorFieldType(String name, Map<String, String> meta, BuildParams params) {
    // Like rank_features: not "searchable" to generic queries, no stored values, no doc values.
    super(name, false, false, false, TextSearchInfo.NONE, meta);
    setIndexAnalyzer(Lucene.KEYWORD_ANALYZER);
    this.params = params;
  }

  /** The build parameters of the field's mapping. */
  public BuildParams params() {
    return params;
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
    throw unsupported("term queries");
  }

  @Override
  public Query existsQuery(QueryShardContext context) {
    throw unsupported("[exists] queries");
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
