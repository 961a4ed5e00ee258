package dev.seismic.bench.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.tests.util.LuceneTestCase;

public class CooccurrenceGeneratorTest extends LuceneTestCase {

  /**
   * Two groups of vectors with disjoint vocabularies ("a…" and "b…"), so co-occurrence never
   * crosses from one to the other; every "a" vector holds "a-shared".
   */
  private static VectorSet pool() {
    VectorSet.Builder b = new VectorSet.Builder();
    for (int i = 0; i < 30; i++) {
      b.add(
          "a/" + i,
          new String[] {"a" + i, "a" + (i + 1), "a" + (i + 7), "a-shared"},
          new float[] {1f + i, 0.5f, 0.75f, 0.1f * (i + 1)});
    }
    for (int i = 0; i < 10; i++) {
      b.add("b/" + i, new String[] {"b" + i, "b" + (i + 2)}, new float[] {2f, 0.25f + i});
    }
    return b.build();
  }

  public void testDeterministicAndValid() throws Exception {
    var p = new CooccurrenceGenerator.Params(400, 5, 1.0, 0.3, 6);
    VectorSet x = p.generate(pool());
    VectorSet y = p.generate(pool());
    assertEquals(400, x.size());
    for (int i = 0; i < x.size(); i++) {
      assertArrayEquals(x.tokens(i), y.tokens(i));
      assertTrue(Arrays.equals(x.weights(i), y.weights(i)));
      assertNull(VectorRules.problem(x.tokens(i), x.weights(i)));
      assertTrue(x.nnz(i) >= 1 && x.nnz(i) <= 6);
      for (int t = 1; t < x.nnz(i); t++) {
        assertTrue("heaviest first", x.weights(i)[t] <= x.weights(i)[t - 1]);
      }
      char group = x.tokens(i)[0].charAt(0);
      for (String token : x.tokens(i)) {
        assertEquals("co-occurrence stays within a vocabulary", group, token.charAt(0));
      }
    }
    VectorSet z = new CooccurrenceGenerator.Params(400, 6, 1.0, 0.3, 6).generate(pool());
    boolean differs = false;
    for (int i = 0; i < 400 && !differs; i++) {
      differs = !Arrays.equals(x.tokens(i), z.tokens(i));
    }
    assertTrue("another seed gives other documents", differs);
    // The stream repeats itself.
    int[] i = {0};
    p.stream(pool())
        .forEach(
            (id, tokens, weights) -> {
              assertArrayEquals(x.tokens(i[0]), tokens);
              i[0]++;
            });
    assertEquals(400, i[0]);
  }

  /** Without expansion and noise a document is a thinned real vector with its real weights. */
  public void testNoExpansionNoNoiseIsAThinnedRealVector() {
    VectorSet pool = pool();
    List<Map<String, Float>> vectors = new java.util.ArrayList<>();
    for (int v = 0; v < pool.size(); v++) {
      Map<String, Float> m = new HashMap<>();
      for (int t = 0; t < pool.nnz(v); t++) {
        m.put(pool.tokens(v)[t], pool.weights(v)[t]);
      }
      vectors.add(m);
    }
    VectorSet docs = new CooccurrenceGenerator.Params(300, 9, 0, 0, 130).generate(pool);
    int thinned = 0;
    for (int i = 0; i < docs.size(); i++) {
      boolean found = false;
      for (Map<String, Float> v : vectors) {
        boolean all = true;
        for (int t = 0; t < docs.nnz(i) && all; t++) {
          all = v.containsKey(docs.tokens(i)[t]) && v.get(docs.tokens(i)[t]) == docs.weights(i)[t];
        }
        if (all) {
          found = true;
          thinned += docs.nnz(i) < v.size() ? 1 : 0;
          break;
        }
      }
      assertTrue("document " + i + " is a subset of a real vector", found);
    }
    assertTrue("some tokens are dropped", thinned > 0);
  }

  /** Expansion adds tokens that co-occur with the seed's in the pool, lighter ones. */
  public void testExpansionAddsCooccurringTokens() {
    VectorSet docs = new CooccurrenceGenerator.Params(500, 3, 2.0, 0, 130).generate(pool());
    double meanNnz = docs.meanNnz();
    VectorSet plain = new CooccurrenceGenerator.Params(500, 3, 0, 0, 130).generate(pool());
    assertTrue(meanNnz + " vs " + plain.meanNnz(), meanNnz > plain.meanNnz() + 1);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < docs.size(); i++) {
      seen.addAll(List.of(docs.tokens(i)));
    }
    assertTrue(seen.contains("a-shared"));
  }

  public void testBadParameters() {
    expectThrows(
        IllegalArgumentException.class, () -> new CooccurrenceGenerator.Params(0, 1, 1, 0.3, 130));
    expectThrows(
        IllegalArgumentException.class,
        () -> new CooccurrenceGenerator.Params(10, 1, -1, 0.3, 130));
    expectThrows(
        IllegalArgumentException.class,
        () -> new CooccurrenceGenerator.Params(10, 1, 1, Double.NaN, 130));
    expectThrows(
        IllegalArgumentException.class, () -> new CooccurrenceGenerator.Params(10, 1, 1, 0.3, 0));
  }
}
