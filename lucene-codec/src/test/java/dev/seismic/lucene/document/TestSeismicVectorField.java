package dev.seismic.lucene.document;

import dev.seismic.lucene.codecs.SeismicCodec;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/** Bad vectors are refused with a message naming the field, the token and the problem. */
public class TestSeismicVectorField extends LuceneTestCase {

  private static void assertRejected(Map<String, ? extends Number> vector, String... expected) {
    IllegalArgumentException e =
        expectThrows(IllegalArgumentException.class, () -> new SeismicVectorField("vec", vector));
    for (String part : expected) {
      assertTrue(
          "message [" + e.getMessage() + "] lacks [" + part + "]", e.getMessage().contains(part));
    }
  }

  public void testBadWeights() {
    assertRejected(Map.of("cat", Float.NaN), "\"vec\"", "\"cat\"", "NaN");
    assertRejected(Map.of("cat", Float.POSITIVE_INFINITY), "\"vec\"", "\"cat\"", "Infinity");
    assertRejected(Map.of("cat", Float.NEGATIVE_INFINITY), "\"cat\"", "-Infinity");
    assertRejected(Map.of("cat", -0.5f), "\"cat\"", "negative");
    assertRejected(Map.of("cat", 0f), "\"cat\"", "zero");
    assertRejected(Map.of("cat", Float.MIN_VALUE), "\"cat\"", "subnormal");
    Map<String, Float> withNull = new HashMap<>();
    withNull.put("cat", null);
    assertRejected(withNull, "\"cat\"", "null");
  }

  public void testBadTokens() {
    assertRejected(Map.of("", 1f), "\"vec\"", "empty");
    assertRejected(Map.of("x".repeat(SparseVector.MAX_TOKEN_BYTES + 1), 1f), "UTF-8 bytes");
    // Multi-byte characters count by their UTF-8 length.
    assertRejected(Map.of("é".repeat(SparseVector.MAX_TOKEN_BYTES / 2 + 1), 1f), "UTF-8 bytes");
    new SeismicVectorField("vec", Map.of("é".repeat(SparseVector.MAX_TOKEN_BYTES / 2), 1f));
  }

  public void testDuplicateToken() {
    IllegalArgumentException e =
        expectThrows(
            IllegalArgumentException.class,
            () -> SparseVector.of("vec", new String[] {"a", "b", "a"}, new float[] {1, 2, 3}));
    assertTrue(
        e.getMessage(), e.getMessage().contains("\"a\"") && e.getMessage().contains("twice"));
  }

  public void testTooManyTokens() {
    Map<String, Float> big = new LinkedHashMap<>();
    for (int i = 0; i <= SparseVector.MAX_DIMENSIONS; i++) {
      big.put("t" + i, 1f);
    }
    assertRejected(big, "\"vec\"", "65536 tokens", "maximum of 65535");
  }

  public void testMismatchedArrays() {
    expectThrows(
        IllegalArgumentException.class,
        () -> SparseVector.of("vec", new String[] {"a"}, new float[] {1, 2}));
  }

  public void testBadBuildParams() {
    IllegalArgumentException e =
        expectThrows(
            IllegalArgumentException.class, () -> new BuildParams(0, 1, 0.1f, 0.4f, 2, 15));
    assertTrue(e.getMessage(), e.getMessage().contains("[n_postings]"));
    e =
        expectThrows(
            IllegalArgumentException.class, () -> new BuildParams(10, 1, 1.5f, 0.4f, 2, 15));
    assertTrue(e.getMessage(), e.getMessage().contains("[centroid_fraction]"));
    e = expectThrows(IllegalArgumentException.class, () -> new BuildParams(10, 1, 0.1f, 0f, 2, 15));
    assertTrue(e.getMessage(), e.getMessage().contains("[summary_energy]"));
    e =
        expectThrows(
            IllegalArgumentException.class, () -> BuildParams.fromMap(Map.of("n_posting", 10)));
    assertTrue(e.getMessage(), e.getMessage().contains("unknown Seismic parameter [n_posting]"));
    e =
        expectThrows(
            IllegalArgumentException.class, () -> BuildParams.fromMap(Map.of("n_postings", 1.5)));
    assertTrue(e.getMessage(), e.getMessage().contains("integer"));
    // Too large for an int: refused, not cut to Integer.MAX_VALUE.
    e =
        expectThrows(
            IllegalArgumentException.class,
            () -> BuildParams.fromMap(Map.of("n_postings", 10_000_000_000L)));
    assertTrue(e.getMessage(), e.getMessage().contains("[n_postings] must be a 32-bit integer"));
    assertEquals(BuildParams.DEFAULTS, BuildParams.fromMap(Map.of()));
  }

  public void testLambdaScalesWithSegmentSize() {
    BuildParams p = new BuildParams(4000, 100, 0.1f, 0.4f, 2, 15);
    assertEquals(100, p.postingsPerList(1_000)); // the floor
    assertEquals(4000, p.postingsPerList(1_000_000));
    assertEquals(400, p.postingsPerList(100_000));
    // Beyond a million documents, with the square root of the size.
    assertEquals(12_650, p.postingsPerList(10_000_000)); // ⌈4000 · √10⌉
    assertEquals(8_000, p.postingsPerList(4_000_000));
    assertEquals(185_364, p.postingsPerList(Integer.MAX_VALUE)); // ⌈4000 · √2147.48…⌉
  }

  public void testWeightEncodingMatchesFeatureField() throws IOException {
    // The same token and weight through FeatureField and through our field give equal scores.
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), "vec"));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        Document a = new Document();
        a.add(new SeismicVectorField("vec", Map.of("tok", 1.2345f)));
        writer.addDocument(a);
        Document b = new Document();
        b.add(new FeatureField("plain", "tok", 1.2345f));
        writer.addDocument(b);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = newSearcher(reader);
        float ours =
            searcher.search(FeatureField.newLinearQuery("vec", "tok", 2f), 1).scoreDocs[0].score;
        float theirs =
            searcher.search(FeatureField.newLinearQuery("plain", "tok", 2f), 1).scoreDocs[0].score;
        assertEquals(theirs, ours, 0f);
        assertEquals(
            1.2345f,
            SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(1.2345f)),
            0.01f);
      }
    }
  }

  public void testRejectedDocumentLeavesIndexIntact() throws IOException {
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          newIndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), "vec"));
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int i = 0; i < 10; i++) {
          Document doc = new Document();
          doc.add(new SeismicVectorField("vec", Map.of("a", 1f + i, "b", 0.5f)));
          writer.addDocument(doc);
        }
        writer.commit();
        expectThrows(
            IllegalArgumentException.class,
            () -> {
              Document bad = new Document();
              bad.add(new SeismicVectorField("vec", Map.of("a", Float.NaN)));
              writer.addDocument(bad);
            });
        Document good = new Document();
        good.add(new SeismicVectorField("vec", Map.of("a", 3f)));
        writer.addDocument(good);
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(11, reader.numDocs());
        assertEquals(11, reader.maxDoc());
      }
    }
  }

  public void testFieldTypeMustIndexFrequencies() {
    FieldType wrong = new FieldType();
    wrong.setIndexOptions(org.apache.lucene.index.IndexOptions.DOCS);
    SparseVector v = SparseVector.of("vec", Map.of("a", 1f));
    IllegalArgumentException e =
        expectThrows(IllegalArgumentException.class, () -> new SeismicVectorField("vec", v, wrong));
    assertTrue(e.getMessage(), e.getMessage().contains("DOCS_AND_FREQS"));
  }
}
