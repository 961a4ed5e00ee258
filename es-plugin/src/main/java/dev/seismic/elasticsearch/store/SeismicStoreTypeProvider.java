package dev.seismic.elasticsearch.store;

import dev.seismic.elasticsearch.SeismicIndexSettings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.elasticsearch.cluster.metadata.ProjectMetadata;
import org.elasticsearch.common.compress.CompressedXContent;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexMode;
import org.elasticsearch.index.IndexModule;
import org.elasticsearch.index.IndexSettingProvider;
import org.elasticsearch.index.IndexVersion;

/**
 * Makes {@value SeismicDirectoryFactory#STORE_TYPE} the store of a new index with {@code
 * index.seismic.enabled: true}, unless a store type was chosen: in the create request or a template
 * (including {@code null}, which asks for Elasticsearch's default), or in the node's {@code
 * elasticsearch.yml}.
 *
 * <p>Elasticsearch applies a provider's settings before the template's and the request's, so a
 * choice made there would win anyway; leaving the setting out keeps it off the index entirely. The
 * setting is written into the new index's settings, where {@code GET _settings} shows it and where
 * it can be changed on the closed index like any store type. Indices created before the plugin
 * provided it keep the store they were created with.
 */
public final class SeismicStoreTypeProvider implements IndexSettingProvider {

  private final Settings nodeSettings;

  /**
   * @param nodeSettings the settings of the node that creates indices (its {@code
   *     index.store.type}, if set, is the operator's choice for every index)
   */
  public SeismicStoreTypeProvider(Settings nodeSettings) {
    this.nodeSettings = Objects.requireNonNull(nodeSettings, "node settings");
  }

  @Override
  public void provideAdditionalSettings(
      String indexName,
      String dataStreamName,
      IndexMode templateIndexMode,
      ProjectMetadata projectMetadata,
      Instant resolvedAt,
      Settings indexTemplateAndCreateRequestSettings,
      List<CompressedXContent> combinedTemplateMappings,
      IndexVersion indexVersion,
      Settings.Builder additionalSettings) {
    if (SeismicIndexSettings.isEnabled(indexTemplateAndCreateRequestSettings)
        && IndexModule.INDEX_STORE_TYPE_SETTING.exists(indexTemplateAndCreateRequestSettings)
            == false
        && IndexModule.INDEX_STORE_TYPE_SETTING.exists(nodeSettings) == false) {
      additionalSettings.put(
          IndexModule.INDEX_STORE_TYPE_SETTING.getKey(), SeismicDirectoryFactory.STORE_TYPE);
    }
  }
}
