package dev.seismic.elasticsearch;

import static org.hamcrest.Matchers.containsString;

import dev.seismic.elasticsearch.engine.SeismicEngineFactory;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.snapshots.SearchableSnapshotsSettings;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.test.IndexSettingsModule;

/**
 * Which indices get the Seismic engine. Searchable snapshots and cross-cluster replication are
 * X-Pack features, absent from the test framework and the OSS distribution used here, so their
 * plugins cannot run; this tests the rule they meet in {@code IndicesService} (one engine factory
 * per index) from the plugin's side, with the settings those features put on their indices.
 */
public class EngineFactoryChoiceTests extends ESTestCase {

  private static IndexSettings index(Settings settings) {
    return IndexSettingsModule.newIndexSettings("idx", settings, SeismicIndexSettings.ENABLED);
  }

  public void testOnlySeismicIndicesGetTheEngine() {
    SeismicPlugin plugin = new SeismicPlugin();
    assertTrue(plugin.getEngineFactory(index(Settings.EMPTY)).isEmpty());
    assertTrue(
        plugin
                .getEngineFactory(
                    index(Settings.builder().put("index.seismic.enabled", true).build()))
                .orElseThrow()
            instanceof SeismicEngineFactory);
  }

  /** The searchable-snapshots plugin supplies the mount's read-only engine; ours steps aside. */
  public void testSearchableSnapshotMountIsLeftToItsEngine() {
    Settings mounted =
        Settings.builder()
            .put("index.seismic.enabled", true)
            .put("index.store.type", SearchableSnapshotsSettings.SEARCHABLE_SNAPSHOT_STORE_TYPE)
            .build();
    assertTrue(SearchableSnapshotsSettings.isSearchableSnapshotStore(mounted));
    assertTrue(new SeismicPlugin().getEngineFactory(index(mounted)).isEmpty());
  }

  public void testFollowerIsRefusedSayingWhatToDo() {
    Settings follower =
        Settings.builder()
            .put("index.seismic.enabled", true)
            .put(SeismicPlugin.CCR_FOLLOWING_INDEX, true)
            .build();
    IllegalArgumentException e =
        expectThrows(
            IllegalArgumentException.class,
            () -> new SeismicPlugin().getEngineFactory(index(follower)));
    assertThat(e.getMessage(), containsString("cross-cluster replication follower"));
    assertThat(e.getMessage(), containsString("snapshot and restore, or reindex"));
  }
}
