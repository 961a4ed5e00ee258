package dev.seismic.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Default locations of the harness's output, relative to the repository checkout (found by walking
 * up from the working directory to the folder holding the {@code seismic} launcher), or to the
 * working directory when run elsewhere.
 */
final class RepoPaths {

  private RepoPaths() {}

  static Path benchmarksDir() {
    Path cwd = Path.of("").toAbsolutePath().normalize();
    for (Path d = cwd; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("seismic")) && Files.isDirectory(d.resolve("benchmarks"))) {
        return d.resolve("benchmarks");
      }
    }
    return cwd;
  }

  /** Committed results: {@code benchmarks/results}. */
  static Path results() {
    return benchmarksDir().resolve("results");
  }

  /** Generated sets and ground truth: {@code benchmarks/target/cache} (wiped by mvn clean). */
  static Path cache() {
    return benchmarksDir().resolve("target").resolve("cache");
  }

  /** Indexes being measured: {@code benchmarks/target/bench-work}. */
  static Path work() {
    return benchmarksDir().resolve("target").resolve("bench-work");
  }
}
