package dev.seismic.bench.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seismic.bench.data.CooccurrenceGenerator;
import dev.seismic.bench.data.JsonlReader;
import dev.seismic.bench.data.SeismicBinaryFormat;
import dev.seismic.bench.data.SharedData;
import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.Vocabulary;
import dev.seismic.bench.lucene.DocOrdinals;
import dev.seismic.bench.lucene.SegmentLayout;
import dev.seismic.lucene.document.BuildParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
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

  /**
   * Lossless: no pruning (λ floor above the document count), summaries that are exact upper bounds;
   * with every query token searched (a query cut of 1000) Seismic is exact.
   */
  static final String LOSSLESS = "min_postings=100000,summary_energy=1.0,centroid_fraction=0.02";

  public void testSmallBench() throws Exception {
    Path root = createTempDir("bench");
    String md =
        bench(
            root,
            "smoke",
            "--queries",
            "40",
            "--k",
            "10",
            "--truth-k",
            "20",
            "--build",
            LOSSLESS,
            "--build",
            "default",
            "--query-cut",
            "5,1000",
            "--heap-factor",
            "0.1,0.9",
            "--warm-up",
            "20",
            "--threads",
            "2",
            "--ram-buffer-mb",
            "16");

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
    assertFalse("no knn asked for: no knn column", written.contains("| knn |"));
    assertFalse(written, written.contains("knn graph s"));
    try (var files = Files.list(root.resolve("cache"))) {
      assertTrue("ground truth cached", files.anyMatch(f -> f.toString().endsWith(".truth")));
    }
    assertFalse(
        "indexes are deleted",
        Files.exists(root.resolve("work").resolve("smoke").resolve("seismic-b0")));

    Map<String, Object> json = json(dir.resolve("results.json"));
    assertEquals("merged", field(json, "setup", "layout"));
    assertEquals(1, ((Number) field(json, "baseline", "segments")).intValue());
    List<Map<String, Object>> runs = list(json, "runs");
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

  /**
   * Segments of equal size, no merging: both the Seismic index and the baseline have exactly 3
   * segments of equal size in data order, the report says so, and the lossless setting still finds
   * exactly Lucene exact's results.
   */
  public void testSegmentsLayout() throws Exception {
    Path root = createTempDir("bench");
    String md =
        bench(
            root,
            "seg3",
            "--queries",
            "30",
            "--k",
            "10",
            "--truth-k",
            "10",
            "--build",
            LOSSLESS,
            "--query-cut",
            "1000",
            "--heap-factor",
            "0.9",
            "--warm-up",
            "10",
            "--threads",
            "2",
            "--layout",
            "segments:3",
            "--keep-indexes");
    Path work = root.resolve("work").resolve("seg3");
    int docs = -1;
    for (String index : List.of("seismic-b0", "baseline")) {
      try (Directory d = FSDirectory.open(work.resolve(index));
          DirectoryReader reader = DirectoryReader.open(d)) {
        assertEquals(index, 3, reader.leaves().size());
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
          min = Math.min(min, leaf.reader().maxDoc());
          max = Math.max(max, leaf.reader().maxDoc());
          assertEquals("no deletions", 0, leaf.reader().numDeletedDocs());
        }
        assertTrue(index + ": equal sizes, " + min + " to " + max, max - min <= 1);
        // Data order is kept: document i of the data is doc id i.
        int[] ords = DocOrdinals.read(reader);
        for (int i = 0; i < ords.length; i++) {
          assertEquals(i, ords[i]);
        }
        if (docs >= 0) {
          assertEquals(docs, reader.maxDoc());
        }
        docs = reader.maxDoc();
      }
    }
    Map<String, Object> json =
        json(root.resolve("results").resolve("seg3").resolve("results.json"));
    assertEquals("segments:3", field(json, "setup", "layout"));
    assertEquals(3, ((Number) field(json, "baseline", "segments")).intValue());
    List<Map<String, Object>> seismic = list(json, "seismic");
    assertEquals(3, ((Number) seismic.get(0).get("segments")).intValue());
    assertEquals(0.0, ((Number) seismic.get(0).get("mergeSeconds")).doubleValue(), 0);
    assertEquals(3, list(seismic.get(0), "seismicSegments").size());
    String written =
        Files.readString(root.resolve("results").resolve("seg3").resolve("results.md"));
    assertTrue(written, written.contains("segment layout: **segments:3**"));
    assertTrue(written, written.contains("segments searched"));
    assertFalse("no merge column", written.contains("forceMerge(1) s"));
    assertTrue(md.contains("## Build (layout segments:3"));

    List<Map<String, Object>> runs = list(json, "runs");
    assertEquals(3, runs.size());
    for (Map<String, Object> run : runs) {
      double recall = ((Number) run.get("recall")).doubleValue();
      switch ((String) run.get("kind")) {
        case "seismic" ->
            assertEquals(
                run.toString(), 1.0, ((Number) run.get("recallVsLuceneExact")).doubleValue(), 0);
        case "lucene-exact" -> assertTrue(run.toString(), recall > 0.9);
        case "brute-force" -> assertEquals(run.toString(), 1.0, recall, 0);
        default -> fail(run.toString());
      }
    }
  }

  /**
   * A user's own collection: the Seismic toy fixture's JSONL documents and queries, then the same
   * documents as a Seismic binary file with a vocabulary; ground truth by brute force, the lossless
   * setting equal to Lucene exact.
   */
  public void testDocsAndQueriesFiles() throws Exception {
    Optional<Path> shared = SharedData.locate();
    assumeTrue(
        "shared data folder not found; skipping the Seismic toy fixture", shared.isPresent());
    Path toy = shared.get().resolve("seismic-toy");
    Path root = createTempDir("bench");
    String[] common = {
      "--k", "5",
      "--truth-k", "10",
      "--build", LOSSLESS,
      "--query-cut", "1000",
      "--heap-factor", "0.9",
      "--warm-up", "5",
      "--threads", "1",
      "--queries-file", toy.resolve("queries.jsonl").toString()
    };
    String md =
        bench(
            root, "toy", concat(common, "--docs-file", toy.resolve("documents.jsonl").toString()));
    Map<String, Object> json = json(root.resolve("results").resolve("toy").resolve("results.json"));
    assertEquals(20, ((Number) field(json, "data", "documents")).intValue());
    assertEquals(5, ((Number) field(json, "data", "queries")).intValue());
    assertEquals(BenchDataLoader.FILE_LABEL, field(json, "data", "label"));
    assertTrue(md, md.contains("documents.jsonl"));
    assertTrue(md, md.contains("queries.jsonl"));
    assertExact(json);

    // The same documents as Seismic binary with a vocabulary (--vocab maps ids back to tokens),
    // the first 12 only (--docs with --docs-file).
    VectorSet docs =
        JsonlReader.read(
            toy.resolve("documents.jsonl"), "", new TokenInterner(), Integer.MAX_VALUE);
    TreeSet<String> tokens = new TreeSet<>();
    for (int i = 0; i < docs.size(); i++) {
      tokens.addAll(List.of(docs.tokens(i)));
    }
    Path vocab = root.resolve("vocab.txt");
    Files.write(vocab, tokens);
    Path bin = root.resolve("documents.bin");
    SeismicBinaryFormat.write(bin, docs, Vocabulary.of(tokens.toArray(new String[0])));
    bench(
        root,
        "toy-bin",
        concat(common, "--docs-file", bin.toString(), "--vocab", vocab.toString(), "--docs", "12"));
    json = json(root.resolve("results").resolve("toy-bin").resolve("results.json"));
    assertEquals(12, ((Number) field(json, "data", "documents")).intValue());
    assertExact(json);
  }

  /** Lossless Seismic equals Lucene exact; brute force is the truth. */
  private static void assertExact(Map<String, Object> json) {
    for (Map<String, Object> run : list(json, "runs")) {
      double recall = ((Number) run.get("recall")).doubleValue();
      switch ((String) run.get("kind")) {
        case "seismic" ->
            assertEquals(
                run.toString(), 1.0, ((Number) run.get("recallVsLuceneExact")).doubleValue(), 0);
        case "lucene-exact" -> assertTrue(run.toString(), recall > 0.5);
        case "brute-force" -> assertEquals(run.toString(), 1.0, recall, 0);
        default -> fail(run.toString());
      }
    }
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }

  /**
   * The second generator, with brute force left out as a system because the set is above
   * --brute-force-max-docs: the truth is still computed (streamed), recall still measured, the
   * report says why brute force is missing.
   */
  public void testCooccurrenceGeneratorWithoutBruteForce() throws Exception {
    assumeTrue("shared data folder not found; skipping", SharedData.locate().isPresent());
    Path root = createTempDir("bench");
    String md =
        bench(
            root,
            "cooccur",
            "--generator",
            "cooccur",
            "--expansion",
            "0.5",
            "--queries",
            "30",
            "--k",
            "10",
            "--truth-k",
            "10",
            "--build",
            LOSSLESS,
            "--query-cut",
            "1000",
            "--heap-factor",
            "0.9",
            "--warm-up",
            "10",
            "--threads",
            "2",
            "--brute-force-max-docs",
            "500");
    Map<String, Object> json =
        json(root.resolve("results").resolve("cooccur").resolve("results.json"));
    assertEquals(CooccurrenceGenerator.LABEL, field(json, "data", "label"));
    assertEquals(2000, ((Number) field(json, "data", "documents")).intValue());
    double meanNnz = ((Number) field(json, "data", "meanDocNnz")).doubleValue();
    assertTrue("mean nnz " + meanNnz, meanNnz > 10 && meanNnz <= 130);
    assertTrue(
        (String) field(json, "setup", "bruteForce"),
        ((String) field(json, "setup", "bruteForce")).startsWith("left out: 2,000 documents"));
    assertTrue(md, md.contains("brute force (in memory) as a system: left out"));
    List<Map<String, Object>> runs = list(json, "runs");
    assertEquals("Seismic and Lucene exact only", 2, runs.size());
    assertExact(json);
  }

  /**
   * Documents generated from every 100th pool vector only: the report says so, and a stride below 1
   * is refused naming the option.
   */
  public void testPoolStride() throws Exception {
    assumeTrue("shared data folder not found; skipping", SharedData.locate().isPresent());
    Path root = createTempDir("bench");
    String md =
        bench(
            root,
            "stride",
            "--pool-stride",
            "100",
            "--queries",
            "20",
            "--truth-k",
            "10",
            "--query-cut",
            "5",
            "--heap-factor",
            "0.6",
            "--warm-up",
            "5",
            "--no-brute-force");
    assertTrue(md, md.contains("of the 567-vector SPLADE++ ED pool"));
    assertTrue(md, md.contains("(every 100-th vector of the pool)"));
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine refused = new CommandLine(new BenchCommand(System.out));
    refused.setErr(new java.io.PrintWriter(err, true));
    int rc =
        refused.execute("--pool-stride", "0", "--results-dir", root.resolve("refused").toString());
    assertTrue(err.toString(), rc != 0);
    assertTrue(err.toString(), err.toString().contains("--pool-stride must be >= 1, got 0"));
  }

  /**
   * --nknn builds every index with a κ-NN graph, --knn 0,4 doubles the query settings: the runs
   * carry their knn, the report gains a knn column, the graph's build time and its file's size.
   */
  public void testGraphAndKnnSweep() throws Exception {
    Path root = createTempDir("bench");
    String md =
        bench(
            root,
            "knn",
            "--queries",
            "30",
            "--truth-k",
            "10",
            "--nknn",
            "4",
            "--knn",
            "0,4",
            "--query-cut",
            "1,3",
            "--heap-factor",
            "0.9",
            "--warm-up",
            "5",
            "--threads",
            "2",
            "--no-brute-force");
    Map<String, Object> json = json(root.resolve("results").resolve("knn").resolve("results.json"));
    assertEquals(List.of(0, 4), field(json, "setup", "knns"));
    Map<String, Object> index = list(json, "seismic").get(0);
    assertTrue((String) index.get("params"), ((String) index.get("params")).contains("nknn=4"));
    assertTrue(index.toString(), ((Number) index.get("graphSeconds")).doubleValue() > 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> sizes = (Map<String, Object>) index.get("sizes");
    assertTrue(sizes.toString(), ((Number) sizes.get("skg")).longValue() > 2000 * 4 * 2);
    assertEquals(0.0, ((Number) field(json, "baseline", "graphSeconds")).doubleValue(), 0);
    List<Map<String, Object>> runs = list(json, "runs");
    assertEquals("2 query cuts x 2 knn + Lucene exact", 5, runs.size());
    int refined = 0;
    for (Map<String, Object> run : runs) {
      if ("seismic".equals(run.get("kind"))) {
        int knn = ((Number) run.get("knn")).intValue();
        assertTrue(run.toString(), knn == 0 || knn == 4);
        assertTrue(run.toString(), ((String) run.get("system")).endsWith(" knn=" + knn));
        refined += knn;
      } else {
        assertNull(run.toString(), run.get("knn"));
      }
    }
    assertEquals(8, refined);
    assertTrue(md, md.contains("| query_cut | heap_factor | knn | recall@10 |"));
    assertTrue(md, md.contains("of which knn graph s"));
    assertTrue(md, md.contains("| skg | κ-NN graph |"));
    assertTrue(md, md.contains("knn graph "));

    String err = refused(root, "--knn", "0,300");
    assertTrue(err, err.contains("--knn must be in [0, 256], got 300"));
    err = refused(root, "--nknn", "-1");
    assertTrue(err, err.contains("--nknn must be in [0, 256], got -1"));
  }

  /** Runs a bench that must be refused before any work; returns its error output. */
  private static String refused(Path root, String... options) {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cl = new CommandLine(new BenchCommand(System.out));
    cl.setErr(new java.io.PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--synthetic", "--results-dir", root.resolve("refused").toString()));
    assertTrue(err.toString(), cl.execute(args.toArray(new String[0])) != 0);
    return err.toString();
  }

  /** --nknn applies to every build setting that does not name nknn itself. */
  public void testNknnAndBuildSpecs() {
    assertEquals(BuildParams.DEFAULTS, BenchCommand.parseBuild("default", null));
    assertEquals(3, BenchCommand.parseBuild("default", 3).nknn());
    assertEquals(3, BenchCommand.parseBuild("n_postings=10", 3).nknn());
    assertEquals(10, BenchCommand.parseBuild("n_postings=10", 3).nPostings());
    assertEquals(2, BenchCommand.parseBuild("nknn=2,n_postings=10", 3).nknn());
    assertEquals(2, BenchCommand.parseBuild("nknn=2").nknn());
    assertEquals(0, BenchCommand.parseBuild("n_postings=10").nknn());
  }

  public void testLayoutParsing() {
    assertEquals(SegmentLayout.MERGED, SegmentLayout.parse("merged"));
    assertEquals(SegmentLayout.NATURAL, SegmentLayout.parse(" Natural "));
    assertEquals(SegmentLayout.segments(7), SegmentLayout.parse("segments:7"));
    assertEquals("segments:7", SegmentLayout.segments(7).toString());
    for (String bad : List.of("segments:0", "segments:", "segments:x", "tiered", "")) {
      expectThrows(IllegalArgumentException.class, () -> SegmentLayout.parse(bad));
    }
    // Sizes differ by at most one and cover every document.
    SegmentLayout l = SegmentLayout.segments(3);
    assertEquals(3, l.segmentEnd(0, 10));
    assertEquals(6, l.segmentEnd(1, 10));
    assertEquals(10, l.segmentEnd(2, 10));
  }

  /** Runs {@code bench} with the data, output and work folders of a test; returns its stdout. */
  static String bench(Path root, String name, String... options) {
    boolean real = SharedData.locate().isPresent();
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(
        List.of(
            "--name", name,
            "--results-dir", root.resolve("results").toString(),
            "--cache-dir", root.resolve("cache").toString(),
            "--work-dir", root.resolve("work").toString()));
    if (args.contains("--docs-file")) {
      // the data is given
    } else if (real) {
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
    return md;
  }

  /** The JSON file as maps, lists, strings, numbers, booleans and nulls. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Path file) throws Exception {
    try (JsonParser p = JsonFactory.builder().build().createParser(file.toFile())) {
      p.nextToken();
      return (Map<String, Object>) value(p);
    }
  }

  private static Object value(JsonParser p) throws Exception {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getNumberValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      default -> {
        return p.getText();
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Object field(Map<String, Object> json, String object, String name) {
    return ((Map<String, Object>) json.get(object)).get(name);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> json, String name) {
    return (List<Map<String, Object>>) json.get(name);
  }
}
