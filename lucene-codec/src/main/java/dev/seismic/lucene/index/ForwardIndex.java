package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.packed.DirectMonotonicReader;
import org.apache.lucene.util.packed.DirectMonotonicWriter;

/**
 * Each document's vector, read off heap: its sorted components (segment term ordinals) and their
 * values (the term frequencies in {@code FeatureField}'s encoding, 16 bits, so scores equal exact
 * {@code FeatureField} scores). With at most 65,536 terms an entry is one 32-bit word, {@code value
 * << 16 | component}, read in bulk; with more, the document's components (32 bits each) come first,
 * then its values (16 bits each). Seismic scores every candidate document exactly from here.
 *
 * <p>Instances are shared by all searches of a segment; each search takes its own {@link Cursor}.
 */
public final class ForwardIndex {

  /** Block shift of the entry-offset table: 2^16 documents per monotonic block. */
  static final int OFFSETS_BLOCK_SHIFT = 16;

  private final int maxDoc;
  private final int componentBytes;
  private final IndexInput entries;
  private final IndexInput offsetsData;
  private final DirectMonotonicReader.Meta offsetsMeta;

  private ForwardIndex(
      int maxDoc,
      int componentBytes,
      IndexInput entries,
      IndexInput offsetsData,
      DirectMonotonicReader.Meta offsetsMeta) {
    this.maxDoc = maxDoc;
    this.componentBytes = componentBytes;
    this.entries = entries;
    this.offsetsData = offsetsData;
    this.offsetsMeta = offsetsMeta;
  }

  /** Bytes per component: 2 when a field has at most 65,536 terms, else 4. */
  public static int componentBytes(int numTerms) {
    return numTerms <= 1 << 16 ? 2 : 4;
  }

  public int maxDoc() {
    return maxDoc;
  }

  /** Heap held by this reader. */
  public long ramBytesUsed() {
    // The offset table's metadata: per 2^16 documents a min, an average, an offset and a width.
    long blocks = (maxDoc + 1L + (1 << OFFSETS_BLOCK_SHIFT) - 1) >>> OFFSETS_BLOCK_SHIFT;
    return RamUsageEstimator.shallowSizeOfInstance(ForwardIndex.class) + blocks * (8 + 4 + 8 + 1);
  }

  /** A reader for one thread. */
  public Cursor cursor() throws IOException {
    return new Cursor(entries.clone(), offsets(offsetsData, offsetsMeta));
  }

  private static DirectMonotonicReader offsets(IndexInput data, DirectMonotonicReader.Meta meta)
      throws IOException {
    return DirectMonotonicReader.getInstance(meta, data.randomAccessSlice(0, data.length()));
  }

  /** Reads documents for one search; not thread-safe. */
  public final class Cursor {
    private final IndexInput in;
    private final DirectMonotonicReader offsets;
    private int[] components = new int[64];
    private int[] values = new int[64];
    private final UnsignedShorts shorts = new UnsignedShorts();
    private int length;

    private Cursor(IndexInput in, DirectMonotonicReader offsets) {
      this.in = in;
      this.offsets = offsets;
    }

    /** Number of components of {@code doc}. */
    public int length(int doc) {
      return (int) (offsets.get(doc + 1) - offsets.get(doc));
    }

    /** The dot product of {@code doc}'s vector with a dense query indexed by ordinal. */
    public float dot(int doc, float[] query) throws IOException {
      long start = offsets.get(doc);
      int n = (int) (offsets.get(doc + 1) - start);
      if (n == 0) {
        return 0f;
      }
      float score = 0f;
      if (componentBytes == 2) {
        in.seek(start * 4);
        int[] words = components = ArrayUtil.growNoCopy(components, n);
        in.readInts(words, 0, n);
        for (int i = 0; i < n; i++) {
          int word = words[i];
          score += query[word & 0xFFFF] * Weights.decode(word >>> 16);
        }
      } else {
        in.seek(start * 6);
        int[] comps = components = ArrayUtil.growNoCopy(components, n);
        int[] vals = values = ArrayUtil.growNoCopy(values, n);
        in.readInts(comps, 0, n);
        shorts.read(in, vals, n);
        for (int i = 0; i < n; i++) {
          score += query[comps[i]] * Weights.decode(vals[i]);
        }
      }
      return score;
    }

