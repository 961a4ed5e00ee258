package dev.seismic.opensearch;

import dev.seismic.opensearch.rest.RestCalls;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchSingleNodeTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * One node of OpenSearch's single-node test framework with the plugin installed and the real Netty
 * HTTP layer on loopback, so that tests reach it as a user would ({@link #httpHost()}). A test
 * class that needs another plugin on the node adds it to {@link #getPlugins()}.
 */
public abstract class SeismicHttpNodeTestCase extends OpenSearchSingleNodeTestCase {

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class, Netty4ModulePlugin.class);
  }

  @Override
  protected boolean addMockHttpTransport() {
    return false;
  }

  @Override
  protected Settings nodeSettings() {
    return Settings.builder()
        .put(super.nodeSettings())
        .put("http.type", "netty4")
        .put("http.port", 0)
        .put("http.host", "127.0.0.1")
        .build();
  }

  /** Where the node's HTTP layer listens. */
  protected HttpHost httpHost() {
    return RestCalls.httpHost(getInstanceFromNode(HttpServerTransport.class));
  }

  /** {@link #httpHost()} as a URI. */
  protected URI httpUri() {
    return URI.create(httpHost().toURI());
  }
}
