package dev.seismic.bench.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seismic.bench.data.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import picocli.CommandLine;

/**
 * The benchmark harness end to end, small enough for every test run: a few thousand documents
 * generated from the real pool (or the synthetic set without shared data), two build settings (one
 * lossless) and a handful of query settings. Checks the output files and that Seismic's lossless
 * setting finds exactly what Lucene's exact search finds.
 */
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "the harness logs its progress to stderr")
public class BenchCommandTest extends LuceneTestCase {

  public void testSmallBench() throws Exception {
    Path root = createTempDir("bench");
    boolean real = SharedData.locate().isPresent();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--queries", "40",
                "--k", "10",
                "--truth-k", "20",
                // Lossless: no pruning (λ floor above the document count), summaries that are
                // exact upper bounds, every query token searched.
                "--build", "min_postings=100000,summary_energy=1.0,centroid_fraction=0.02",
                "--build", "default",
                "--query-cut", "5,1000",
                "--heap-factor", "0.1,0.9",
                "--warm-up", "20",
                "--threads", "2",
                "--ram-buffer-mb", "16",
                "--name", "smoke",
                "--results-dir", root.resolve("results").toString(),
                "--cache-dir", root.resolve("cache").toString(),
                "--work-dir", root.resolve("work").toString()));
    if (real) {
      args.addAll(List.of("--docs", "2000"));
    } else {
      args.addAll(List.of("--synthetic", "--synthetic-docs", "2000"));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Codec saved = Codec.getDefault();
    Codec.setDefault(TestUtil.getDefaultCodec()); // the harness delegates to the default codec
    int rc;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      rc = new CommandLine(new BenchCommand(out)).execute(args.toArray(new String[0]));
    } finally {
      Codec.setDefault(saved);
    }
    String md = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(md, 0, rc);

    Path dir = root.resolve("results").resolve("smoke");
    byte[] png = Files.readAllBytes(dir.resolve("recall-latency.png"));
    assertTrue(png.length > 1000);
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    String written = Files.readString(dir.resolve("results.md"));
    for (String section :
        List.of(
            "## Machine",
            "## Headline",
            "## Search",
            "## Build",
            "## Index size by file extension",
            "## Heap at query time",
            "./seismic cli bench")) {
      assertTrue(section, written.contains(section));
    }
    assertTrue(md.contains("## Search"));
    try (var files = Files.list(root.resolve("cache"))) {
      assertTrue("ground truth cached", files.anyMatch(f -> f.toString().endsWith(".truth")));
    }
    assertFalse(
        "indexes are deleted",
        Files.exists(root.resolve("work").resolve("smoke").resolve("seismic-b0")));

    List<Map<String, Object>> runs = runs(dir.resolve("results.json"));
    assertEquals(2 * 2 * 2 + 2, runs.size());
    for (Map<String, Object> run : runs) {
      double recall = ((Number) run.get("recall")).doubleValue();
      assertTrue(run.toString(), recall >= 0 && recall <= 1);
      assertTrue(run.toString(), ((Number) run.get("meanMs")).doubleValue() > 0);
      assertTrue(run.toString(), ((Number) run.get("qps")).doubleValue() > 0);
      if ("b0".equals(run.get("index")) && ((Number) run.get("queryCut")).intValue() == 1000) {
        assertEquals(
            run.toString(), 1.0, ((Number) run.get("recallVsLuceneExact")).doubleValue(), 0);
      }
      if ("brute-force".equals(run.get("kind"))) {
        assertEquals(run.toString(), 1.0, recall, 0);
      }
    }
  }

  /** The "runs" array of the JSON, each run's scalar fields by name. */
  private static List<Map<String, Object>> runs(Path json) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    try (JsonParser p = JsonFactory.builder().build().createParser(json.toFile())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("runs")) {
          p.nextToken(); // [
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Map<String, Object> run = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              JsonToken v = p.nextToken();
              run.put(
                  name,
                  switch (v) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
                    case VALUE_NULL -> null;
                    default -> p.getText();
                  });
            }
            out.add(run);
          }
        }
      }
    }
    return out;
  }
}
