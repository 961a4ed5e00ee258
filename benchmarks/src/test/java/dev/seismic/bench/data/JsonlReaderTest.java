package dev.seismic.bench.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.tests.util.LuceneTestCase;

public class JsonlReaderTest extends LuceneTestCase {

  public void testReadsSeismicToy() throws Exception {
    Optional<Path> shared = SharedData.locate();
    assumeTrue(
        "shared data folder not found; skipping the Seismic toy fixture", shared.isPresent());
    Path toy = shared.get().resolve("seismic-toy");
    VectorSet docs =
        JsonlReader.read(
            toy.resolve("documents.jsonl"), "", new TokenInterner(), Integer.MAX_VALUE);
    VectorSet queries =
        JsonlReader.read(toy.resolve("queries.jsonl"), "", new TokenInterner(), Integer.MAX_VALUE);
    assertEquals(20, docs.size());
    assertEquals(5, queries.size());
    int empty = 0;
    for (int i = 0; i < docs.size(); i++) {
      if (docs.nnz(i) == 0) {
        empty++;
        assertEquals("18", docs.id(i));
      }
    }
    assertEquals("the toy set has exactly one empty vector", 1, empty);
    assertEquals("1048585", queries.id(0));
    assertEquals(28, queries.nnz(0));
    assertEquals(2.443026065826416f, ImpactTsvReaderTest.asMap(queries, 0).get("brother"), 0f);
  }

  public void testFieldsInAnyOrderStringIdsAndExtraFields() throws Exception {
    Path f =
        write(
            "a.jsonl",
            "{\"vector\": {\"b\": 1, \"a\": 0.5}, \"extra\": [1, {\"x\": 2}], \"id\": \"doc-1\"}\n"
                + "\n"
                + "{\"id\": 2, \"content\": \"text\", \"vector\": {}}\n");
    VectorSet v = JsonlReader.read(f, "p/", new TokenInterner(), Integer.MAX_VALUE);
    assertEquals(2, v.size());
    assertEquals("p/doc-1", v.id(0));
    assertEquals(Map.of("a", 0.5f, "b", 1f), ImpactTsvReaderTest.asMap(v, 0));
    assertEquals("p/2", v.id(1));
    assertEquals(0, v.nnz(1));
  }

  public void testMalformedLineNamesFileAndLine() throws Exception {
    Path f =
        write(
            "bad.jsonl",
            "{\"id\": 1, \"vector\": {\"a\": 1.0}}\n"
                + "{\"id\": 2, \"vector\": {\"a\": 1.0}}\n"
                + "{\"id\": 3, \"vector\": {\"a\": 1.0}\n");
    DataFormatException e =
        expectThrows(
            DataFormatException.class,
            () -> JsonlReader.read(f, "", new TokenInterner(), Integer.MAX_VALUE));
    assertTrue(e.getMessage(), e.getMessage().contains("bad.jsonl"));
    assertTrue(e.getMessage(), e.getMessage().contains("line 3"));
    assertTrue(e.getMessage(), e.getMessage().contains("malformed JSON"));
  }

  public void testBadRecordsAreExplained() throws Exception {
    assertError("{\"id\": 1}", "missing \"vector\"");
    assertError("{\"vector\": {}}", "missing \"id\"");
    assertError("{\"id\": 1, \"vector\": {\"a\": \"x\"}}", "not a number");
    assertError("{\"id\": 1, \"vector\": {\"a\": 1, \"a\": 2}}", "appears twice");
    assertError("{\"id\": 1, \"vector\": {\"a\": -1}}", "negative");
    assertError("{\"id\": 1, \"vector\": {\"a\": 0}}", "zero");
    assertError("[1, 2]", "expected a JSON object");
    assertError("{\"id\": 1, \"vector\": {}} {}", "after the JSON object");
  }

  private void assertError(String line, String expected) throws Exception {
    Path f =
        write(
            "e" + random().nextInt(1_000_000) + ".jsonl",
            "{\"id\": 0, \"vector\": {}}\n" + line + "\n");
    DataFormatException e =
        expectThrows(
            DataFormatException.class,
            () -> JsonlReader.read(f, "", new TokenInterner(), Integer.MAX_VALUE));
    assertTrue(e.getMessage(), e.getMessage().contains("line 2"));
    assertTrue(e.getMessage(), e.getMessage().contains(expected));
  }

  private Path dir;

  private Path write(String name, String content) throws Exception {
    if (dir == null) {
      dir = createTempDir("jsonl");
    }
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }
}
