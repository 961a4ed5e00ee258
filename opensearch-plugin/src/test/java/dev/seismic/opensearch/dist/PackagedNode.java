package dev.seismic.opensearch.dist;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.RestClient;

/**
 * A real OpenSearch node in a child JVM, started from a temporary home laid out like a
 * distribution: {@code plugins/seismic} is the unzipped plugin zip that {@code mvn package} built,
 * and {@code modules/} holds the HTTP transport and {@code mapper-extras} (for {@code
 * rank_features}) staged from Maven Central. The node therefore loads the plugin the way an
 * installed one is loaded: descriptor, own class loader, jar-hell checks and Lucene SPI reload.
 *
 * <p>A child process rather than this JVM, so that a restart is a real one: Lucene's SPI keeps the
 * first class loaded under a name, so a second node in the same JVM would read segments with the
 * first node's (closed) plugin classes.
 *
 * <p>The folders come from system properties set by the build: {@code plugin.zip}, {@code
 * netty.module.dir}, {@code mapper.extras.module.dir}, {@code opensearch.version}.
 */
public final class PackagedNode implements Closeable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Path home;
  private final String heap;
  private Process process;
  private RestClient client;

  private PackagedNode(Path home, String heap) {
    this.home = home;
    this.heap = heap;
  }

  /** Lays out a new home under {@code parent} and starts a node in it (512 MB heap). */
  static PackagedNode start(Path parent) throws Exception {
    return start(parent, "512m", Map.of());
  }

  /**
   * Lays out a new home under {@code parent} and starts a node in it.
   *
   * @param heap the node JVM's {@code -Xmx} value, e.g. {@code 1g}
   * @param nodeSettings extra node settings, written to {@code config/opensearch.yml}
   */
  public static PackagedNode start(Path parent, String heap, Map<String, String> nodeSettings)
      throws Exception {
    Path home = Files.createTempDirectory(parent, "opensearch-home-");
    String version = property("opensearch.version");
    unzip(Path.of(property("plugin.zip")), home.resolve("plugins/seismic"));
    stageModule(
        home,
        "transport-netty4",
        Path.of(property("netty.module.dir")),
        version,
        "org.opensearch.transport.Netty4ModulePlugin");
    stageModule(
        home,
        "mapper-extras",
        Path.of(property("mapper.extras.module.dir")),
        version,
        "org.opensearch.index.mapper.MapperExtrasModulePlugin");
    Files.createDirectories(home.resolve("config"));
    if (!nodeSettings.isEmpty()) {
      StringBuilder yml = new StringBuilder();
      nodeSettings.forEach((k, v) -> yml.append(k).append(": \"").append(v).append("\"\n"));
      Files.writeString(home.resolve("config/opensearch.yml"), yml);
    }
    PackagedNode node = new PackagedNode(home, heap);
    node.startNode();
    return node;
  }

  public RestClient client() {
    return client;
  }

  Path dataDir() {
    return home.resolve("data");
  }

  /** The last lines of the node's log, so that a failure in CI shows its cause. */
  private String logTail(int lines) {
    try {
      java.util.List<String> all = Files.readAllLines(home.resolve("node.log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + home.resolve("node.log") + ": " + e + ")";
    }
  }

  /** Stops the node process and starts a new one on the same data (a node restart). */
  void restart() throws Exception {
    stopNode();
    startNode();
  }

  private void startNode() throws Exception {
    Path portFile = home.resolve(NodeMain.PORT_FILE);
    Files.deleteIfExists(portFile);
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    process =
        new ProcessBuilder(
                java.toString(),
                "-Xmx" + heap,
                "-cp",
                classPath,
                NodeMain.class.getName(),
                home.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(portFile)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the node exited with "
                + process.exitValue()
                + "; the end of its log:\n"
                + logTail(40));
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the node did not start within " + START_TIMEOUT + "; see " + home.resolve("node.log"));
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readString(portFile).trim());
    client = RestClient.builder(new HttpHost("http", "127.0.0.1", port)).build();
  }

  private void stopNode() throws Exception {
    if (client != null) {
      client.close();
      client = null;
    }
    if (process != null) {
      process.getOutputStream().close(); // NodeMain stops the node when its stdin closes
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the node did not stop within 60 s");
      }
      process = null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stopNode();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private static void stageModule(
      Path home, String name, Path jars, String version, String classname) throws IOException {
    Path dir = Files.createDirectories(home.resolve("modules").resolve(name));
    try (Stream<Path> files = Files.list(jars)) {
      for (Path jar : (Iterable<Path>) files::iterator) {
        Files.copy(jar, dir.resolve(jar.getFileName()));
      }
    }
    // The Maven jars of modules carry no descriptor; the distribution's build writes it.
    Files.writeString(
        dir.resolve("plugin-descriptor.properties"),
        "name="
            + name
            + "\n"
            + "description="
            + name
            + " (staged for tests)\n"
            + "version="
            + version
            + "\n"
            + "opensearch.version="
            + version
            + "\n"
            + "java.version=21\n"
            + "classname="
            + classname
            + "\n");
  }

  static void unzip(Path zip, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Path out = target.resolve(e.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out);
        }
      }
    }
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          "system property " + name + " is not set; run this test through Maven (mvn verify)");
    }
    return value;
  }
}
