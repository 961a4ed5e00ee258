package dev.seismic.lucene.index;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.StringHelper;

/**
 * Maps a field's terms to the segment's own term ordinals (0, 1, ... in term order).
 *
 * <p>Lucene's block-tree terms dictionary does not expose ordinals, and Seismic's structures are
 * addressed by them, so each segment keeps its own map: an open-addressing hash table of (hash,
 * ordinal) slots, checked against the term bytes. Every query resolves all its tokens in every
 * segment, so a lookup must be cheap: it reads one or two slots and one term, where walking an FST
 * decodes an arc per byte.
 */
public final class TermDictionary {

  /** The hash of term bytes; fixed, since it is written to disk. */
  static int hash(byte[] bytes, int offset, int length) {
    return StringHelper.murmurhash3_x86_32(bytes, offset, length, 0x5E15_31C0);
  }

  /**
   * The hash every segment's dictionary files {@code term} under, for {@link Lookup#ordinals}: a
   * query computes it once for all the segments it searches.
   */
  public static int hash(BytesRef term) {
    return hash(term.bytes, term.offset, term.length);
  }

  // Each lookup reads through its own clones: inputs are not safe for concurrent use.
  private final int size;
  private final IndexInput data; // the term bytes, for comparing
  private final IndexInput offsets; // size + 1 longs: where each term's bytes start
  private final IndexInput slots; // 1 << slotBits longs: hash << 32 | (ordinal + 1), or 0
  private final int slotMask;

  private TermDictionary(
      int size, IndexInput data, IndexInput offsets, IndexInput slots, int slotBits) {
    this.size = size;
    this.data = data;
    this.offsets = offsets;
    this.slots = slots;
    this.slotMask = (1 << slotBits) - 1;
  }

  /** The number of terms. */
  public int size() {
    return size;
  }

  /** The ordinal of {@code term}, or -1 when the segment does not hold it. */
  public int ordinal(BytesRef term) throws IOException {
    return lookup().ordinal(term);
  }

  /** A lookup for one thread's many terms; it keeps its own reader and buffer. */
  public Lookup lookup() throws IOException {
    return new Lookup();
  }

  /** Looks up terms with a reused reader; one thread at a time. */
  public final class Lookup {
    private final IndexInput in;
    private final RandomAccessInput offsetsIn;
    private final RandomAccessInput slotsIn;
    private final RandomAccessInput bytesIn;
    private byte[] buffer = new byte[32];
    private long[] firstSlots = new long[0];
    private int touched; // keeps the reads of ordinals' first stages from being optimised away

    private Lookup() throws IOException {
      in = size == 0 ? null : data.clone();
      offsetsIn = size == 0 ? null : offsets.randomAccessSlice(0, offsets.length());
      slotsIn = size == 0 ? null : slots.randomAccessSlice(0, slots.length());
      bytesIn = size == 0 ? null : data.randomAccessSlice(0, data.length());
    }

    /** The ordinal of {@code term}, or -1 when the segment does not hold it. */
    public int ordinal(BytesRef term) throws IOException {
      return ordinal(term, hash(term));
    }

    /**
     * The ordinals of {@code terms} (or -1 for those the segment does not hold) into {@code out};
     * {@code hashes[i]} is {@link TermDictionary#hash(BytesRef)} of {@code terms[i]}.
     *
     * <p>A lookup reads three places that are rarely cached when a query comes (a slot, the term's
     * offsets, its bytes), each read waiting for the one before. Here the reads go stage by stage
     * over all the terms, every term's slot, then the offsets of every term whose slot matched,
     * then the first bytes of those terms, so that the misses of different terms overlap; the
     * lookups then find their data in the cache. A query resolves all its tokens in every segment,
     * which made one lookup after the other a sizeable share of a many-segment search.
     */
    public void ordinals(BytesRef[] terms, int[] hashes, int[] out) throws IOException {
      int n = terms.length;
      if (size == 0) {
        Arrays.fill(out, 0, n, -1);
        return;
      }
      long[] first = firstSlots = ArrayUtil.growNoCopy(firstSlots, n);
      for (int i = 0; i < n; i++) {
        first[i] = slotsIn.readLong((long) (hashes[i] & slotMask) << 3);
      }
      long sink = 0;
      for (int i = 0; i < n; i++) {
        long entry = first[i];
        first[i] = -1; // from here: where the candidate term's bytes start, or -1
        if (entry != 0 && (int) (entry >>> 32) == hashes[i]) {
          int ord = (int) entry - 1;
          first[i] = offsetsIn.readLong((long) ord << 3);
        }
      }
      for (int i = 0; i < n; i++) {
        if (first[i] >= 0 && first[i] < bytesIn.length()) { // an empty last term has no byte
          sink += bytesIn.readByte(first[i]);
        }
      }
      touched += (int) sink;
      for (int i = 0; i < n; i++) {
        out[i] = ordinal(terms[i], hashes[i]);
      }
    }

