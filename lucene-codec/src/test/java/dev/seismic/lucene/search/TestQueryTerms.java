package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicCodec;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.io.IOException;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/** A query's tokens in the order of every segment's term ordinals, and ranked by weight. */
public class TestQueryTerms extends LuceneTestCase {

  private static final String FIELD = "vec";

  /**
   * A character past U+FFFF sorts before U+FFFD as a Java string (UTF-16 surrogates) but after it
   * in UTF-8, which is the order of a segment's term ordinals.
   */
  private static final String SUPPLEMENTARY = "\uD83D\uDE00"; // U+1F600

  private static final String REPLACEMENT = "\uFFFD";

  public void testByteOrderAndWeightRank() {
    SparseVector vector =
        SparseVector.of(
            FIELD, Map.of(SUPPLEMENTARY, 1f, REPLACEMENT, 3f, "a", 2f, "b", 2f, "z", 0.5f));
    QueryTerms terms = new QueryTerms(vector);
    for (int i = 1; i < terms.size(); i++) {
      assertTrue(terms.bytes[i - 1].compareTo(terms.bytes[i]) < 0);
    }
    assertEquals(REPLACEMENT, terms.bytes[3].utf8ToString());
    assertEquals(SUPPLEMENTARY, terms.bytes[4].utf8ToString());
    String[] heaviestFirst = new String[terms.size()];
    for (int r = 0; r < terms.size(); r++) {
      heaviestFirst[r] = terms.bytes[terms.byWeight[r]].utf8ToString();
      assertEquals(vectorWeight(vector, heaviestFirst[r]), terms.weights[terms.byWeight[r]], 0f);
    }
    // Equal weights keep byte order.
    assertArrayEquals(new String[] {REPLACEMENT, "a", "b", SUPPLEMENTARY, "z"}, heaviestFirst);
  }

  /** Resolving such tokens in a segment gives ascending ordinals and the exact top k. */
  public void testSupplementaryTokensSearch() throws IOException {
    try (Directory dir = newDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig().setCodec(new SeismicCodec(TestUtil.getDefaultCodec(), FIELD));
      FieldType type = SeismicVectorField.fieldType(new BuildParams(1, 1000, 0.1f, 1f, 2, 15));
      String[] tokens = {SUPPLEMENTARY, REPLACEMENT, "a", "b"};
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (int d = 0; d < 40; d++) {
          Document doc = new Document();
          doc.add(
              new SeismicVectorField(
                  FIELD,
                  SparseVector.of(FIELD, Map.of(tokens[d % 4], 1f + d, tokens[(d + 1) % 4], 1f)),
                  type));
          writer.addDocument(doc);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = newSearcher(reader);
        SparseVector query =
            SparseVector.of(FIELD, Map.of(SUPPLEMENTARY, 2f, REPLACEMENT, 1f, "a", 0.5f));
        TopDocs exact = searcher.search(SeismicQuery.exactQuery(FIELD, query), 5);
        TopDocs seismic =
            searcher.search(new SeismicQuery(FIELD, query, 5, Integer.MAX_VALUE, 0.01f, null), 5);
        assertEquals(exact.scoreDocs.length, seismic.scoreDocs.length);
        for (int i = 0; i < exact.scoreDocs.length; i++) {
          ScoreDoc e = exact.scoreDocs[i];
          ScoreDoc s = seismic.scoreDocs[i];
          assertEquals(e.doc, s.doc);
          assertEquals(e.score, s.score, 1e-5f * e.score);
        }
      }
    }
  }

  private static float vectorWeight(SparseVector vector, String token) {
    for (int i = 0; i < vector.size(); i++) {
      if (vector.token(i).equals(token)) {
        return vector.weight(i);
      }
    }
    throw new AssertionError(token);
  }
}
