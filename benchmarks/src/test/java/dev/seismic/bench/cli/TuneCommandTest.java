package dev.seismic.bench.cli;

import dev.seismic.bench.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import picocli.CommandLine;

/** The tune command through the tool's entry point, on an index made by the index command. */
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "the commands print a summary line")
public class TuneCommandTest extends LuceneTestCase {

  private Path dir;
  private Path index;

  @Override
  public void setUp() throws Exception {
    super.setUp();
    dir = createTempDir("cli");
    Path docs = dir.resolve("docs.jsonl");
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      d.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"doc%d\", \"content\": \"\", \"vector\": {\"a%d\": %.2f, \"b%d\": 1.5,"
                  + " \"c%d\": 0.7, \"common\": 0.1}}%n",
              i,
              i % 17,
              0.5 + (i % 7),
              i % 5,
              i % 11));
    }
    Files.writeString(docs, d.toString(), StandardCharsets.UTF_8);
    index = createTempDir("idx").resolve("index");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        err.toString(), 0, run(out, err, "index", docs.toString(), "--index", index.toString()));
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    Codec saved = Codec.getDefault();
    Codec.setDefault(TestUtil.getDefaultCodec());
    try {
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      return cl.execute(args);
    } finally {
      Codec.setDefault(saved);
    }
  }

  public void testTuneOnJsonlQueries() throws Exception {
    Path queries = dir.resolve("queries.jsonl");
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      q.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"q%d\", \"vector\": {\"a%d\": 2.0, \"c%d\": 1.0, \"common\": 0.5}}%n",
              i,
              i % 17,
              i % 11));
    }
    q.append("{\"id\": \"empty\", \"vector\": {}}\n");
    Files.writeString(queries, q.toString(), StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "tune",
            "--index",
            index.toString(),
            "--queries",
            queries.toString(),
            "--target-recall",
            "0.9",
            "--sample",
            "20",
            "--seed",
            "3",
            "--passes",
            "1",
            "--query-cuts",
            "1,4",
            "--heap-factors",
            "0.6,1.0");
    String text = out.toString();
    assertEquals(err + text, 0, code);
    assertTrue(text, text.contains("300 documents in 1 segment"));
    assertTrue(text, text.contains("31 vectors (1 empty, left out), 20 sampled (seed 3)"));
    assertTrue(text, text.contains("sweep on the 10 tuning queries"));
    assertTrue(text, text.contains("<- chosen"));
    assertTrue(text, text.contains("held-out queries: recall@10 "));
    assertTrue(text, text.contains("(10 queries, not used for the choice)"));
    assertTrue(text, text.contains("exact search (Lucene's FeatureField disjunction)"));
    // The line to copy: the engines' parameter names with the chosen values.
    assertTrue(
        text,
        text.matches("(?s).*\n\"k\": 10, \"query_cut\": [14], \"heap_factor\": (0\\.6|1\\.0)\n.*"));
    assertTrue(text, text.contains("(cli search: --k 10 --query-cut "));
  }

  /**
   * On an index with a κ-NN graph, --knn sweeps every setting with and without the graph and the
   * chosen one's knn shows in the parameters.
   */
  public void testTuneWithKnn() throws Exception {
    Path docs = dir.resolve("docs.jsonl");
    Path graphIndex = createTempDir("idx").resolve("graph");
    StringWriter err = new StringWriter();
    assertEquals(
        err.toString(),
        0,
        run(
            new StringWriter(),
            err,
            "index",
            docs.toString(),
            "--index",
            graphIndex.toString(),
            "--nknn",
            "3"));
    Path queries = dir.resolve("queries.jsonl");
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      q.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"q%d\", \"vector\": {\"a%d\": 2.0, \"c%d\": 1.0}}%n",
              i,
              i % 17,
              i % 11));
    }
    Files.writeString(queries, q.toString(), StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            err,
            "tune",
            "--index",
            graphIndex.toString(),
            "--queries",
            queries.toString(),
            "--target-recall",
            "0.9",
            "--passes",
            "1",
            "--query-cuts",
            "1,2",
            "--heap-factors",
            "0.7",
            "--knn",
            "3");
    String text = out.toString();
    assertEquals(err + text, 0, code);
    assertTrue(text, text.contains("k = 10, knn 0 and 3"));
    assertTrue(text, text.contains("sweeping 4 settings"));
    assertTrue(text, text.matches("(?s).*query_cut\\s+heap_factor\\s+knn\\s+recall@10.*"));
    assertTrue(
        text,
        text.matches(
            "(?s).*\n\"k\": 10, \"query_cut\": [12], \"heap_factor\": 0\\.7(, \"knn\": 3)?\n.*"));
    assertEquals(text, text.contains("\"knn\": 3"), text.contains(" --knn 3)"));

    err = new StringWriter();
    assertEquals(
        1,
        run(
            new StringWriter(),
            err,
            "tune",
            "--index",
            graphIndex.toString(),
            "--queries",
            queries.toString(),
            "--target-recall",
            "0.9",
            "--knn",
            "-2"));
    assertTrue(err.toString(), err.toString().contains("--knn must be in [0, 256], got -2"));
  }

  public void testTuneOnImpactTsvQueries() throws Exception {
    // Pretokenized impacts: a token repeated c times weighs c / scale.
    Path queries = dir.resolve("queries.tsv");
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      q.append("t").append(i).append('\t');
      q.append(("a" + (i % 17) + " ").repeat(20)).append(("b" + (i % 5) + " ").repeat(7));
      q.append("common\n");
    }
    Files.writeString(queries, q.toString(), StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "tune",
            "--index",
            index.toString(),
            "--queries",
            queries.toString(),
            "--scale",
            "10",
            "--target-recall",
            "0.5",
            "--k",
            "5",
            "--passes",
            "1",
            "--query-cuts",
            "2",
            "--heap-factors",
            "0.7");
    String text = out.toString();
    assertEquals(err + text, 0, code);
    assertTrue(text, text.contains("12 vectors, 12 sampled"));
    assertTrue(text, text.contains("\"k\": 5, \"query_cut\": 2, \"heap_factor\": 0.7"));
  }

  public void testClearErrors() throws Exception {
    Path queries = dir.resolve("q.jsonl");
    Files.writeString(queries, "{\"id\": \"q\", \"vector\": {\"a1\": 1.0}}\n");
    StringWriter err = new StringWriter();
    assertEquals(
        1,
        run(
            new StringWriter(),
            err,
            "tune",
            "--index",
            index.toString(),
            "--queries",
            queries.toString(),
            "--target-recall",
            "1.5"));
    assertTrue(err.toString(), err.toString().contains("--target-recall must be in (0, 1]"));

    err = new StringWriter();
    assertEquals(
        1,
        run(
            new StringWriter(),
            err,
            "tune",
            "--index",
            index.toString(),
            "--queries",
            queries.toString(),
            "--target-recall",
            "0.9"));
    assertTrue(err.toString(), err.toString().contains("need at least 2 queries"));

    err = new StringWriter();
    assertEquals(2, run(new StringWriter(), err, "tune", "--index", index.toString()));
    assertTrue(err.toString(), err.toString().contains("--target-recall"));

    StringWriter out = new StringWriter();
    assertEquals(0, run(out, new StringWriter(), "tune", "--help"));
    assertTrue(out.toString(), out.toString().contains("Usage: seismic tune"));
  }
}
