package dev.seismic.opensearch.cluster;

import dev.seismic.opensearch.SeismicPlugin;
import java.util.Collection;
import java.util.List;
import org.opensearch.common.settings.Settings;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * Nodes of OpenSearch's internal test cluster with the plugin installed and real Netty HTTP, so
 * that tests reach them as a user would. Subclasses choose the cluster's shape with {@code
 * ClusterScope}.
 */
public abstract class SeismicHttpClusterTestCase extends OpenSearchIntegTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> nodePlugins() {
    return List.of(SeismicPlugin.class, Netty4ModulePlugin.class);
  }

  @Override
  protected boolean addMockHttpTransport() {
    return false;
  }

  @Override
  protected Settings nodeSettings(int nodeOrdinal) {
    return Settings.builder()
        .put(super.nodeSettings(nodeOrdinal))
        .put("http.type", "netty4")
        .build();
  }
}