    /**
     * Loads {@code doc}'s vector; read it with {@link #length()}, {@link #component(int)} and
     * {@link #value(int)} until the next call.
     */
    public void load(int doc) throws IOException {
      long start = offsets.get(doc);
      int n = (int) (offsets.get(doc + 1) - start);
      components = ArrayUtil.growNoCopy(components, n);
      values = ArrayUtil.growNoCopy(values, n);
      if (componentBytes == 2) {
        in.seek(start * 4);
        in.readInts(components, 0, n);
        for (int i = 0; i < n; i++) {
          values[i] = components[i] >>> 16;
          components[i] &= 0xFFFF;
        }
      } else {
        in.seek(start * 6);
        in.readInts(components, 0, n);
        shorts.read(in, values, n);
      }
      length = n;
    }

    public int length() {
      return length;
    }

    public int component(int i) {
      return components[i];
    }

    /** The encoded value (term frequency) of the i-th component. */
    public int value(int i) {
      return values[i];
    }
  }

  /**
   * Writes the forward index of one field: entries to {@code data}, the offset table's metadata to
   * {@code meta}.
   */
  public static void write(InMemoryForwardIndex vectors, IndexOutput meta, IndexOutput data)
      throws IOException {
    int componentBytes = componentBytes(vectors.numTerms);
    meta.writeByte((byte) componentBytes);
    long entriesStart = data.getFilePointer();
    meta.writeLong(entriesStart);
    for (int d = 0; d < vectors.maxDoc; d++) {
      int from = vectors.offsets[d];
      int to = vectors.offsets[d + 1];
      if (componentBytes == 2) {
        for (int i = from; i < to; i++) {
          data.writeInt((vectors.values[i] & 0xFFFF) << 16 | vectors.components[i]);
        }
      } else {
        for (int i = from; i < to; i++) {
          data.writeInt(vectors.components[i]);
        }
        for (int i = from; i < to; i++) {
          data.writeShort(vectors.values[i]);
        }
      }
    }
    long entriesLength = data.getFilePointer() - entriesStart;
    meta.writeLong(entriesLength);
    long offsetsStart = data.getFilePointer();
    meta.writeLong(offsetsStart);
    DirectMonotonicWriter writer =
        DirectMonotonicWriter.getInstance(meta, data, vectors.maxDoc + 1L, OFFSETS_BLOCK_SHIFT);
    for (int d = 0; d <= vectors.maxDoc; d++) {
      writer.add(vectors.offsets[d]);
    }
    writer.finish();
    meta.writeLong(data.getFilePointer() - offsetsStart);
  }

  /** Reads what {@link #write} recorded; {@code data} is the whole forward-index file. */
  public static ForwardIndex read(int maxDoc, IndexInput meta, IndexInput data)
      throws IOException {
    int componentBytes = meta.readByte();
    if (componentBytes != 2 && componentBytes != 4) {
      throw new CorruptIndexException("bad component width " + componentBytes, meta);
    }
    long entriesStart = meta.readLong();
    long entriesLength = meta.readLong();
    long offsetsStart = meta.readLong();
    DirectMonotonicReader.Meta offsetsMeta =
        DirectMonotonicReader.loadMeta(meta, maxDoc + 1L, OFFSETS_BLOCK_SHIFT);
    long offsetsLength = meta.readLong();
    IndexInput entries = data.slice("forward-index entries", entriesStart, entriesLength);
    IndexInput offsetsData = data.slice("forward-index offsets", offsetsStart, offsetsLength);
    long expectedBytes = offsets(offsetsData, offsetsMeta).get(maxDoc) * (componentBytes + 2L);
    if (expectedBytes != entriesLength) {
      throw new CorruptIndexException(
          "forward index holds " + entriesLength + " bytes, offsets say " + expectedBytes, data);
    }
    return new ForwardIndex(maxDoc, componentBytes, entries, offsetsData, offsetsMeta);
  }
}
