package dev.seismic.elasticsearch.rest;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;
import dev.seismic.elasticsearch.SeismicHttpNodeTestCase;
import dev.seismic.rest.ConformanceCase;
import dev.seismic.rest.ConformanceRunner;

/**
 * Every shared REST conformance case (top-level {@code src/test/rest-conformance/}), one test each,
 * against a node of Elasticsearch's single-node test framework over its real Netty HTTP layer. The
 * same cases run against the real distribution in {@code DistributionIT}; this run is the fast one
 * that catches a regression in seconds.
 */
public class RestConformanceTests extends SeismicHttpNodeTestCase {

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

  public void testCase() throws Exception {
    try (ConformanceRunner runner =
        new ConformanceRunner(httpUri(), ElasticsearchConformance.ENGINE)) {
      runner.run(conformanceCase);
    }
  }
}
