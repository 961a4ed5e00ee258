package dev.seismic.elasticsearch.cluster;

import dev.seismic.elasticsearch.SeismicPlugin;
import dev.seismic.elasticsearch.rest.RestHelper;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.test.ESIntegTestCase.ClusterScope;
import org.elasticsearch.test.ESIntegTestCase.Scope;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Nodes of Elasticsearch's internal test cluster with the plugin installed and real Netty HTTP, so
 * that tests reach them as a user would ({@link #httpUri}). A new cluster of three data nodes for
 * each test, none a dedicated master; a subclass may choose another shape with its own {@code
 * ClusterScope}.
 */
@ClusterScope(
    scope = Scope.TEST,
    numDataNodes = 3,
    numClientNodes = 0,
    supportsDedicatedMasters = false)
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

  /** Where the HTTP layer of a running node listens. */
  protected URI httpUri(String node) {
    return RestHelper.httpUri(internalCluster().getInstance(HttpServerTransport.class, node));
  }
}
