package dev.seismic.opensearch.dist;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;

/**
 * Runs one OpenSearch node from a prepared home (see {@link PackagedNode}): writes the HTTP port to
 * {@value #PORT_FILE} once the node answers, and stops the node cleanly when standard input closes,
 * so the node also goes away when the test JVM dies.
 */
public final class NodeMain {

  static final String PORT_FILE = "http.port";

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Settings settings =
        Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("cluster.name", "seismic-packaged-it")
            .put("node.name", "it-node")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", "0")
            .put("transport.port", "0")
            // A nearly full build disk must not turn the test indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    Environment env =
        InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.resolve("config"), () -> "it-node");
    Node node = new Node(env).start();
    InetSocketAddress address =
        node.injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress()
            .address();
    Path tmp = home.resolve(PORT_FILE + ".tmp");
    Files.writeString(tmp, Integer.toString(address.getPort()));
    Files.move(tmp, home.resolve(PORT_FILE));
    while (System.in.read() != -1) {
      // wait for the parent to close our stdin
    }
    node.close();
    node.awaitClose(60, TimeUnit.SECONDS);
    System.exit(0);
  }
}
