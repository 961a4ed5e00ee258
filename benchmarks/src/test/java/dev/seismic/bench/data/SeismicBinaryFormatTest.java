package dev.seismic.bench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.tests.util.LuceneTestCase;

public class SeismicBinaryFormatTest extends LuceneTestCase {

  public void testRoundTripWithVocabulary() throws Exception {
    Vocabulary vocab = Vocabulary.of("[PAD]", "the", "cat", "##s", "dog");
    VectorSet in =
        new VectorSet.Builder()
            .add("x", new String[] {"cat", "##s"}, new float[] {1.25f, 0.001f})
            .add("y", new String[0], new float[0])
            .add("z", new String[] {"dog", "the", "[PAD]"}, new float[] {3f, 0.5f, 7e-3f})
            .build();
    Path f = createTempDir("bin").resolve("v.bin");
    SeismicBinaryFormat.write(f, in, vocab);
    assertEquals(4 + (4 + 8 + 8) + 4 + (4 + 12 + 12), Files.size(f));
    VectorSet out = SeismicBinaryFormat.read(f, vocab, "", new TokenInterner(), Integer.MAX_VALUE);
    assertEquals(3, out.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(Integer.toString(i), out.id(i));
      assertArrayEquals(in.tokens(i), out.tokens(i));
      assertTrue(Arrays.equals(in.weights(i), out.weights(i)));
    }
  }

  public void testRandomRoundTripWithDecimalIds() throws Exception {
    VectorSet.Builder b = new VectorSet.Builder();
    int n = atLeast(20);
    for (int i = 0; i < n; i++) {
      Map<String, Float> v = new LinkedHashMap<>();
      int nnz = random().nextInt(50);
      while (v.size() < nnz) {
        v.put(Integer.toString(random().nextInt(30_522)), 0.01f + 3 * random().nextFloat());
      }
      b.add("v" + i, v);
    }
    VectorSet in = b.build();
    Path f = createTempDir("bin").resolve("r.bin");
    SeismicBinaryFormat.write(f, in, null);
    VectorSet out = SeismicBinaryFormat.read(f, null, "", new TokenInterner(), Integer.MAX_VALUE);
    assertEquals(n, out.size());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(in.tokens(i), out.tokens(i));
      assertTrue(Arrays.equals(in.weights(i), out.weights(i)));
    }
  }

  public void testTruncatedFileIsReported() throws Exception {
    VectorSet in =
        new VectorSet.Builder()
            .add("a", new String[] {"1", "2"}, new float[] {1f, 2f})
            .add("b", new String[] {"3"}, new float[] {1f})
            .build();
    Path dir = createTempDir("bin");
    Path f = dir.resolve("t.bin");
    SeismicBinaryFormat.write(f, in, null);
    byte[] bytes = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 2));
    DataFormatException e =
        expectThrows(
            DataFormatException.class,
            () -> SeismicBinaryFormat.read(cut, null, "", new TokenInterner(), Integer.MAX_VALUE));
    assertTrue(e.getMessage(), e.getMessage().contains("cut.bin"));
    assertTrue(e.getMessage(), e.getMessage().contains("vector 1"));
    assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
  }

  public void testIdOutsideVocabularyIsReported() throws Exception {
    VectorSet in = new VectorSet.Builder().add("a", new String[] {"5"}, new float[] {1f}).build();
    Path f = createTempDir("bin").resolve("o.bin");
    SeismicBinaryFormat.write(f, in, null);
    DataFormatException e =
        expectThrows(
            DataFormatException.class,
            () ->
                SeismicBinaryFormat.read(
                    f, Vocabulary.of("a", "b"), "", new TokenInterner(), Integer.MAX_VALUE));
    assertTrue(e.getMessage(), e.getMessage().contains("outside the vocabulary"));
  }
}
