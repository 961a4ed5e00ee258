package dev.seismic.elasticsearch;

import dev.seismic.elasticsearch.rest.RestHelper;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESSingleNodeTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.After;

/**
 * One node of Elasticsearch's single-node test framework with the plugin installed and the real
 * Netty HTTP layer on loopback, so that tests reach it as a user would: {@link #rest()} is a client
 * for it, closed after each test. A test class that needs another plugin on the node adds it to
 * {@link #getPlugins()}.
 */
public abstract class SeismicHttpNodeTestCase extends ESSingleNodeTestCase {

  private RestHelper rest;

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    return List.of(SeismicPlugin.class, Netty4Plugin.class);
  }

  @Override
  protected boolean addMockHttpTransport() {
    return false;
  }

  @Override
  protected Settings nodeSettings() {
    return Settings.builder().put("http.type", "netty4").put("http.host", "127.0.0.1").build();
  }

  /** Where the node's HTTP layer listens. */
  protected URI httpUri() {
    return RestHelper.httpUri(getInstanceFromNode(HttpServerTransport.class));
  }

  /** A client for the node, made on first use in a test. */
  protected RestHelper rest() {
    if (rest == null) {
      rest = new RestHelper(httpUri());
    }
    return rest;
  }

  @After
  public void closeRestClient() {
    if (rest != null) {
      rest.close();
      rest = null;
    }
  }
}
