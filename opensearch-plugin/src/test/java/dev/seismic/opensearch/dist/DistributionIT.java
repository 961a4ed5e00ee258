package dev.seismic.opensearch.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import dev.seismic.opensearch.rest.OpenSearchConformance;
import dev.seismic.opensearch.rest.RestCalls;
import dev.seismic.opensearch.rest.SeismicRequests;
import dev.seismic.rest.ConformanceRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hc.core5.http.HttpHost;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opensearch.client.RestClient;

/**
 * The plugin zip installed with the real {@code bin/opensearch-plugin install} into a real
 * OpenSearch distribution (the {@code integ-test-zip} from Maven Central, 3.8.0: the newest there),
 * started as a separate process with its own launcher, Java agent and security policy. Runs in the
 * {@code opensearch-3.8} Maven profile only, which builds the plugin for 3.8.0 and unpacks the
 * distribution into {@code distribution.dir}.
 *
 * <p>OpenSearch refuses to run as root; when the build runs as root (as CI does) the node runs as
 * {@code nobody}.
 */
public class DistributionIT {

  private static Path dist;
  private static int httpPort;
  private static RestClient client;

  @BeforeClass
  public static void installAndStart() throws Exception {
    assumeFalse("needs the opensearch-3.8 profile", Boolean.getBoolean("skip.distribution.it"));
    Path unpacked = Path.of(PackagedNode.property("distribution.dir"));
    dist =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")), "opensearch-dist-");
    run(List.of("cp", "-a", unpacked + "/.", dist.toString()), null);
    try (Stream<Path> bin = Files.list(dist.resolve("bin"))) {
      bin.forEach(p -> p.toFile().setExecutable(true, false));
    }
    String transcript =
        run(
            List.of(
                dist.resolve("bin/opensearch-plugin").toString(),
                "install",
                "--batch",
                Path.of(PackagedNode.property("plugin.zip")).toUri().toString()),
            dist.resolve("install.log"));
    System.out.println("--- bin/opensearch-plugin install ---\n" + transcript);
    assertTrue(transcript, transcript.contains("Installed seismic"));

    httpPort = freePort();
    Files.writeString(
        dist.resolve("config/opensearch.yml"),
        "\ndiscovery.type: single-node\nnetwork.host: 127.0.0.1\n"
            + "http.port: "
            + httpPort
            + "\ntransport.port: "
            + freePort()
            + "\n"
            + "cluster.routing.allocation.disk.threshold_enabled: false\n",
        StandardOpenOption.APPEND);
    if (isRoot()) {
      run(List.of("chown", "-R", "nobody", dist.toString()), null);
    }
    start();
  }

  @AfterClass
  public static void stop() throws Exception {
    if (client != null) {
      client.close();
      client = null;
    }
    if (dist != null && Files.exists(dist.resolve("opensearch.pid"))) {
      long pid = Long.parseLong(Files.readString(dist.resolve("opensearch.pid")).trim());
      ProcessHandle.of(pid)
          .ifPresent(
              p -> {
                p.destroy();
                p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
              });
      Files.deleteIfExists(dist.resolve("opensearch.pid")); // the node removes it itself on exit
    }
  }

  @Test
  public void conformanceCasesAndRestart() throws Exception {
    RestCalls rest = new RestCalls(client);
    Object version = rest.ok("GET", "/", null).at("version.number");
    System.out.println(
        "distribution version "
            + version
            + ", plugins "
            + rest.ok("GET", "/_cat/plugins?format=json", null).body());
    List<String> failures =
        ConformanceRunner.runAll(
            URI.create(client.getNodes().get(0).getHost().toURI()), OpenSearchConformance.ENGINE);
    assertTrue("conformance cases failed:\n" + String.join("\n", failures), failures.isEmpty());

    // A real process restart: segments written before reopen in a new JVM.
    rest.ok("PUT", "/restart", SeismicRequests.index(1, 0, Map.of(), SeismicRequests.VEC_ONLY));
    List<Object> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add(Map.of("index", Map.of("_index", "restart", "_id", Integer.toString(i))));
      lines.add(Map.of("vec", Map.of("a" + (i % 7), 0.5 + i % 5, "b" + (i % 11), 1.0)));
    }
    assertEquals(false, rest.ndjson("/_bulk?refresh=true", lines).at("errors"));
    rest.ok("POST", "/restart/_flush", null);
    Map<String, Object> query =
        Map.of(
            "query",
            Map.of("seismic", Map.of("field", "vec", "query_vector", Map.of("a3", 1.0, "b5", 0.5))),
            "_source",
            false);
    Object before = rest.ok("POST", "/restart/_search", query).at("hits.hits");

    stop();
    start();
    rest = new RestCalls(client);
    rest.ok("GET", "/_cluster/health/restart?wait_for_status=green&timeout=60s", null);
    assertEquals(before, rest.ok("POST", "/restart/_search", query).at("hits.hits"));
  }

  private static void start() throws Exception {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    command.addAll(
        List.of(
            "env",
            "OPENSEARCH_JAVA_HOME=" + System.getProperty("java.home"),
            "OPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m",
            dist.resolve("bin/opensearch").toString(),
            "-d",
            "-p",
            dist.resolve("opensearch.pid").toString()));
    run(command, dist.resolve("start.log"));
    client = RestClient.builder(new HttpHost("http", "127.0.0.1", httpPort)).build();
    RestCalls rest = new RestCalls(client);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        if (rest.call("GET", "/_cluster/health?wait_for_status=yellow&timeout=5s", null).status()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the distribution did not answer within 120 s; see " + dist.resolve("logs"));
      }
      Thread.sleep(500);
    }
  }

  /**
   * Runs a command to completion; returns its output, failing on a non-zero exit. Output goes to a
   * file, not a pipe: {@code bin/opensearch -d} leaves a daemon holding the pipe open for ever.
   */
  private static String run(List<String> command, Path log) throws Exception {
    Path out =
        log != null
            ? log
            : Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "cmd-", ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    String text = Files.readString(out);
    if (log == null) {
      Files.delete(out);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(command + " exited with " + p.exitValue() + ":\n" + text);
    }
    return text;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
