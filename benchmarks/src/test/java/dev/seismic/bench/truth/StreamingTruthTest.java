package dev.seismic.bench.truth;

import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.data.VectorStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.tests.util.LuceneTestCase;

/**
 * The streaming ground truth equals one brute force over all documents, whatever the chunk size,
 * and the pair scores recall needs equal the in-memory exact scorer's.
 */
public class StreamingTruthTest extends LuceneTestCase {

  public void testChunksGiveTheSameTruth() throws Exception {
    Dataset d = GeneratedData.generate(random().nextLong(), 2_000, 40);
    VectorSet docs = withTies(d.documents());
    for (WeightMode mode : WeightMode.values()) {
      int k = 1 + random().nextInt(30);
      TopK[] expected = new BruteForce(docs, mode).search(d.queries(), k, 2);
      for (int chunk : new int[] {3, 100, 999, 2_400, 5_000, 1 + random().nextInt(3000)}) {
        List<Long> progress = new ArrayList<>();
        StreamingTruth.Result r =
            StreamingTruth.compute(
                VectorStream.of(docs),
                d.queries(),
                k,
                mode,
                1 + random().nextInt(3),
                chunk,
                true,
                progress::add);
        assertEquals(docs.size(), r.documents());
        assertEquals(docs.totalNnz(), r.totalNnz());
        assertEquals(docs.size(), (long) progress.get(progress.size() - 1));
        assertEquals("one chunk keeps its index", chunk >= docs.size(), r.index() != null);
        for (int q = 0; q < expected.length; q++) {
          String where = mode + " chunk " + chunk + " query " + q;
          assertArrayEquals(where, expected[q].docs(), r.truth()[q].docs());
          assertArrayEquals(where, expected[q].scores(), r.truth()[q].scores(), 0f);
        }
        if (r.index() != null) {
          TopK[] again = r.index().search(d.queries(), k, 1);
          assertArrayEquals(expected[0].docs(), again[0].docs());
        }
      }
    }
  }

  public void testNoIndexKeptUnlessAsked() throws Exception {
    Dataset d = GeneratedData.generate(1, 100, 3);
    StreamingTruth.Result r =
        StreamingTruth.compute(
            VectorStream.of(d.documents()),
            d.queries(),
            5,
            WeightMode.ORIGINAL,
            1,
            1000,
            false,
            x -> {});
    assertNull(r.index());
  }

  public void testPairScoresEqualTheExactScorer() throws Exception {
    Dataset d = GeneratedData.generate(random().nextLong(), 500, 20);
    int[][] a = new int[20][];
    int[][] b = new int[20][];
    for (int q = 0; q < 20; q++) {
      a[q] = random().ints(10, 0, 500).toArray(); // repeats within and across lists too
      b[q] = random().ints(3, 0, 500).toArray();
    }
    PairScores scores =
        PairScores.compute(VectorStream.of(d.documents()), d.queries(), List.of(a, b));
    for (WeightMode mode : WeightMode.values()) {
      ExactScorer exact = new ExactScorer(d.documents(), mode);
      for (int q = 0; q < 20; q++) {
        var expected = exact.forQuery(d.queries(), q);
        var actual = scores.forQuery(q, mode);
        for (int[] list : List.of(a[q], b[q])) {
          for (int doc : list) {
            assertEquals(expected.applyAsDouble(doc), actual.applyAsDouble(doc), 0);
          }
        }
      }
      // Recall through the pair scores equals recall through the exact scorer.
      TopK[] truth = new BruteForce(d.documents(), mode).search(d.queries(), 10, 1);
      assertEquals(
          exact.recall(truth, a, 10, d.queries()).mean(),
          scores.recall(truth, a, 10, mode).mean(),
          0);
    }
    expectThrows(
        IllegalArgumentException.class,
        () -> scores.forQuery(0, WeightMode.ORIGINAL).applyAsDouble(-1));
  }

  /** The documents followed by copies of some of them: exact ties across chunks. */
  private static VectorSet withTies(VectorSet docs) {
    VectorSet.Builder b = new VectorSet.Builder();
    for (int i = 0; i < docs.size(); i++) {
      b.add(docs.id(i), docs.tokens(i), docs.weights(i));
    }
    for (int i = 0; i < docs.size(); i += 5) {
      b.add("copy" + i, docs.tokens(i), docs.weights(i));
    }
    return b.build();
  }
}
