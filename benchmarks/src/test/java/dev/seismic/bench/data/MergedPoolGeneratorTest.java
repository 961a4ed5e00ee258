package dev.seismic.bench.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.tests.util.LuceneTestCase;

public class MergedPoolGeneratorTest extends LuceneTestCase {

  /** Two sources with disjoint vocabularies, so a merge across sources would show. */
  private static VectorSet pool() {
    VectorSet.Builder b = new VectorSet.Builder();
    for (int i = 0; i < 20; i++) {
      b.add(
          "a/" + i,
          new String[] {"a" + i, "a" + (i + 1), "a-shared"},
          new float[] {1f + i, 0.5f, 0.1f * (i + 1)});
    }
    for (int i = 0; i < 5; i++) {
      b.add("b/" + i, new String[] {"b" + i, "b" + (i + 2)}, new float[] {2f, 0.25f + i});
    }
    return b.build();
  }

  public void testDeterministic() {
    var p = new MergedPoolGenerator.Params(200, 7, 2, 4, 130);
    VectorSet x = MergedPoolGenerator.generate(pool(), p);
    VectorSet y = MergedPoolGenerator.generate(pool(), p);
    for (int i = 0; i < 200; i++) {
      assertArrayEquals(x.tokens(i), y.tokens(i));
      assertTrue(Arrays.equals(x.weights(i), y.weights(i)));
    }
    VectorSet z =
        MergedPoolGenerator.generate(pool(), new MergedPoolGenerator.Params(200, 8, 2, 4, 130));
    boolean differs = false;
    for (int i = 0; i < 200 && !differs; i++) {
      differs = !Arrays.equals(x.tokens(i), z.tokens(i));
    }
    assertTrue("another seed gives other documents", differs);
  }

  public void testMergesWithinOneSourceByMaxAndKeepsTheHeaviest() {
    VectorSet pool = pool();
    Map<String, Float> maxWeight = new HashMap<>();
    for (int v = 0; v < pool.size(); v++) {
      for (int t = 0; t < pool.nnz(v); t++) {
        maxWeight.merge(pool.tokens(v)[t], pool.weights(v)[t], Math::max);
      }
    }
    VectorSet docs =
        MergedPoolGenerator.generate(pool, new MergedPoolGenerator.Params(500, 3, 2, 3, 4));
    Set<Character> sourcesSeen = new HashSet<>();
    for (int i = 0; i < docs.size(); i++) {
      String[] tokens = docs.tokens(i);
      float[] weights = docs.weights(i);
      assertTrue(tokens.length <= 4);
      assertNull(VectorRules.problem(tokens, weights));
      char source = tokens[0].charAt(0);
      sourcesSeen.add(source);
      for (int t = 0; t < tokens.length; t++) {
        assertEquals("one source per document: " + List.of(tokens), source, tokens[t].charAt(0));
        assertTrue(weights[t] <= maxWeight.get(tokens[t]));
        if (t > 0) {
          assertTrue("heaviest first", weights[t] <= weights[t - 1]);
        }
      }
    }
    assertEquals(Set.of('a', 'b'), sourcesSeen);
  }

  public void testMaxCombine() {
    VectorSet.Builder b = new VectorSet.Builder();
    b.add("s/0", new String[] {"x", "y"}, new float[] {1f, 3f});
    b.add("s/1", new String[] {"x", "z"}, new float[] {2f, 0.5f});
    VectorSet merged =
        MergedPoolGenerator.generate(b.build(), new MergedPoolGenerator.Params(3, 1, 2, 2, 130));
    for (int i = 0; i < merged.size(); i++) {
      assertArrayEquals(new String[] {"y", "x", "z"}, merged.tokens(i));
      assertTrue(Arrays.equals(new float[] {3f, 2f, 0.5f}, merged.weights(i)));
    }
  }

  /** Every pass of the stream makes the documents generate() makes, in the same order. */
  public void testStreamRepeatsTheDocuments() throws Exception {
    var p = new MergedPoolGenerator.Params(300, 11, 2, 4, 3);
    VectorSet all = MergedPoolGenerator.generate(pool(), p);
    VectorStream stream = p.stream(pool());
    assertEquals(300, stream.size());
    for (int pass = 0; pass < 2; pass++) {
      int[] i = {0};
      stream.forEach(
          (id, tokens, weights) -> {
            assertEquals(all.id(i[0]), id);
            assertArrayEquals(all.tokens(i[0]), tokens);
            assertTrue(Arrays.equals(all.weights(i[0]), weights));
            i[0]++;
          });
      assertEquals(300, i[0]);
    }
  }

  public void testBadParameters() {
    expectThrows(
        IllegalArgumentException.class, () -> new MergedPoolGenerator.Params(0, 1, 2, 4, 130));
    expectThrows(
        IllegalArgumentException.class, () -> new MergedPoolGenerator.Params(10, 1, 3, 2, 130));
    expectThrows(
        IllegalArgumentException.class, () -> new MergedPoolGenerator.Params(10, 1, 2, 4, 0));
  }
}
