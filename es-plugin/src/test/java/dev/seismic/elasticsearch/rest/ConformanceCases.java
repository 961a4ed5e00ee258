package dev.seismic.elasticsearch.rest;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Entry point for running every shared case against a node outside this package's tests. */
public final class ConformanceCases {

  private ConformanceCases() {}

  /** The folder of case files, from {@code -Drest.conformance.dir} (set by the pom). */
  public static Path dir() {
    String dir = System.getProperty("rest.conformance.dir");
    if (dir == null) {
      throw new IllegalStateException("set -Drest.conformance.dir (the pom does)");
    }
    return Path.of(dir);
  }

  /**
   * Runs every case against the node at {@code baseUri}, printing one line per case; returns the
   * failure messages (empty when all pass). Fails if the folder holds no case at all, so an empty
   * run can never pass for a green one.
   */
  public static List<String> runAll(URI baseUri) throws Exception {
    List<ConformanceCase> cases = ConformanceCase.loadAll(dir());
    if (cases.isEmpty()) {
      throw new AssertionError("no REST conformance case in " + dir());
    }
    List<String> failures = new ArrayList<>();
    try (ConformanceRunner runner = new ConformanceRunner(baseUri)) {
      for (ConformanceCase c : cases) {
        try {
          runner.run(c);
          System.out.println("[rest-conformance] PASS " + c);
        } catch (AssertionError | Exception e) {
          System.out.println("[rest-conformance] FAIL " + c);
          failures.add(e.getMessage());
        }
      }
    }
    System.out.println(
        "[rest-conformance] " + (cases.size() - failures.size()) + " passed, " + failures.size() + " failed");
    return failures;
  }
}
