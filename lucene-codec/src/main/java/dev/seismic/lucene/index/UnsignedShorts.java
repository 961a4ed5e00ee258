package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BitUtil;

/**
 * Bulk reads of little-endian unsigned 16-bit values, which {@link DataInput} lacks: one {@code
 * readBytes} (a memory copy from a mapped file) and a decode loop.
 */
final class UnsignedShorts {
  private byte[] bytes = new byte[128];

  /** Reads {@code n} values into {@code dst[0..n)}, which must be large enough. */
  void read(DataInput in, int[] dst, int n) throws IOException {
    bytes = ArrayUtil.growNoCopy(bytes, 2 * n);
    in.readBytes(bytes, 0, 2 * n);
    for (int i = 0; i < n; i++) {
      dst[i] = (short) BitUtil.VH_LE_SHORT.get(bytes, 2 * i) & 0xFFFF;
    }
  }
}
