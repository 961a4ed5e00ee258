package dev.seismic.lucene.tune;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

public class TestQuerySplit extends LuceneTestCase {

  public void testDisjointCoveringSeededSplit() {
    int n = TestUtil.nextInt(random(), 2, 500);
    long seed = random().nextLong();
    QuerySplit split = QuerySplit.of(n, 0.3, seed);
    assertEquals(Math.max(1, Math.min(n - 1, Math.round(n * 0.3))), split.heldOut().length);
    int[] all =
        IntStream.concat(Arrays.stream(split.tuning()), Arrays.stream(split.heldOut()))
            .sorted()
            .toArray();
    assertArrayEquals(IntStream.range(0, n).toArray(), all);
    assertTrue(isAscending(split.tuning()) && isAscending(split.heldOut()));
    QuerySplit again = QuerySplit.of(n, 0.3, seed);
    assertArrayEquals(split.tuning(), again.tuning());
    assertArrayEquals(split.heldOut(), again.heldOut());
  }

  public void testNotTheHeadAndTail() {
    // A file grouped by source must not be tuned on one source and validated on another.
    QuerySplit split = QuerySplit.of(1000, 0.5, 42);
    assertTrue(split.heldOut()[0] < 100);
    assertTrue(split.tuning()[0] < 100);
  }

  public void testSample() {
    int[] s = QuerySplit.sample(100, 10, 1);
    assertEquals(10, s.length);
    assertTrue(isAscending(s));
    assertArrayEquals(s, QuerySplit.sample(100, 10, 1));
    assertEquals(5, QuerySplit.sample(5, 10, 1).length);
    expectThrows(IllegalArgumentException.class, () -> QuerySplit.sample(5, 0, 1));
    expectThrows(IllegalArgumentException.class, () -> QuerySplit.of(1, 0.5, 1));
    expectThrows(IllegalArgumentException.class, () -> QuerySplit.of(10, 0, 1));
  }

  private static boolean isAscending(int[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i] <= a[i - 1]) {
        return false;
      }
    }
    return true;
  }
}
