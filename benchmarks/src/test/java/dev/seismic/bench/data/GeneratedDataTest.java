package dev.seismic.bench.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.tests.util.LuceneTestCase;

public class GeneratedDataTest extends LuceneTestCase {

  public void testDeterministicAndLabelled() {
    Dataset a = GeneratedData.generate(7, 500, 50);
    Dataset b = GeneratedData.generate(7, 500, 50);
    assertEquals("generated (not learned)", a.label());
    assertEquals(500, a.documents().size());
    assertEquals(50, a.queries().size());
    for (int i = 0; i < 500; i++) {
      assertArrayEquals(a.documents().tokens(i), b.documents().tokens(i));
      assertTrue(Arrays.equals(a.documents().weights(i), b.documents().weights(i)));
    }
    Dataset c = GeneratedData.generate(8, 500, 50);
    assertFalse(Arrays.equals(a.documents().tokens(0), c.documents().tokens(0)));
  }

  public void testShapeAndValidity() {
    Dataset d = GeneratedData.generate(random().nextLong(), 2_000, 200);
    assertEquals(GeneratedData.MEAN_DOC_NNZ, d.documents().meanNnz(), 15);
    assertEquals(GeneratedData.MEAN_QUERY_NNZ, d.queries().meanNnz(), 6);
    for (VectorSet s : List.of(d.documents(), d.queries())) {
      for (int i = 0; i < s.size(); i++) {
        assertNull(VectorRules.problem(s.tokens(i), s.weights(i)));
      }
    }
    // Queries overlap documents: most of their tokens occur in some document.
    Set<String> docTokens = new HashSet<>();
    for (int i = 0; i < d.documents().size(); i++) {
      docTokens.addAll(Arrays.asList(d.documents().tokens(i)));
    }
    for (int q = 0; q < d.queries().size(); q++) {
      int shared = 0;
      for (String t : d.queries().tokens(q)) {
        shared += docTokens.contains(t) ? 1 : 0;
      }
      assertTrue(shared >= d.queries().nnz(q) / 2);
    }
  }
}
