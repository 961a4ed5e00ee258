package dev.seismic.bench.cli;

import dev.seismic.bench.Main;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.index.KnnGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import picocli.CommandLine;

/** The index and search commands through the tool's entry point, and their error messages. */
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "the commands print a summary line")
public class IndexSearchCommandTest extends LuceneTestCase {

  private Path docs;
  private Path queries;

  @Override
  public void setUp() throws Exception {
    super.setUp();
    Path dir = createTempDir("cli");
    docs = dir.resolve("docs.jsonl");
    queries = dir.resolve("queries.jsonl");
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      d.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"id\": \"doc%d\", \"content\": \"\", \"vector\": {\"a%d\": %.2f, \"b%d\": 1.5, \"common\": 0.1}}%n",
              i,
              i % 17,
              0.5 + (i % 7),
              i % 5));
    }
    Files.writeString(docs, d.toString(), StandardCharsets.UTF_8);
    Files.writeString(
        queries,
        "{\"id\": \"q1\", \"vector\": {\"a3\": 2.0, \"common\": 0.5}}\n"
            + "{\"id\": \"q2\", \"vector\": {\"b1\": 1.0}}\n",
        StandardCharsets.UTF_8);
  }

  private static int run(StringWriter err, String... args) {
    Codec saved = Codec.getDefault();
    Codec.setDefault(TestUtil.getDefaultCodec());
    try {
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      return cl.execute(args);
    } finally {
      Codec.setDefault(saved);
    }
  }

  public void testIndexThenSearch() throws Exception {
    Path index = createTempDir("idx").resolve("index");
    StringWriter err = new StringWriter();
    assertEquals(
        err.toString(), 0, run(err, "index", docs.toString(), "--index", index.toString()));
    for (String mode : List.of("approximate", "exact")) {
      Path out = createTempDir("out").resolve("hits.jsonl");
      String[] args =
          mode.equals("exact")
              ? new String[] {
                "search",
                queries.toString(),
                "--index",
                index.toString(),
                "--k",
                "3",
                "--exact",
                "--output",
                out.toString()
              }
              : new String[] {
                "search",
                queries.toString(),
                "--index",
                index.toString(),
                "--k",
                "3",
                "--format",
                "JSONL",
                "--output",
                out.toString()
              };
      assertEquals(err.toString(), 0, run(err, args));
      List<String> lines = Files.readAllLines(out);
      assertEquals(2, lines.size());
      assertTrue(lines.get(0), lines.get(0).startsWith("{\"query\":\"q1\""));
      // q1's best documents hold a3 with the largest weight: i % 17 == 3 and i % 7 == 6.
      assertTrue(lines.get(0), lines.get(0).contains("\"id\":\"doc20\""));
      assertTrue(lines.get(0), lines.get(0).contains("\"id\":\"doc139\""));
      assertEquals(3, lines.get(1).split("\"score\"").length - 1);
    }
  }

  /**
   * {@code index --nknn} builds a κ-NN graph, {@code search --knn} scores graph neighbours: the
   * refined hits score at least as well as the unrefined ones.
   */
  public void testGraphAndKnn() throws Exception {
    Path index = createTempDir("idx").resolve("index");
    StringWriter err = new StringWriter();
    assertEquals(
        err.toString(),
        0,
        run(err, "index", docs.toString(), "--index", index.toString(), "--nknn", "4"));
    try (FSDirectory fs = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(fs)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        KnnGraph graph = SeismicTerms.get(leaf.reader(), IndexBuilder.VECTOR_FIELD).graph();
        assertNotNull("--nknn 4 builds a graph", graph);
        assertEquals(4, graph.nknn());
      }
    }
    List<List<Double>> scores = new ArrayList<>();
    for (String knn : List.of("0", "4")) {
      Path out = createTempDir("out").resolve("hits.jsonl");
      assertEquals(
          err.toString(),
          0,
          run(
              err,
              "search",
              queries.toString(),
              "--index",
              index.toString(),
              "--k",
              "3",
              "--query-cut",
              "1",
              "--knn",
              knn,
              "--output",
              out.toString()));
      List<Double> s = new ArrayList<>();
      for (String line : Files.readAllLines(out)) {
        Matcher m = Pattern.compile("\"score\":([0-9.eE-]+)").matcher(line);
        while (m.find()) {
          s.add(Double.parseDouble(m.group(1)));
        }
      }
      scores.add(s);
    }
    assertTrue(scores.toString(), scores.get(1).size() >= scores.get(0).size());
    for (int i = 0; i < scores.get(0).size(); i++) {
      assertTrue(scores.toString(), scores.get(1).get(i) >= scores.get(0).get(i));
    }

    err = new StringWriter();
    assertEquals(
        1, run(err, "search", queries.toString(), "--index", index.toString(), "--knn", "257"));
    assertTrue(err.toString(), err.toString().contains("--knn must be in [0, 256], got 257"));
    err = new StringWriter();
    assertEquals(
        1,
        run(
            err,
            "index",
            docs.toString(),
            "--index",
            createTempDir("i").resolve("x").toString(),
            "--nknn",
            "-1"));
    assertTrue(err.toString(), err.toString().contains("[nknn] must be an integer in [0, 256]"));
  }

  public void testClearErrors() throws Exception {
    StringWriter err = new StringWriter();
    Path missing = createTempDir("m").resolve("nope.jsonl");
    assertEquals(
        1, run(err, "index", missing.toString(), "--index", createTempDir("i").toString()));
    assertTrue(err.toString(), err.toString().contains("nope.jsonl"));

    err = new StringWriter();
    Path empty = createTempDir("empty");
    assertEquals(1, run(err, "search", queries.toString(), "--index", empty.toString()));
    assertTrue(err.toString(), err.toString().startsWith("error: "));

    err = new StringWriter();
    assertEquals(
        1,
        run(
            err,
            "index",
            docs.toString(),
            "--index",
            createTempDir("i").resolve("x").toString(),
            "--summary-energy",
            "1.5"));
    assertTrue(err.toString(), err.toString().contains("summary_energy"));

    err = new StringWriter();
    assertEquals(2, run(err, "search", queries.toString()));
    assertTrue(err.toString(), err.toString().contains("--index"));

    err = new StringWriter();
    assertEquals(1, run(err, "bench", "--synthetic", "--heap-factor", "1.5"));
    assertTrue(err.toString(), err.toString().contains("--heap-factor"));
  }

  public void testHelpOnEveryCommand() {
    for (String cmd : List.of("index", "search", "bench", "demo")) {
      StringWriter out = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      assertEquals(cmd, 0, cl.execute(cmd, "--help"));
      assertTrue(cmd + ": " + out, out.toString().contains("Usage: seismic " + cmd));
    }
  }
}
