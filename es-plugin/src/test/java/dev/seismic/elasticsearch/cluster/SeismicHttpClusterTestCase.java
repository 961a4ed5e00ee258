package dev.seismic.elasticsearch.cluster;

import dev.seismic.elasticsearch.SeismicPlugin;
import java.util.Collection;
import java.util.List;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Nodes of Elasticsearch's internal test cluster with the plugin installed and real Netty HTTP, so
 * that tests reach them as a user would. Subclasses choose the cluster's shape with {@code
 * ClusterScope}.
 */
public abstract class SeismicHttpClusterTestCase extends ESIntegTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> nodePlugins() {
    return List.of(SeismicPlugin.class, Netty4Plugin.class);
  }

  @Override
  protected boolean addMockHttpTransport() {
    return false;
  }

  /**
   * The framework randomly installs its own engine factory, and Elasticsearch allows only one per
   * index: with ours on every Seismic index, the mock engine has to stay out.
   */
  @Override
  protected boolean addMockInternalEngine() {
    return false;
  }

  @Override
  protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
    return Settings.builder()
        .put(super.nodeSettings(nodeOrdinal, otherSettings))
        .put("http.type", "netty4")
        .build();
  }
}
