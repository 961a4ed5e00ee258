package dev.seismic.elasticsearch;

import dev.seismic.elasticsearch.engine.SeismicEngineFactory;
import dev.seismic.elasticsearch.mapper.SeismicVectorFieldMapper;
import dev.seismic.elasticsearch.query.SearchWindow;
import dev.seismic.elasticsearch.query.SeismicQueryBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticsearch.action.support.ActionFilter;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.engine.EngineFactory;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.EnginePlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;

/**
 * Registers Seismic with Elasticsearch: the {@code index.seismic.enabled} setting, the {@code
 * seismic_vector} field, the {@code seismic} query, and the engine that writes Seismic fields in
 * the Seismic postings format for the indices that enable it, and the search action filter that
 * tells a {@code seismic} query without {@code k} the request's {@code from + size} ({@link
 * SearchWindow}). No logic lives here.
 */
public final class SeismicPlugin extends Plugin
    implements MapperPlugin, SearchPlugin, EnginePlugin, ActionPlugin {

  private final SearchWindow searchWindow = new SearchWindow();

  @Override
  public Collection<?> createComponents(PluginServices services) {
    searchWindow.threadContext(services.threadPool().getThreadContext());
    return List.of();
  }

  @Override
  public Collection<ActionFilter> getActionFilters() {
    return List.of(searchWindow);
  }

  @Override
  public List<Setting<?>> getSettings() {
    return List.of(SeismicIndexSettings.ENABLED);
  }

  @Override
  public Map<String, Mapper.TypeParser> getMappers() {
    return Map.of(SeismicVectorFieldMapper.CONTENT_TYPE, SeismicVectorFieldMapper.PARSER);
  }

  @Override
  public List<QuerySpec<?>> getQueries() {
    return List.of(
        new QuerySpec<>(
            SeismicQueryBuilder.NAME,
            SeismicQueryBuilder::new,
            parser -> SeismicQueryBuilder.fromXContent(parser, searchWindow)));
  }

  /**
   * Only indices with {@code index.seismic.enabled: true} get our engine, so the plugin never
   * competes with other engine plugins (CCR followers, searchable snapshots) elsewhere.
   */
  @Override
  public Optional<EngineFactory> getEngineFactory(IndexSettings indexSettings) {
    if (SeismicIndexSettings.isEnabled(indexSettings.getSettings()) == false) {
      return Optional.empty();
    }
    return Optional.of(new SeismicEngineFactory());
  }
}
