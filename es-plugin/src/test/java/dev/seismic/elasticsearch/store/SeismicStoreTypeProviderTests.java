package dev.seismic.elasticsearch.store;

import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import org.elasticsearch.cluster.metadata.ProjectMetadata;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexModule;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.test.ESTestCase;

/**
 * Which new indices {@link SeismicStoreTypeProvider} gives the Seismic store: the settings it sees
 * are the template's and the create request's, merged, as Elasticsearch passes them.
 */
public class SeismicStoreTypeProviderTests extends ESTestCase {

  private static final String STORE_TYPE = IndexModule.INDEX_STORE_TYPE_SETTING.getKey();

  private static Settings provided(Settings nodeSettings, Settings requestAndTemplate) {
    Settings.Builder additional = Settings.builder();
    new SeismicStoreTypeProvider(nodeSettings)
        .provideAdditionalSettings(
            "idx",
            null,
            null,
            ProjectMetadata.builder(randomProjectIdOrDefault()).build(),
            Instant.now(),
            requestAndTemplate,
            List.of(),
            IndexVersion.current(),
            additional);
    return additional.build();
  }

  private static Settings.Builder seismic() {
    return Settings.builder().put("index.seismic.enabled", true);
  }

  public void testSeismicIndexWithoutStoreTypeGetsTheSeismicStore() {
    assertThat(
        provided(Settings.EMPTY, seismic().build()).get(STORE_TYPE),
        equalTo(SeismicDirectoryFactory.STORE_TYPE));
  }

  public void testOtherIndicesGetNothing() {
    assertTrue(provided(Settings.EMPTY, Settings.EMPTY).isEmpty());
    assertTrue(
        provided(Settings.EMPTY, Settings.builder().put("index.seismic.enabled", false).build())
            .isEmpty());
  }

  public void testStoreTypeChosenInTheRequestOrTemplateIsLeftAlone() {
    assertTrue(provided(Settings.EMPTY, seismic().put(STORE_TYPE, "niofs").build()).isEmpty());
    assertTrue(provided(Settings.EMPTY, seismic().put(STORE_TYPE, "fs").build()).isEmpty());
    assertTrue(provided(Settings.EMPTY, seismic().putNull(STORE_TYPE).build()).isEmpty());
  }

  public void testStoreTypeChosenForTheNodeIsLeftAlone() {
    Settings node = Settings.builder().put(STORE_TYPE, "mmapfs").build();
    assertTrue(provided(node, seismic().build()).isEmpty());
  }
}
