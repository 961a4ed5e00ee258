package dev.seismic.elasticsearch.rest;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;
import dev.seismic.elasticsearch.SeismicPlugin;
import dev.seismic.rest.ConformanceCase;
import dev.seismic.rest.ConformanceRunner;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESSingleNodeTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Every shared REST conformance case (top-level {@code src/test/rest-conformance/}), one test each,
 * against a node of Elasticsearch's single-node test framework over its real Netty HTTP layer. The
 * same cases run against the real distribution in {@code DistributionIT}; this run is the fast one
 * that catches a regression in seconds.
 */
public class RestConformanceTests extends ESSingleNodeTestCase {

  private final ConformanceCase conformanceCase;

  public RestConformanceTests(@Name("case") ConformanceCase conformanceCase) {
    this.conformanceCase = conformanceCase;
  }

  @ParametersFactory(argumentFormatting = "%1$s")
  public static Iterable<Object[]> cases() throws Exception {
    return ConformanceCase.loadAll(ElasticsearchConformance.ENGINE).stream()
        .map(c -> new Object[] {c})
        .toList();
  }

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

  public void testCase() throws Exception {
    var address =
        getInstanceFromNode(HttpServerTransport.class).boundAddress().publishAddress().address();
    try (ConformanceRunner runner =
        new ConformanceRunner(
            URI.create("http://" + address.getHostString() + ":" + address.getPort()),
            ElasticsearchConformance.ENGINE)) {
      runner.run(conformanceCase);
    }
  }
}
