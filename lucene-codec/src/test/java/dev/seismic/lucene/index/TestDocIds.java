package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.tests.util.LuceneTestCase;

public class TestDocIds extends LuceneTestCase {

  public void testWidths() {
    assertEquals(2, DocIds.bytesPerDoc(1));
    assertEquals(2, DocIds.bytesPerDoc(1 << 16));
    assertEquals(3, DocIds.bytesPerDoc((1 << 16) + 1));
    assertEquals(3, DocIds.bytesPerDoc(1 << 24));
    assertEquals(4, DocIds.bytesPerDoc((1 << 24) + 1));
  }

  public void testRoundTrip() throws IOException {
    for (int maxDoc :
        new int[] {1, 1 << 16, (1 << 16) + 1, 1 << 24, (1 << 24) + 1, Integer.MAX_VALUE}) {
      int width = DocIds.bytesPerDoc(maxDoc);
      int n = 1 + random().nextInt(300);
      int[] docs = new int[n];
      for (int i = 0; i < n; i++) {
        docs[i] = i == 0 ? maxDoc - 1 : random().nextInt(maxDoc);
      }
      ByteBuffersDataOutput out = new ByteBuffersDataOutput();
      DocIds.write(out, docs, n, width);
      assertEquals((long) n * width, out.size());
      ByteBuffersDataInput in = out.toDataInput();
      int[] back = new int[n];
      new DocIds(width).read(in, back, n);
      assertArrayEquals(docs, back);
    }
  }
}
