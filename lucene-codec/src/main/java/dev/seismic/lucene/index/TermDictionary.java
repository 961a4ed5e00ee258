package dev.seismic.lucene.index;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
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
 * addressed by them, so each segment keeps its own map: an open-addressing hash table of slots of
 * 16 bytes, each a term's hash and ordinal plus the term itself when it has at most {@value
 * #INLINE_BYTES} bytes (two thirds of the BERT vocabulary that SPLADE models use). Every query
 * resolves all its tokens in every segment, so a lookup must be cheap, and what it costs is the
 * memory it reads, rarely cached when a query comes: a short term is found and confirmed in one
 * slot, one cache line (slots are aligned to 16 bytes of the file); a longer one also reads its
 * offsets and bytes. An FST would decode an arc per byte.
 */
public final class TermDictionary {

  /** The table is written from one array of two words per slot. */
  static final int MAX_SLOT_BITS = 29;

  /** Terms of at most this many bytes are stored in their slot. */
  static final int INLINE_BYTES = 7;

  /** A slot's second word for a term longer than {@link #INLINE_BYTES}: no byte, length 255. */
  static final long NOT_INLINE = 0xFFL << 56;

  /** Bytes per slot: the key word, hash and ordinal, then the term word. */
  static final int SLOT_BYTES = 16;

  /**
   * A term's slot word: for at most {@link #INLINE_BYTES} bytes, byte i at bits 8i to 8i + 7 and
   * the length at bits 56 to 63; {@link #NOT_INLINE} for longer terms. Two terms of at most seven
   * bytes are equal exactly when their words are.
   */
  static long inlineWord(BytesRef term) {
    if (term.length > INLINE_BYTES) {
      return NOT_INLINE;
    }
    long word = (long) term.length << 56;
    for (int i = 0; i < term.length; i++) {
      word |= (term.bytes[term.offset + i] & 0xFFL) << (8 * i);
    }
    return word;
  }

  /** Where the slots start: after the offsets, at the next multiple of 16 of the file. */
  static long slotsStart(long offsetsEnd) {
    return (offsetsEnd + SLOT_BYTES - 1) & -SLOT_BYTES;
  }

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
  private final IndexInput slots; // 1 << slotBits slots: key, term word (see inlineWord)
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
    private static final int UNSETTLED = -2; // in ordinals(): not settled by the first slot alone
    private byte[] buffer = new byte[32];
    private long[] firstSlots = new long[0];
    private long[] words = new long[0];
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
     * <p>The reads go stage by stage over all the terms, so that the misses of different terms
     * overlap where looking terms up one after the other would wait for each in turn: every term's
     * first slot (which settles a short term), then the offsets of the long terms whose slot
     * matched, then their first bytes; the lookups then find their data in the cache. A term
     * settled by its first slot (a short term there, or an empty slot) is not looked up again.
     */
    public void ordinals(BytesRef[] terms, int[] hashes, int[] out) throws IOException {
      int n = terms.length;
      if (size == 0) {
        Arrays.fill(out, 0, n, -1);
        return;
      }
      long[] first = firstSlots = ArrayUtil.growNoCopy(firstSlots, n);
      long[] word = words = ArrayUtil.growNoCopy(words, n);
      for (int i = 0; i < n; i++) {
        long at = (long) (hashes[i] & slotMask) * SLOT_BYTES;
        first[i] = slotsIn.readLong(at);
        word[i] = slotsIn.readLong(at + Long.BYTES);
      }
      long sink = 0;
      for (int i = 0; i < n; i++) {
        long entry = first[i];
        first[i] = -1; // from here: where the candidate long term's bytes start, or -1
        out[i] = UNSETTLED;
        if (entry == 0) {
          out[i] = -1; // an empty slot ends the probe
        } else if ((int) (entry >>> 32) == hashes[i]) {
          if (word[i] == NOT_INLINE) {
            first[i] = offsetsIn.readLong((long) ((int) entry - 1) << 3);
          } else if (word[i] == inlineWord(terms[i])) {
            out[i] = (int) entry - 1; // a short term, found and confirmed in its first slot
          }
        }
      }
      for (int i = 0; i < n; i++) {
        if (first[i] >= 0 && first[i] < bytesIn.length()) {
          sink += bytesIn.readByte(first[i]);
        }
      }
      touched += (int) sink;
      for (int i = 0; i < n; i++) {
        if (out[i] == UNSETTLED) {
          out[i] = ordinal(terms[i], hashes[i]);
        }
      }
    }

