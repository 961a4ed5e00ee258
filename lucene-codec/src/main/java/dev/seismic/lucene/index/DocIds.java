package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;

/**
 * Document ids in posting blocks, each in the fewest whole bytes that hold the segment's largest id
 * (2 up to 65,536 documents, 3 up to 16,777,216, else 4), little-endian. Fixed widths keep every
 * block directly addressable; whole bytes keep decoding to a few shifts.
 *
 * @lucene.internal
 */
public final class DocIds {
  private final int bytesPerDoc;
  private byte[] bytes = new byte[256];

  public DocIds(int bytesPerDoc) {
    this.bytesPerDoc = bytesPerDoc;
  }

  public static int bytesPerDoc(int maxDoc) {
    if (maxDoc <= 1 << 16) {
      return 2;
    }
    return maxDoc <= 1 << 24 ? 3 : 4;
  }

  public static void write(DataOutput out, int[] docs, int n, int bytesPerDoc) throws IOException {
    for (int i = 0; i < n; i++) {
      int doc = docs[i];
      for (int b = 0; b < bytesPerDoc; b++) {
        out.writeByte((byte) (doc >>> (8 * b)));
      }
    }
  }

  /** Reads {@code n} ids into {@code docs}, which must be large enough. */
  public void read(DataInput in, int[] docs, int n) throws IOException {
    read(in, docs, 0, n);
  }

  /** Reads {@code n} ids into {@code docs} from {@code at}; the array must be large enough. */
  public void read(DataInput in, int[] docs, int at, int n) throws IOException {
    if (bytesPerDoc == 4) {
      in.readInts(docs, at, n);
      return;
    }
    int length = n * bytesPerDoc;
    bytes = ArrayUtil.growNoCopy(bytes, length);
    in.readBytes(bytes, 0, length);
    if (bytesPerDoc == 2) {
      for (int i = at, p = 0; i < at + n; i++, p += 2) {
        docs[i] = (bytes[p] & 0xFF) | (bytes[p + 1] & 0xFF) << 8;
      }
    } else {
      for (int i = at, p = 0; i < at + n; i++, p += 3) {
        docs[i] = (bytes[p] & 0xFF) | (bytes[p + 1] & 0xFF) << 8 | (bytes[p + 2] & 0xFF) << 16;
      }
    }
  }
}
