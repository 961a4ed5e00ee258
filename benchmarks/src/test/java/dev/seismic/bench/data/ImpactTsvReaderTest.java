package dev.seismic.bench.data;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;
import org.apache.lucene.tests.util.LuceneTestCase;

public class ImpactTsvReaderTest extends LuceneTestCase {

  public void testCountsBecomeWeights() throws Exception {
    Path f = write("a.tsv", "q1\tcat cat cat dog\nq2\tdog\n");
    VectorSet v = ImpactTsvReader.read(f, 1000, "", new TokenInterner(), Integer.MAX_VALUE);
    assertEquals(2, v.size());
    assertEquals("q1", v.id(0));
    Map<String, Float> q1 = asMap(v, 0);
    assertEquals(0.003f, q1.get("cat"), 1e-7f);
    assertEquals(0.001f, q1.get("dog"), 1e-7f);
    assertEquals(Map.of("dog", 0.001f), asMap(v, 1));
  }

  public void testRepeatsNeedNotBeAdjacentAndGzipIsRead() throws Exception {
    Path f = dir().resolve("b.tsv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("7\tx y x  x\r\n\n".getBytes(StandardCharsets.UTF_8));
    }
    VectorSet v = ImpactTsvReader.read(f, 100, "set/", new TokenInterner(), Integer.MAX_VALUE);
    assertEquals(1, v.size());
    assertEquals("set/7", v.id(0));
    assertEquals(Map.of("x", 0.03f, "y", 0.01f), asMap(v, 0));
  }

  public void testLimit() throws Exception {
    Path f = write("c.tsv", "1\ta\n2\tb\n3\tc\n");
    assertEquals(2, ImpactTsvReader.read(f, 10, "", new TokenInterner(), 2).size());
  }

  public void testMissingTabNamesFileAndLine() throws Exception {
    Path f = write("bad.tsv", "1\ta a\n2\tb\n3 c c\n");
    DataFormatException e =
        expectThrows(
            DataFormatException.class,
            () -> ImpactTsvReader.read(f, 1000, "", new TokenInterner(), Integer.MAX_VALUE));
    assertTrue(e.getMessage(), e.getMessage().contains("bad.tsv"));
    assertTrue(e.getMessage(), e.getMessage().contains("line 3"));
    assertTrue(e.getMessage(), e.getMessage().contains("no tab"));
  }

  public void testDuplicateIdNamesBothLines() throws Exception {
    Path f = write("dup.tsv", "1\ta\n2\tb\n1\tc\n");
    DataFormatException e =
        expectThrows(
            DataFormatException.class,
            () -> ImpactTsvReader.read(f, 1000, "", new TokenInterner(), Integer.MAX_VALUE));
    assertTrue(e.getMessage(), e.getMessage().contains("line 3"));
    assertTrue(e.getMessage(), e.getMessage().contains("line 1"));
  }

  public void testScaleRules() {
    assertEquals(
        OptionalInt.of(1000),
        scale("topics.msmarco-passage.dev-subset.splade-pp-ed.tsv.gz", "splade-pp-ed"));
    assertEquals(
        OptionalInt.of(1000),
        scale("topics.msmarco-v2-passage.dev2.splade-pp-ed.tsv.gz", "splade-pp-ed"));
    assertEquals(
        OptionalInt.of(1000), scale("topics.dl19-passage.splade-pp-ed.tsv.gz", "splade-pp-ed"));
    assertEquals(OptionalInt.of(1000), scale("topics.dl20.splade-pp-ed.tsv.gz", "splade-pp-ed"));
    assertEquals(OptionalInt.of(1000), scale("topics.dl21.splade-pp-ed.tsv.gz", "x"));
    assertEquals(OptionalInt.of(1000), scale("topics.dl22.splade-pp-ed.tsv.gz", "x"));
    assertEquals(OptionalInt.empty(), scale("topics.dl23.splade-pp-ed.tsv.gz", "splade-pp-ed"));
    assertEquals(
        OptionalInt.of(100),
        scale("topics.beir-v1.0.0-nq.test.splade-pp-ed.tsv.gz", "splade-pp-ed"));
    assertEquals(
        OptionalInt.of(100),
        scale(
            "topics.beir-v1.0.0-nq.test.splade_distil_cocodenser_medium.tsv.gz",
            "cocondenser-medium"));
    assertEquals(
        OptionalInt.of(100),
        scale(
            "topics.msmarco-passage.dev-subset.splade_distil_cocodenser_medium.tsv.gz",
            "cocondenser-medium"));
    assertEquals(OptionalInt.of(100), scale("topics.dl20.whatever.tsv.gz", "cocondenser-medium"));
    assertEquals(OptionalInt.empty(), scale("topics.robust04.unknown.tsv.gz", "elsewhere"));
    assertEquals(
        "beir-v1.0.0-nq.test",
        ImpactScale.datasetName(Path.of("topics.beir-v1.0.0-nq.test.splade-pp-ed.tsv.gz")));
    assertEquals("dl20", ImpactScale.datasetName(Path.of("topics.dl20.splade-pp-ed.tsv.gz")));
  }

  /**
   * The README says the first MS MARCO dev query of the SPLADE++ ED file and Seismic's toy query
   * with the same id have the same terms with weights within 0.003: true only if Q = 1000 is right.
   */
  public void testRealQueryScaleAgreesWithSeismicToy() throws Exception {
    Optional<Path> shared = SharedData.locate();
    assumeTrue("shared data folder not found; skipping the real-data check", shared.isPresent());
    Path tsv = RealPool.queryFile(shared.get());
    Path toy = shared.get().resolve("seismic-toy/queries.jsonl");
    assumeTrue("query files missing", Files.exists(tsv) && Files.exists(toy));
    VectorSet fromTsv = ImpactTsvReader.read(tsv, "", new TokenInterner(), 1);
    VectorSet fromJson = JsonlReader.read(toy, "", new TokenInterner(), 1);
    assertEquals(fromJson.id(0), fromTsv.id(0));
    Map<String, Float> a = asMap(fromTsv, 0);
    Map<String, Float> b = asMap(fromJson, 0);
    assertEquals(b.keySet(), a.keySet());
    for (String t : a.keySet()) {
      assertEquals(t, b.get(t), a.get(t), 0.003f);
    }
  }

  private static OptionalInt scale(String name, String folder) {
    return ImpactScale.of(name, folder);
  }

  static Map<String, Float> asMap(VectorSet v, int i) {
    Map<String, Float> m = new HashMap<>();
    for (int j = 0; j < v.nnz(i); j++) {
      m.put(v.tokens(i)[j], v.weights(i)[j]);
    }
    return m;
  }

  private Path dir;

  private Path dir() {
    if (dir == null) {
      dir = createTempDir("tsv");
    }
    return dir;
  }

  private Path write(String name, String content) throws Exception {
    Path f = dir().resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }
}
