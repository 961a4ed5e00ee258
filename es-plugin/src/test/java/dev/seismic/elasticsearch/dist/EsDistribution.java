package dev.seismic.elasticsearch.dist;

import dev.seismic.elasticsearch.rest.RestHelper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Elasticsearch distribution ({@code integ-test-zip} from Maven Central, unpacked by the
 * build), with our plugin zip installed by {@code bin/elasticsearch-plugin install --batch} and run
 * as a separate process bound to loopback.
 *
 * <p>Elasticsearch refuses to run as root, and CI runs as root; then the node runs as {@link
 * #RUN_USER}, a system user created here on first use (with {@code useradd}), owning the
 * distribution folder. A non-root developer runs it as themself.
 */
public final class EsDistribution implements AutoCloseable {

  /** The unprivileged account the node runs as when the tests run as root. */
  public static final String RUN_USER = "seismic-es";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Path home;
  private final Path javaHome;
  private final Path pidFile;
  private final int httpPort;
  private final String installTranscript;
  private long pid = -1;

  private EsDistribution(Path home, Path javaHome, int httpPort, String installTranscript) {
    this.home = home;
    this.javaHome = javaHome;
    this.pidFile = home.resolve("es.pid");
    this.httpPort = httpPort;
    this.installTranscript = installTranscript;
  }

  /**
   * {@link #install} with what the build gives the integration tests: the unpacked distribution
   * ({@code -Des.dist.dir}), the plugin zip ({@code -Dplugin.zip}), the JDK ({@code
   * -Des.java.home}) and a snapshot repository folder under {@code java.io.tmpdir}.
   */
  public static EsDistribution installFromBuild() throws IOException, InterruptedException {
    return install(
        Path.of(property("es.dist.dir")),
        Path.of(property("plugin.zip")),
        Path.of(property("es.java.home")),
        Path.of(System.getProperty("java.io.tmpdir")).resolve("es-it-repo"));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("-D" + name + " is not set (the pom sets it for failsafe)");
    }
    return value;
  }

  /**
   * Installs the plugin into the distribution at {@code home} (removing an earlier install), writes
   * a single-node loopback configuration with fresh data, and hands the folder to the run user.
   */
  public static EsDistribution install(Path home, Path pluginZip, Path javaHome, Path repoDir)
      throws IOException, InterruptedException {
    require(Files.isExecutable(home.resolve("bin/elasticsearch")), "no distribution at " + home);
    require(Files.isRegularFile(pluginZip), "no plugin zip at " + pluginZip + " (run mvn package)");
    if (isRoot() && (isReachable(home) == false || isReachable(repoDir) == false)) {
      // The checkout sits under a folder the run user cannot enter (a private CI work folder):
      // run a copy from /tmp instead.
      Path copy = Path.of("/tmp/seismic-es-it");
      deleteTree(copy);
      Files.createDirectories(copy);
      run(copy, Map.of(), List.of("cp", "-a", home.toString(), copy.resolve("home").toString()));
      home = copy.resolve("home");
      repoDir = copy.resolve("repo");
    }
    deleteTree(home.resolve("plugins/seismic"));
    deleteTree(home.resolve("data"));
    deleteTree(home.resolve("logs"));
    Files.createDirectories(home.resolve("logs"));
    deleteTree(repoDir);
    Files.createDirectories(repoDir);

    String transcript =
        run(
            home,
            Map.of("ES_JAVA_HOME", javaHome.toString()),
            List.of(
                home.resolve("bin/elasticsearch-plugin").toString(),
                "install",
                "--batch",
                pluginZip.toUri().toString()));

    int httpPort = freePort();
    int transportPort = freePort();
    Files.writeString(
        home.resolve("config/elasticsearch.yml"),
        String.join(
            "\n",
            "# Written by the Seismic plugin's distribution test.",
            "cluster.name: seismic-it",
            "node.name: seismic-it-0",
            "discovery.type: single-node",
            "network.host: 127.0.0.1",
            "http.port: " + httpPort,
            "transport.port: " + transportPort,
            "path.data: " + home.resolve("data"),
            "path.logs: " + home.resolve("logs"),
            "path.repo: " + repoDir,
            "xpack.security.enabled: false",
            "cluster.routing.allocation.disk.threshold_enabled: false",
            ""),
        StandardCharsets.UTF_8);

    if (isRoot()) {
      ensureRunUser();
      run(
          home,
          Map.of(),
          List.of("chown", "-R", RUN_USER + ":", home.toString(), repoDir.toString()));
      requireReachable(home);
      requireReachable(repoDir);
    }
    return new EsDistribution(home, javaHome, httpPort, transcript);
  }

  /** What {@code bin/elasticsearch-plugin install} printed. */
  public String installTranscript() {
    return installTranscript;
  }

  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** Starts the node as a daemon and waits until it answers on HTTP with a yellow cluster. */
  public void start() throws IOException, InterruptedException {
    Files.deleteIfExists(pidFile);
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", RUN_USER, "--"));
    }
    command.addAll(
        List.of(
            "env",
            "ES_JAVA_HOME=" + javaHome,
            "ES_JAVA_OPTS=-Xms512m -Xmx512m",
            home.resolve("bin/elasticsearch").toString(),
            "-d",
            "-p",
            pidFile.toString()));
    run(home, Map.of(), command);
    pid = Long.parseLong(Files.readString(pidFile).trim());

    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (RestHelper rest = new RestHelper(httpUri())) {
      while (System.nanoTime() < deadline) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) {
          throw new IllegalStateException("Elasticsearch exited while starting:\n" + logTail());
        }
        try {
          var health = rest.send("GET", "/_cluster/health?wait_for_status=yellow&timeout=5s", null);
          if (health.status() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException(
        "Elasticsearch did not answer within " + START_TIMEOUT + ":\n" + logTail());
  }

  /** Stops the node (SIGTERM, as a service manager would) and waits for it to exit. */
  public void stop() throws InterruptedException {
    if (pid < 0) {
      return;
    }
    ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
    pid = -1;
    if (handle == null) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the node's log, for failure messages. */
  public String logTail() {
    Path log = home.resolve("logs/seismic-it.log");
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** Lines of the node's log that contain {@code needle}. */
  public List<String> logLines(String needle) throws IOException {
    Path log = home.resolve("logs/seismic-it.log");
    if (Files.exists(log) == false) {
      return List.of();
    }
    return Files.readAllLines(log).stream().filter(l -> l.contains(needle)).toList();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void ensureRunUser() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u", RUN_USER).redirectErrorStream(true).start();
    id.getInputStream().readAllBytes();
    if (id.waitFor() == 0) {
      return;
    }
    run(
        Path.of("/"),
        Map.of(),
        List.of(
            "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", RUN_USER));
  }

  /** Runs a command to completion; returns its output, or throws with it on a non-zero exit. */
  static String run(Path dir, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("JAVA_HOME"); // the scripts use ES_JAVA_HOME and warn about JAVA_HOME
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor(5, TimeUnit.MINUTES) == false) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command + "\n" + output);
    }
    if (process.exitValue() != 0) {
      throw new IOException("exit " + process.exitValue() + ": " + command + "\n" + output);
    }
    return output;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir) == false) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static boolean isReachable(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)
          && Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)
              == false) {
        return false;
      }
    }
    return true;
  }

  /** The run user must be able to walk down to {@code dir} from the root. */
  private static void requireReachable(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      require(
          perms.contains(PosixFilePermission.OTHERS_EXECUTE),
          "user "
              + RUN_USER
              + " cannot reach "
              + dir
              + ": "
              + p
              + " is not world-searchable (chmod o+x it, or build from a checkout under a"
              + " world-searchable folder)");
    }
  }

  private static void require(boolean ok, String message) {
    if (ok == false) {
      throw new IllegalStateException(message);
    }
  }
}
