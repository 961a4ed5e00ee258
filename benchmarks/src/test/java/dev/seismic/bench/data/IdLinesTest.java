package dev.seismic.bench.data;

import org.apache.lucene.tests.util.LuceneTestCase;

public class IdLinesTest extends LuceneTestCase {

  public void testFirstLines() {
    IdLines ids = new IdLines();
    int n = 300_000; // grows the table many times
    for (int i = 0; i < n; i++) {
      assertEquals(-1, ids.putIfAbsent("doc" + i, i + 1));
    }
    for (int i = 0; i < n; i += 997) {
      assertEquals(i + 1, ids.putIfAbsent("doc" + i, n + 10));
    }
    assertEquals(-1, ids.putIfAbsent("", 0));
    assertEquals(0, ids.putIfAbsent("", 5));
  }
}
