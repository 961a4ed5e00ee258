package dev.seismic.lucene.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.BytesRef;

/** Every term maps to its ordinal, every other term to -1, from one thread or several. */
public class TestTermDictionary extends LuceneTestCase {

  public void testOrdinalsOfPresentAndAbsentTerms() throws IOException {
    for (int round = 0; round < 5; round++) {
      List<BytesRef> terms = randomSortedTerms(random().nextInt(round == 0 ? 3 : 5000));
      try (Directory dir = newDirectory()) {
        FieldMetadata.TermsMeta meta = write(dir, terms);
        try (IndexInput data = dir.openInput("terms", IOContext.DEFAULT)) {
          TermDictionary dictionary = TermDictionary.open(meta, data);
          assertEquals(terms.size(), dictionary.size());
          TermDictionary.Lookup lookup = dictionary.lookup();
          for (int ord = 0; ord < terms.size(); ord++) {
            assertEquals(ord, lookup.ordinal(terms.get(ord)));
            assertEquals(ord, dictionary.ordinal(terms.get(ord)));
          }
          TreeSet<BytesRef> present = new TreeSet<>(terms);
          for (int i = 0; i < 2000; i++) {
            BytesRef other = randomTerm();
            assertEquals(ordinalIn(terms, present, other), lookup.ordinal(other));
          }
          // Looked up together, as a query's tokens are, present and absent terms alike.
          BytesRef[] batch = new BytesRef[random().nextInt(60)];
          int[] hashes = new int[batch.length];
          for (int i = 0; i < batch.length; i++) {
            batch[i] =
                terms.isEmpty() || random().nextBoolean()
                    ? randomTerm()
                    : terms.get(random().nextInt(terms.size()));
            hashes[i] = TermDictionary.hash(batch[i]);
          }
          int[] ordinals = new int[batch.length];
          lookup.ordinals(batch, hashes, ordinals);
          for (int i = 0; i < batch.length; i++) {
            assertEquals(batch[i].utf8ToString(), ordinalIn(terms, present, batch[i]), ordinals[i]);
          }
          // Prefixes of present terms share bytes with them.
          for (BytesRef term : terms) {
            if (term.length > 1) {
              BytesRef prefix = new BytesRef(term.bytes, term.offset, term.length - 1);
              assertEquals(ordinalIn(terms, present, prefix), lookup.ordinal(prefix));
            }
          }
        }
      }
    }
  }

  /**
   * Two different terms with the same hash: a matching hash alone must not confirm a term, for
   * short terms (confirmed by the word in their slot) and long ones (by their bytes).
   */
  public void testHashCollisions() throws IOException {
    for (int length : new int[] {5, 12}) {
      BytesRef[] pair = collidingTerms(length);
      assertEquals(TermDictionary.hash(pair[0]), TermDictionary.hash(pair[1]));
      List<BytesRef> one = List.of(pair[0]);
      List<BytesRef> both = new ArrayList<>(new TreeSet<>(List.of(pair[0], pair[1])));
      try (Directory dir = newDirectory()) {
        FieldMetadata.TermsMeta meta = write(dir, one);
        try (IndexInput data = dir.openInput("terms", IOContext.DEFAULT)) {
          TermDictionary.Lookup lookup = TermDictionary.open(meta, data).lookup();
          assertEquals(0, lookup.ordinal(pair[0]));
          assertEquals(-1, lookup.ordinal(pair[1]));
          int[] out = new int[2];
          lookup.ordinals(
              pair, new int[] {TermDictionary.hash(pair[0]), TermDictionary.hash(pair[1])}, out);
          assertArrayEquals(new int[] {0, -1}, out);
        }
      }
      try (Directory dir = newDirectory()) {
        FieldMetadata.TermsMeta meta = write(dir, both);
        try (IndexInput data = dir.openInput("terms", IOContext.DEFAULT)) {
          TermDictionary.Lookup lookup = TermDictionary.open(meta, data).lookup();
          for (int ord = 0; ord < 2; ord++) {
            assertEquals(ord, lookup.ordinal(both.get(ord)));
          }
        }
      }
    }
  }

  /** Two different ASCII terms of {@code length} bytes with the same hash (found by birthday). */
  private static BytesRef[] collidingTerms(int length) {
    Map<Integer, BytesRef> byHash = new HashMap<>();
    Random random = new Random(random().nextLong());
    while (true) {
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) ('a' + random.nextInt(26));
      }
      BytesRef term = new BytesRef(bytes);
      BytesRef other = byHash.putIfAbsent(TermDictionary.hash(term), term);
      if (other != null && !other.equals(term)) {
        return new BytesRef[] {other, term};
      }
    }
  }

  public void testConcurrentLookups() throws Exception {
    List<BytesRef> terms = randomSortedTerms(3000);
    try (Directory dir = newDirectory()) {
      FieldMetadata.TermsMeta meta = write(dir, terms);
      try (IndexInput data = dir.openInput("terms", IOContext.DEFAULT)) {
        TermDictionary dictionary = TermDictionary.open(meta, data);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Thread thread =
              new Thread(
                  () -> {
                    try {
                      TermDictionary.Lookup lookup = dictionary.lookup();
                      for (int rep = 0; rep < 5; rep++) {
                        for (int ord = 0; ord < terms.size(); ord++) {
                          assertEquals(ord, lookup.ordinal(terms.get(ord)));
                        }
                      }
                    } catch (Throwable e) {
                      synchronized (failures) {
                        failures.add(e);
                      }
                    }
                  });
          thread.start();
          threads.add(thread);
        }
        for (Thread thread : threads) {
          thread.join();
        }
        assertTrue(failures.toString(), failures.isEmpty());
      }
    }
  }

  /** Writes the dictionary to "terms"; returns its metadata. */
  private static FieldMetadata.TermsMeta write(Directory dir, List<BytesRef> terms)
      throws IOException {
    try (IndexOutput data = dir.createOutput("terms", IOContext.DEFAULT)) {
      data.writeInt(42); // the dictionary starts where the file is, not at 0
      TermDictionary.Writer writer = new TermDictionary.Writer(data);
      for (BytesRef term : terms) {
        writer.add(term);
      }
      FieldMetadata.TermsMeta meta = writer.finish();
      CodecUtil.writeFooter(data);
      return meta;
    }
  }

  private static int ordinalIn(List<BytesRef> terms, TreeSet<BytesRef> present, BytesRef term) {
    return present.contains(term) ? terms.indexOf(term) : -1;
  }

  private static List<BytesRef> randomSortedTerms(int n) {
    TreeSet<BytesRef> set = new TreeSet<>();
    while (set.size() < n) {
      set.add(randomTerm());
    }
    return new ArrayList<>(set);
  }

  private static BytesRef randomTerm() {
    return random().nextBoolean()
        ? new BytesRef(TestUtil.randomSimpleString(random(), 1, 6))
        : new BytesRef(TestUtil.randomUnicodeString(random(), 40));
  }
}
