package dev.seismic.elasticsearch;

import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;

/**
 * The index setting that turns the Seismic postings format on for an index.
 *
 * <p>Elasticsearch gives plugins no hook to choose a field's postings format, so the plugin
 * installs its own engine for the indices that ask for it (see {@code SeismicEngineFactory}). The
 * setting is final: the engine, and so the format of every segment, is fixed when the index is
 * created.
 */
public final class SeismicIndexSettings {

  /** {@code index.seismic.enabled}: a boolean, false by default, set at index creation only. */
  public static final Setting<Boolean> ENABLED =
      Setting.boolSetting(
          "index.seismic.enabled", false, Setting.Property.IndexScope, Setting.Property.Final);

  private SeismicIndexSettings() {}

  /** Whether the index with these settings writes its Seismic fields in the Seismic format. */
  public static boolean isEnabled(Settings indexSettings) {
    return ENABLED.get(indexSettings);
  }
}
