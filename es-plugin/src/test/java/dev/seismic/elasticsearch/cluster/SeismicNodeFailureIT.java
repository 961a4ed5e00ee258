package dev.seismic.elasticsearch.cluster;

import dev.seismic.cluster.NodeChurnScenario;
import dev.seismic.cluster.NodeChurnScenario.ShardCopy;
import dev.seismic.elasticsearch.rest.ElasticsearchConformance;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.engine.Engine;
import org.elasticsearch.index.shard.IndexShard;
import org.elasticsearch.indices.IndicesService;

/**
 * The node-failure scenario ({@link NodeChurnScenario}: writes under a restart, relocations and a
 * lost node; afterwards every acknowledged document found on every copy) on Elasticsearch's
 * internal test cluster.
 */
public class SeismicNodeFailureIT extends SeismicHttpClusterTestCase {

  public void testAcknowledgedDocumentsSurviveRestartsRelocationsAndNodeLoss() throws Exception {
    try (NodeChurnScenario scenario =
        new NodeChurnScenario(
            new TestCluster(), "\"seismic.enabled\": true", random().nextLong())) {
      logger.info("{}", scenario.run());
    }
  }

  /** Elasticsearch's internal test cluster, as the scenario sees it. */
  private final class TestCluster implements NodeChurnScenario.Cluster {

    @Override
    public List<String> nodeNames() {
      return List.of(internalCluster().getNodeNames());
    }

    @Override
    public URI httpAddress(String node) {
      return httpUri(node);
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
    public void stopNode(String node) throws IOException {
      internalCluster().stopNode(node);
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
      return ElasticsearchConformance.parse(json);
    }
  }
}
