package dev.seismic.lucene.index;

import dev.seismic.lucene.document.SeismicVectorField;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.RamUsageEstimator;

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

  private final int maxDoc;
  private final int componentBytes;
  private final IndexInput entries;
  private final IndexInput offsetsData;

  private ForwardIndex(int maxDoc, int componentBytes, IndexInput entries, IndexInput offsetsData) {
    this.maxDoc = maxDoc;
    this.componentBytes = componentBytes;
    this.entries = entries;
    this.offsetsData = offsetsData;
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
    return RamUsageEstimator.shallowSizeOfInstance(ForwardIndex.class);
  }

  /**
   * Bytes per component in the entries (2 or 4).
   *
   * @lucene.internal
   */
  public int componentBytes() {
    return componentBytes;
  }

  /**
   * The raw offset table ({@code maxDoc + 1} int64) and entries, for {@link
   * dev.seismic.lucene.check.FieldIndexCheck}, which decodes them by the format's grammar rather
   * than trusting a cursor.
   *
   * @lucene.internal
   */
  public RandomAccessInput offsetTable() throws IOException {
    return offsetsData.randomAccessSlice(0, offsetsData.length());
  }

  /**
   * The raw entries, for the validator (see {@link #offsetTable}).
   *
   * @lucene.internal
   */
  public RandomAccessInput entryData() throws IOException {
    return entries.randomAccessSlice(0, entries.length());
  }

  /** A reader for one thread. */
  public Cursor cursor() throws IOException {
    return new Cursor(
        entries.clone(),
        entries.randomAccessSlice(0, entries.length()),
        offsetsData.randomAccessSlice(0, offsetsData.length()));
  }

  /** Reads documents for one search; not thread-safe. */
  public final class Cursor {
    private final IndexInput in;
    private final RandomAccessInput entriesRandom;
    private final RandomAccessInput offsets; // maxDoc + 1 int64 entry offsets
    private long[] batchStarts = new long[16];
    private int[] batchLengths = new int[16];
    private int touched; // keeps the reads of touch() from being optimised away
    private int[] components = new int[64];
    private int[] values = new int[64];
    private final UnsignedShorts shorts = new UnsignedShorts();
    private int length;

    private Cursor(IndexInput in, RandomAccessInput entriesRandom, RandomAccessInput offsets) {
      this.in = in;
      this.entriesRandom = entriesRandom;
      this.offsets = offsets;
    }

    /**
     * Scores several documents at once: {@code out[i] = dot(docs[i], query)}. Documents of a block
     * lie far apart in the file, so scoring them one by one waits for main memory at every document
     * (its offsets, then its entries), one miss after the other. Here the offsets of all documents
     * are read first, then one word per cache line of every entry, in loops whose reads do not
     * depend on each other, so the processor has the misses of many documents in flight at once;
     * the dot products then find their entries in the cache.
     */
    public void dots(int[] docs, int n, float[] query, float[] out) throws IOException {
      touch(docs, 0, n);
      for (int i = 0; i < n; i++) {
        out[i] = dotAt(batchStarts[i], batchLengths[i], query);
      }
    }

    /**
     * Brings the vectors of {@code docs[from..to)} towards the cache, reads whose misses overlap
     * (see {@link #dots}), and keeps their starts and lengths for {@code dots}. The index builder
     * touches a block's documents this way before it loads them one by one.
     */
    public void touch(int[] docs, int from, int to) throws IOException {
      int n = to - from;
      long[] starts = batchStarts = ArrayUtil.growNoCopy(batchStarts, n);
      int[] lengths = batchLengths = ArrayUtil.growNoCopy(batchLengths, n);
      for (int i = 0; i < n; i++) {
        starts[i] = offsets.readLong(8L * docs[from + i]);
      }
      for (int i = 0; i < n; i++) {
        lengths[i] = (int) (offsets.readLong(8L * docs[from + i] + 8) - starts[i]);
      }
      int entryBytes = componentBytes + 2;
      int sink = 0;
      for (int i = 0; i < n; i++) {
        long start = starts[i] * entryBytes;
        long end = start + (long) lengths[i] * entryBytes;
        for (long at = start; at < end; at += 64) {
          sink += entriesRandom.readByte(at);
        }
      }
      touched += sink;
    }

    /** Number of components of {@code doc}. */
    public int length(int doc) throws IOException {
      return (int) (offsets.readLong(8L * doc + 8) - offsets.readLong(8L * doc));
    }

    /** The dot product of {@code doc}'s vector with a dense query indexed by ordinal. */
    public float dot(int doc, float[] query) throws IOException {
      long start = offsets.readLong(8L * doc);
      return dotAt(start, (int) (offsets.readLong(8L * doc + 8) - start), query);
    }

    private float dotAt(long start, int n, float[] query) throws IOException {
      if (n == 0) {
        return 0f;
      }
      // Four partial sums: one running sum makes every addition wait for the previous one (a
      // float add has a latency of several cycles), which dominated the time per document.
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int i = 0;
      if (componentBytes == 2) {
        in.seek(start * 4);
        int[] words = components = ArrayUtil.growNoCopy(components, n);
        in.readInts(words, 0, n);
        for (int end = n & ~3; i < end; i += 4) {
          int w0 = words[i], w1 = words[i + 1], w2 = words[i + 2], w3 = words[i + 3];
          s0 += query[w0 & 0xFFFF] * SeismicVectorField.decodeWeight(w0 >>> 16);
          s1 += query[w1 & 0xFFFF] * SeismicVectorField.decodeWeight(w1 >>> 16);
          s2 += query[w2 & 0xFFFF] * SeismicVectorField.decodeWeight(w2 >>> 16);
          s3 += query[w3 & 0xFFFF] * SeismicVectorField.decodeWeight(w3 >>> 16);
        }
        for (; i < n; i++) {
          int word = words[i];
          s0 += query[word & 0xFFFF] * SeismicVectorField.decodeWeight(word >>> 16);
        }
      } else {
        in.seek(start * 6);
        int[] comps = components = ArrayUtil.growNoCopy(components, n);
        int[] vals = values = ArrayUtil.growNoCopy(values, n);
        in.readInts(comps, 0, n);
        shorts.read(in, vals, n);
        for (int end = n & ~3; i < end; i += 4) {
          s0 += query[comps[i]] * SeismicVectorField.decodeWeight(vals[i]);
          s1 += query[comps[i + 1]] * SeismicVectorField.decodeWeight(vals[i + 1]);
          s2 += query[comps[i + 2]] * SeismicVectorField.decodeWeight(vals[i + 2]);
          s3 += query[comps[i + 3]] * SeismicVectorField.decodeWeight(vals[i + 3]);
        }
        for (; i < n; i++) {
          s0 += query[comps[i]] * SeismicVectorField.decodeWeight(vals[i]);
        }
      }
      return (s0 + s1) + (s2 + s3);
    }

    /**
     * Loads {@code doc}'s vector; read it with {@link #length()}, {@link #component(int)} and
     * {@link #value(int)} until the next call.
     */
    public void load(int doc) throws IOException {
      long start = offsets.readLong(8L * doc);
      int n = (int) (offsets.readLong(8L * doc + 8) - start);
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

    /** Where component {@code ord} is among the loaded vector's, or a negative number if absent. */
    public int indexOf(int ord) {
      return Arrays.binarySearch(components, 0, length, ord);
    }
  }

  /**
   * Opens a forward index written by {@link dev.seismic.lucene.builder.ForwardIndexWriter}: its
   * entries and offsets in {@code data}, the whole forward-index file, where {@code meta} says.
   */
  public static ForwardIndex open(int maxDoc, FieldMetadata.ForwardMeta meta, IndexInput data)
      throws IOException {
    int componentBytes = meta.componentBytes();
    long entriesLength = meta.entriesLength();
    long offsetsLength = meta.offsetsLength();
    IndexInput entries = data.slice("forward-index entries", meta.entriesStart(), entriesLength);
    IndexInput offsetsData =
        data.slice("forward-index offsets", meta.offsetsStart(), offsetsLength);
    long numEntries = offsetsData.randomAccessSlice(0, offsetsLength).readLong(8L * maxDoc);
    if (numEntries < 0
        || numEntries > entriesLength
        || numEntries * (componentBytes + 2L) != entriesLength) {
      throw new CorruptIndexException(
          "forward index holds "
              + entriesLength
              + " bytes, offsets say "
              + numEntries
              + " entries of "
              + (componentBytes + 2)
              + " bytes",
          data);
    }
    return new ForwardIndex(maxDoc, componentBytes, entries, offsetsData);
  }

  /**
   * A forward index over entries and offsets laid out as in the forward-index file, for the
   * builder, which reads back the temporary copy it wrote before the segment's file is complete.
   *
   * @lucene.internal
   */
  public static ForwardIndex of(
      int maxDoc, int componentBytes, IndexInput entries, IndexInput offsets) {
    return new ForwardIndex(maxDoc, componentBytes, entries, offsets);
  }
}
