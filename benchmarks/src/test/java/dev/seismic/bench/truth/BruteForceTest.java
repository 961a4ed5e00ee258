package dev.seismic.bench.truth;

import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.lucene.document.SeismicVectorField;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.lucene.tests.util.LuceneTestCase;

public class BruteForceTest extends LuceneTestCase {

  public void testSmallExample() {
    VectorSet docs =
        new VectorSet.Builder()
            .add("0", new String[] {"a", "b"}, new float[] {1f, 2f})
            .add("1", new String[] {"b", "c"}, new float[] {1f, 5f})
            .add("2", new String[] {"d"}, new float[] {9f})
            .add("3", new String[] {"a", "b"}, new float[] {1f, 2f}) // ties with 0
            .build();
    BruteForce bf = new BruteForce(docs, WeightMode.ORIGINAL);
    TopK top = bf.search(new String[] {"a", "b", "zz"}, new float[] {1f, 1f, 4f}, 10);
    // 0 and 3 score 3, 1 scores 1, 2 does not match.
    assertArrayEquals(new int[] {0, 3, 1}, top.docs());
    assertEquals(3f, top.scores()[0], 0f);
    TopK top1 = bf.search(new String[] {"a", "b"}, new float[] {1f, 1f}, 1);
    assertArrayEquals("ties break by lower document number", new int[] {0}, top1.docs());
  }

  public void testAgreesWithNaiveScoringOnGeneratedData() {
    Dataset d = GeneratedData.generate(random().nextLong(), 1_000, 30);
    for (WeightMode mode : WeightMode.values()) {
      BruteForce bf = new BruteForce(d.documents(), mode);
      int k = 1 + random().nextInt(20);
      TopK[] all = bf.search(d.queries(), k, 1 + random().nextInt(3));
      for (int q = 0; q < d.queries().size(); q++) {
        String[] qt = d.queries().tokens(q);
        float[] qw = d.queries().weights(q);
        double[] naive = new double[d.documents().size()];
        for (int doc = 0; doc < naive.length; doc++) {
          naive[doc] = bf.score(qt, qw, doc);
        }
        int[] expected =
            IntStream.range(0, naive.length)
                .boxed()
                .filter(doc -> naive[doc] > 0)
                .sorted(
                    Comparator.<Integer>comparingDouble(doc -> -naive[doc])
                        .thenComparingInt(doc -> doc))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
        assertArrayEquals(mode + " query " + q, expected, all[q].docs());
      }
    }
  }

  public void testEncodedModeUsesIndexWeights() {
    float w = 0.123456f;
    float encoded = WeightMode.INDEX_ENCODED.apply(w);
    assertEquals(SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(w)), encoded, 0f);
    assertNotEquals(w, encoded, 0f);
    assertEquals(w, encoded, w * 0.01f);
    assertTrue(Arrays.asList(WeightMode.values()).contains(WeightMode.ORIGINAL));
  }
}