    private int ordinal(BytesRef term, int hash) throws IOException {
      if (size == 0) {
        return -1;
      }
      for (int slot = hash & slotMask; ; slot = (slot + 1) & slotMask) {
        long entry = slotsIn.readLong((long) slot << 3);
        if (entry == 0) {
          return -1;
        }
        if ((int) (entry >>> 32) == hash) {
          int ord = (int) entry - 1;
          if (equalsTerm(ord, term)) {
            return ord;
          }
        }
      }
    }

    private boolean equalsTerm(int ord, BytesRef term) throws IOException {
      long start = offsetsIn.readLong((long) ord << 3);
      long length = offsetsIn.readLong((long) (ord + 1) << 3) - start;
      if (length != term.length) {
        return false;
      }
      buffer = ArrayUtil.growNoCopy(buffer, term.length);
      in.seek(start);
      in.readBytes(buffer, 0, term.length);
      return Arrays.equals(
          buffer, 0, term.length, term.bytes, term.offset, term.offset + term.length);
    }
  }

  /** Heap used by this dictionary (its tables stay on disk). */
  public long ramBytesUsed() {
    return RamUsageEstimator.shallowSizeOfInstance(TermDictionary.class);
  }

  /**
   * Reads a dictionary written by {@link Writer}: metadata from {@code meta}, tables from {@code
   * data} at the offsets recorded in the metadata.
   */
  public static TermDictionary read(IndexInput meta, IndexInput data) throws IOException {
    int size = meta.readVInt();
    if (size == 0) {
      return new TermDictionary(0, null, null, null, 0);
    }
    long bytesStart = meta.readVLong();
    long bytesLength = meta.readVLong();
    int slotBits = meta.readByte();
    if (slotBits < 1 || slotBits > 31 || (1L << slotBits) < 2L * size) {
      throw new CorruptIndexException(
          "term dictionary: " + slotBits + " slot bits for " + size + " terms", meta);
    }
    long offsetsStart = bytesStart + bytesLength;
    long offsetsLength = (size + 1L) * Long.BYTES;
    long slotsStart = offsetsStart + offsetsLength;
    long slotsLength = (1L << slotBits) * Long.BYTES;
    if (slotsStart + slotsLength > data.length()) {
      throw new CorruptIndexException(
          "term dictionary ends at " + (slotsStart + slotsLength) + " past the file", data);
    }
    return new TermDictionary(
        size,
        data.slice("term bytes", bytesStart, bytesLength),
        data.slice("term offsets", offsetsStart, offsetsLength),
        data.slice("term slots", slotsStart, slotsLength),
        slotBits);
  }

  /**
   * Writes the terms of one field, in sorted order: their bytes as they come, then the offsets and
   * the hash table. Holds 12 bytes per term on the heap until {@link #finish}.
   */
  public static final class Writer {
    private final IndexOutput data;
    private final long start;
    private long[] offsets = new long[64];
    private int[] hashes = new int[64];
    private int size;

    public Writer(IndexOutput data) {
      this.data = data;
      this.start = data.getFilePointer();
    }

    /** Terms added so far. */
    public int size() {
      return size;
    }

    /** Adds the next term, which must sort after the previous one; returns its ordinal. */
    public int add(BytesRef term) throws IOException {
      offsets = ArrayUtil.grow(offsets, size + 2);
      hashes = ArrayUtil.grow(hashes, size + 1);
      offsets[size] = data.getFilePointer() - start;
      hashes[size] = hash(term.bytes, term.offset, term.length);
      data.writeBytes(term.bytes, term.offset, term.length);
      return size++;
    }

    /**
     * Writes the offsets and the hash table, and records what {@link #read} needs in {@code meta}.
     */
    public void finish(DataOutput meta) throws IOException {
      meta.writeVInt(size);
      if (size == 0) {
        return;
      }
      long bytesLength = data.getFilePointer() - start;
      offsets[size] = bytesLength;
      meta.writeVLong(start);
      meta.writeVLong(bytesLength);
      for (int i = 0; i <= size; i++) {
        data.writeLong(offsets[i]);
      }
      // At most half the slots full: a lookup reads about 1.5 slots for a term that is there, and
      // 2.5 for one that is not.
      int slotBits = Math.max(1, 64 - Long.numberOfLeadingZeros(2L * size - 1));
      if (slotBits > 31) {
        throw new IllegalArgumentException("too many terms for one field: " + size);
      }
      meta.writeByte((byte) slotBits);
      long[] table = new long[1 << slotBits];
      int mask = table.length - 1;
      for (int ord = 0; ord < size; ord++) {
        int slot = hashes[ord] & mask;
        while (table[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        table[slot] = ((long) hashes[ord] << 32) | (ord + 1);
      }
      for (long entry : table) {
        data.writeLong(entry);
      }
    }
  }
}
