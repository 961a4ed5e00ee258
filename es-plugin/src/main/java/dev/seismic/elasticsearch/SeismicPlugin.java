package dev.seismic.elasticsearch;

import dev.seismic.elasticsearch.engine.SeismicEngineFactory;
import dev.seismic.elasticsearch.mapper.SeismicVectorFieldMapper;
import dev.seismic.elasticsearch.query.SearchWindow;
import dev.seismic.elasticsearch.query.SeismicQueryBuilder;
import dev.seismic.elasticsearch.store.SeismicDirectoryFactory;
import dev.seismic.elasticsearch.store.SeismicStoreTypeProvider;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticsearch.action.support.ActionFilter;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettingProvider;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.engine.EngineFactory;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.EnginePlugin;
import org.elasticsearch.plugins.IndexStorePlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.snapshots.SearchableSnapshotsSettings;

/**
 * Registers Seismic with Elasticsearch: the {@code index.seismic.enabled} setting, the {@code
 * seismic_vector} field, the {@code seismic} query, and the engine that writes Seismic fields in
 * the Seismic postings format for the indices that enable it, the search action filter that tells a
 * {@code seismic} query without {@code k} the request's {@code from + size} ({@link SearchWindow}),
 * and the store that memory-maps Seismic's files, default for Seismic indices ({@link
 * SeismicDirectoryFactory}, {@link SeismicStoreTypeProvider}). No logic lives here.
 */
public final class SeismicPlugin extends Plugin
    implements MapperPlugin, SearchPlugin, EnginePlugin, ActionPlugin, IndexStorePlugin {

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
  public Map<String, DirectoryFactory> getDirectoryFactories() {
    return Map.of(SeismicDirectoryFactory.STORE_TYPE, new SeismicDirectoryFactory());
  }

  @Override
  public Collection<IndexSettingProvider> getAdditionalIndexSettingProviders(
      IndexSettingProvider.Parameters parameters) {
    return List.of(new SeismicStoreTypeProvider(parameters.clusterService().getSettings()));
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
   * competes with other engine plugins (CCR followers, searchable snapshots) elsewhere. On a
   * Seismic index, Elasticsearch allows one engine factory per index ({@code IndicesService}
   * refuses "multiple engine factories"):
   *
   * <ul>
   *   <li>A searchable snapshot mount ({@code index.store.type: snapshot}) of a Seismic index keeps
   *       the setting, and the searchable-snapshots plugin supplies its read-only engine. It writes
   *       no segments, and the snapshot's segments already hold the Seismic files, which read with
   *       the stock codec and this plugin's postings format: the plugin steps aside.
   *   <li>A cross-cluster replication follower ({@code index.xpack.ccr.following_index: true}) gets
   *       its engine from CCR, which would write the replicated documents' Seismic fields in the
   *       default format (Seismic queries would silently find nothing there): refused with a
   *       message saying what to do instead.
   * </ul>
   */
  @Override
  public Optional<EngineFactory> getEngineFactory(IndexSettings indexSettings) {
    Settings settings = indexSettings.getSettings();
    if (SeismicIndexSettings.isEnabled(settings) == false
        || SearchableSnapshotsSettings.isSearchableSnapshotStore(settings)) {
      return Optional.empty();
    }
    if (settings.getAsBoolean(CCR_FOLLOWING_INDEX, false)) {
      throw new IllegalArgumentException(
          "index ["
              + indexSettings.getIndex().getName()
              + "] is a cross-cluster replication follower of an index with ["
              + SeismicIndexSettings.ENABLED.getKey()
              + ": true]; followers of Seismic indices are not supported (replication writes"
              + " with its own engine, which cannot index Seismic fields). Copy the index with"
              + " snapshot and restore, or reindex into an index with ["
              + SeismicIndexSettings.ENABLED.getKey()
              + ": true], instead");
    }
    return Optional.of(new SeismicEngineFactory());
  }

  /** X-Pack CCR's marker of a follower index (not registered without X-Pack, so read raw). */
  static final String CCR_FOLLOWING_INDEX = "index.xpack.ccr.following_index";
}
