package dev.seismic.opensearch;

import dev.seismic.opensearch.codec.SeismicAdditionalCodecs;
import dev.seismic.opensearch.codec.SeismicCodecSetting;
import dev.seismic.opensearch.mapper.SeismicVectorFieldMapper;
import dev.seismic.opensearch.query.SeismicQueryBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.codec.AdditionalCodecs;
import org.opensearch.index.mapper.Mapper;
import org.opensearch.plugins.EnginePlugin;
import org.opensearch.plugins.MapperPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;

/**
 * Seismic for OpenSearch: the {@code seismic_vector} field type, the {@code seismic} query, and the
 * {@code seismic} codec that indexes those fields with the Seismic postings format.
 */
public final class SeismicPlugin extends Plugin
    implements MapperPlugin, SearchPlugin, EnginePlugin {

  @Override
  public Map<String, Mapper.TypeParser> getMappers() {
    return Map.of(SeismicVectorFieldMapper.CONTENT_TYPE, SeismicVectorFieldMapper.PARSER);
  }

  @Override
  public List<QuerySpec<?>> getQueries() {
    return List.of(
        new QuerySpec<>(
            SeismicQueryBuilder.NAME, SeismicQueryBuilder::new, SeismicQueryBuilder::fromXContent));
  }

  /** Only indices that ask for the codec get it, so other indices see no change at all. */
  @Override
  public Optional<AdditionalCodecs> getAdditionalCodecs(IndexSettings indexSettings) {
    if (!SeismicCodecSetting.isEnabled(indexSettings.getSettings())) {
      return Optional.empty();
    }
    return Optional.of(new SeismicAdditionalCodecs());
  }
}
