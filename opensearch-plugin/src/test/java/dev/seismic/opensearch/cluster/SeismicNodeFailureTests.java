package dev.seismic.opensearch.cluster;

import dev.seismic.cluster.NodeChurnScenario;
import dev.seismic.cluster.NodeChurnScenario.ShardCopy;
import dev.seismic.opensearch.rest.Json;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.test.InternalTestCluster;

/**
 * The node-failure scenario ({@link NodeChurnScenario}: writes under a restart, relocations and a
 * lost node; afterwards every acknowledged document found on every copy) on OpenSearch's internal
 * test cluster.
 */
public class SeismicNodeFailureTests extends SeismicHttpClusterTestCase {

  /**
   * The framework's tracing mock keeps every span of the class in memory until the class ends, and
   * each run of this test sends thousands of requests: with {@code -Dtests.iters=16} its 2 million
   * spans filled the 1 GB test heap by the 13th iteration. The scenario's checks cover what the
   * index holds.
   */
  @Override
  protected boolean addMockTelemetryPlugin() {
    return false;
  }

  public void testAcknowledgedDocumentsSurviveRestartsRelocationsAndNodeLoss() throws Exception {
    try (NodeChurnScenario scenario =
        new NodeChurnScenario(new TestCluster(), "\"codec\": \"seismic\"", random().nextLong())) {
      logger.info("{}", scenario.run());
    }
  }

  /** OpenSearch's internal test cluster, as the scenario sees it. */
  private final class TestCluster implements NodeChurnScenario.Cluster {

    @Override
    public List<String> nodeNames() {
      return List.of(internalCluster().getNodeNames());
    }

    @Override
    public URI httpAddress(String node) {
      return URI.create(httpHost(node).toURI());
    }

    @Override
    public String nodeId(String node) {
      return internalCluster().clusterService(node).localNode().getId();
    }

    @Override
    public void restartNode(String node) throws Exception {
      internalCluster().restartNode(node);
    }

    @Override
    public void stopNode(String node) throws Exception {
      internalCluster().stopRandomNode(InternalTestCluster.nameFilter(node));
    }

    @Override
    public void startNode() {
      internalCluster().startNode();
    }

    @Override
    public List<ShardCopy> shardCopies(String index) throws IOException {
      List<ShardCopy> copies = new ArrayList<>();
      for (String node : internalCluster().getNodeNames()) {
        IndexService service =
            internalCluster()
                .getInstance(IndicesService.class, node)
                .indexService(resolveIndex(index));
        if (service == null) {
          continue;
        }
        for (IndexShard shard : service) {
          try (Engine.Searcher searcher = shard.acquireSearcher("verify")) {
            copies.add(
                new ShardCopy(
                    node,
                    shard.shardId().id(),
                    shard.routingEntry().primary(),
                    searcher.getIndexReader().numDocs()));
          }
        }
      }
      return copies;
    }

    @Override
    public Object parseJson(String json) {
      return Json.parse(json);
    }
  }
}
