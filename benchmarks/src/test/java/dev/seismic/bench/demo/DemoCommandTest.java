package dev.seismic.bench.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import picocli.CommandLine;

/**
 * Runs the demo end to end on a small generated set, so the wiring (indexing, both query kinds,
 * recall, report) is exercised even where the shared data is absent.
 */
public class DemoCommandTest extends LuceneTestCase {

  public void testGeneratedDemo() throws Exception {
    Path index = createTempDir("demo").resolve("index");
    String report = demo(index);
    assertTrue(report, report.contains("data       generated (not learned)"));
    assertTrue(report, report.contains("Recall@10 [generated (not learned)]"));
    assertTrue(report, report.contains("Latency per query"));
    assertTrue(report, report.contains("exact Lucene vs brute force on index weights"));
    assertFalse(report, report.contains("of which knn graph"));
    assertFalse(report, report.contains(", knn="));
    assertTrue(Files.isDirectory(index));
  }

  /** With a κ-NN graph and refined queries: the report shows both, and the graph's file. */
  public void testGeneratedDemoWithAGraph() throws Exception {
    Path index = createTempDir("demo").resolve("index");
    String report = demo(index, "--nknn", "4", "--knn", "4");
    assertTrue(report, report.contains("nknn=4"));
    assertTrue(report, report.contains("heap_factor=0.6, knn=4; single thread"));
    assertTrue(report, report.contains("of which knn graph"));
    assertTrue(report, report.matches("(?s).*\n  skg .*"));
    assertTrue(report, report.contains("Recall@10 [generated (not learned)]"));
  }

  /** Runs the demo on 3,000 generated documents and 40 queries; returns its report. */
  private static String demo(Path index, String... extra) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Codec saved = Codec.getDefault();
    // The demo delegates to Codec.getDefault(); pin it rather than take a random test codec.
    Codec.setDefault(TestUtil.getDefaultCodec());
    int rc;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--generated",
                  "--generated-docs",
                  "3000",
                  "--queries",
                  "40",
                  "--threads",
                  "2",
                  "--ram-buffer-mb",
                  "1",
                  "--warm-up-searches",
                  "0",
                  "--index",
                  index.toString()));
      args.addAll(List.of(extra));
      rc = new CommandLine(new DemoCommand(out)).execute(args.toArray(new String[0]));
    } finally {
      Codec.setDefault(saved);
    }
    String report = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(report, 0, rc);
    return report;
  }

  public void testRefusesToWipeANonIndexDirectory() throws Exception {
    Path dir = createTempDir("not-an-index");
    Files.writeString(dir.resolve("precious.txt"), "keep me");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DemoCommand(new PrintStream(new ByteArrayOutputStream())));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler(
        (e, c, p) -> {
          c.getErr().println(e.getMessage());
          return 1;
        });
    int rc =
        cl.execute(
            "--generated", "--generated-docs", "10", "--queries", "1", "--index", dir.toString());
    assertEquals(1, rc);
    assertTrue(err.toString(), err.toString().contains("refusing to wipe"));
    assertTrue(Files.exists(dir.resolve("precious.txt")));
  }
}