    private int ordinal(BytesRef term, int hash) throws IOException {
      if (size == 0) {
        return -1;
      }
      long inline = inlineWord(term);
      for (int slot = hash & slotMask; ; slot = (slot + 1) & slotMask) {
        long at = (long) slot * SLOT_BYTES;
        long entry = slotsIn.readLong(at);
        if (entry == 0) {
          return -1;
        }
        if ((int) (entry >>> 32) == hash) {
          long word = slotsIn.readLong(at + Long.BYTES);
          int ord = (int) entry - 1;
          if (word == inline && (inline != NOT_INLINE || equalsTerm(ord, term))) {
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
   * Opens a dictionary written by {@link Writer}: its tables in {@code data}, where {@code meta}
   * (which {@link Writer#finish} returned) says they lie.
   */
  public static TermDictionary open(FieldMetadata.TermsMeta meta, IndexInput data)
      throws IOException {
    int size = meta.size();
    if (size == 0) {
      return new TermDictionary(0, null, null, null, 0);
    }
    long offsetsStart = meta.bytesStart() + meta.bytesLength();
    long offsetsLength = (size + 1L) * Long.BYTES;
    long slotsStart = slotsStart(offsetsStart + offsetsLength);
    long slotsLength = (1L << meta.slotBits()) * SLOT_BYTES;
    if (slotsStart + slotsLength > data.length()) {
      throw new CorruptIndexException(
          "term dictionary ends at " + (slotsStart + slotsLength) + " past the file", data);
    }
    return new TermDictionary(
        size,
        data.slice("term bytes", meta.bytesStart(), meta.bytesLength()),
        data.slice("term offsets", offsetsStart, offsetsLength),
        data.slice("term slots", slotsStart, slotsLength),
        meta.slotBits());
  }

  /**
   * Writes the terms of one field, in sorted order: their bytes as they come, then the offsets and
   * the hash table. Holds 20 bytes per term on the heap until {@link #finish}.
   */
  public static final class Writer {
    private final IndexOutput data;
    private final long start;
    private long[] offsets = new long[64];
    private int[] hashes = new int[64];
    private long[] inline = new long[64];
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
      inline = ArrayUtil.grow(inline, size + 1);
      offsets[size] = data.getFilePointer() - start;
      hashes[size] = hash(term.bytes, term.offset, term.length);
      inline[size] = inlineWord(term);
      data.writeBytes(term.bytes, term.offset, term.length);
      return size++;
    }

    /**
     * Writes the offsets and the hash table; returns where the dictionary lies, for the field's
     * metadata, from which {@link #open} opens it.
     */
    public FieldMetadata.TermsMeta finish() throws IOException {
      if (size == 0) {
        return FieldMetadata.TermsMeta.EMPTY;
      }
      long bytesLength = data.getFilePointer() - start;
      offsets[size] = bytesLength;
      for (int i = 0; i <= size; i++) {
        data.writeLong(offsets[i]);
      }
      // At most half the slots full: a lookup reads about 1.5 slots for a term that is there, and
      // 2.5 for one that is not.
      int slotBits = Math.max(1, 64 - Long.numberOfLeadingZeros(2L * size - 1));
      if (slotBits > MAX_SLOT_BITS) {
        throw new IllegalArgumentException("too many terms for one field: " + size);
      }
      long[] table = new long[2 << slotBits]; // key, term word
      int mask = (1 << slotBits) - 1;
      for (int ord = 0; ord < size; ord++) {
        int slot = hashes[ord] & mask;
        while (table[2 * slot] != 0) {
          slot = (slot + 1) & mask;
        }
        table[2 * slot] = ((long) hashes[ord] << 32) | (ord + 1);
        table[2 * slot + 1] = inline[ord];
      }
      long padding = slotsStart(data.getFilePointer()) - data.getFilePointer();
      for (long i = 0; i < padding; i++) {
        data.writeByte((byte) 0);
      }
      for (long entry : table) {
        data.writeLong(entry);
      }
      return new FieldMetadata.TermsMeta(size, start, bytesLength, slotBits);
    }
  }
}
