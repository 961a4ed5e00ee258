package dev.seismic.opensearch.cluster;

import dev.seismic.opensearch.SeismicPlugin;
import dev.seismic.opensearch.rest.RestCalls;
import java.util.Collection;
import java.util.List;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * Nodes of OpenSearch's internal test cluster with the plugin installed and real Netty HTTP, so
 * that tests reach them as a user would ({@link #httpHost}). A new cluster of three data nodes for
 * each test, none a dedicated master; a subclass may choose another shape with its own {@code
 * ClusterScope}.
 */
@ClusterScope(
    scope = Scope.TEST,
    numDataNodes = 3,
    numClientNodes = 0,
    supportsDedicatedMasters = false)
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

  /** Where the HTTP layer of a running node listens. */
  protected static HttpHost httpHost(String node) {
    return RestCalls.httpHost(internalCluster().getInstance(HttpServerTransport.class, node));
  }
}
