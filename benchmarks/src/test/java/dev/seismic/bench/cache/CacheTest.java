package dev.seismic.bench.cache;

import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.TokenInterner;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.truth.TopK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.tests.util.LuceneTestCase;

public class CacheTest extends LuceneTestCase {

  public void testVectorSetRoundTripAndKeying() throws Exception {
    Path dir = createTempDir("cache");
    VectorSetCache cache = new VectorSetCache(dir);
    VectorSet set = GeneratedData.generate(3, 300, 1).documents();
    AtomicInteger computed = new AtomicInteger();
    VectorSet first =
        cache.getOrCompute(
            "k1",
            new TokenInterner(),
            () -> {
              computed.incrementAndGet();
              return set;
            });
    VectorSet second =
        cache.getOrCompute(
            "k1",
            new TokenInterner(),
            () -> {
              computed.incrementAndGet();
              return set;
            });
    assertSame(set, first);
    assertEquals(1, computed.get());
    assertEquals(set.size(), second.size());
    for (int i = 0; i < set.size(); i++) {
      assertEquals(set.id(i), second.id(i));
      assertArrayEquals(set.tokens(i), second.tokens(i));
      assertTrue(Arrays.equals(set.weights(i), second.weights(i)));
    }
    // Another key is another entry.
    cache.getOrCompute(
        "k2",
        new TokenInterner(),
        () -> {
          computed.incrementAndGet();
          return set;
        });
    assertEquals(2, computed.get());
  }

  public void testTruncatedOrForeignFileIsRecomputed() throws Exception {
    Path dir = createTempDir("cache");
    GroundTruthCache cache = new GroundTruthCache(dir);
    TopK[] truth = {
      new TopK(new int[] {3, 1}, new float[] {2f, 1f}), new TopK(new int[0], new float[0])
    };
    cache.getOrCompute("t", () -> truth);
    TopK[] back =
        cache.getOrCompute(
            "t",
            () -> {
              throw new AssertionError("should be cached");
            });
    assertArrayEquals(truth[0].docs(), back[0].docs());
    assertEquals(0, back[1].size());

    byte[] bytes = Files.readAllBytes(cache.file("t"));
    Files.write(cache.file("t"), Arrays.copyOf(bytes, bytes.length - 3));
    AtomicInteger computed = new AtomicInteger();
    cache.getOrCompute(
        "t",
        () -> {
          computed.incrementAndGet();
          return truth;
        });
    assertEquals("a truncated entry is a miss", 1, computed.get());

    // A file under this key's name holding another key's entry is a miss too.
    Files.copy(cache.file("t"), cache.file("u"));
    cache.getOrCompute(
        "u",
        () -> {
          computed.incrementAndGet();
          return truth;
        });
    assertEquals(2, computed.get());
  }
}
