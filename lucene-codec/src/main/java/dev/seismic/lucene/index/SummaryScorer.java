package dev.seismic.lucene.index;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * Scores one posting list's block summaries against a query, in whichever layout {@link
 * SummaryLayout} picked and the build's {@code ListSummaries} wrote: the search side of the
 * layouts, as the validator's {@code SummaryCheck} is their checking side. Reached through {@link
 * InvertedIndex.PostingList#summaries} after the list was loaded, which loads the summaries' header
 * here.
 *
 * <p>In the transposed layouts each query component is found among the list's summary components
 * (by binary search, or by a bit and its rank) and only its entries are read, so the cost follows
 * the query, not the size of the summaries; the by-block layout is one pass over its few entries
 * with the dense query. One switch per list picks the loop; no call per entry.
 *
 * <p>Reused from list to list within a search; not thread-safe.
 */
public final class SummaryScorer {
  private final IndexInput in;
  private final RandomAccessInput random;
  private final DirectMonotonicReader offsets;
  private final int numTerms;
  private final int componentBytes;

  // The loaded list's header.
  private int numBlocks;
  private byte kind;
  private int numComponents;
  private int numEntries;

  // Scratch, grown to the largest list seen.
  private float[] mins = new float[16];
  private float[] steps = new float[16];
  private int[] ends = new int[16];
  private int[] components = new int[64];
  private byte[] codes = new byte[64];
  private byte[] blockIds = new byte[64];
  private final UnsignedShorts shorts = new UnsignedShorts();

  /**
   * @param lists the summaries of all lists (a clone this scorer owns)
   * @param offsets where each term's summaries start in {@code lists}
   */
  SummaryScorer(IndexInput lists, DirectMonotonicReader offsets, int numTerms) throws IOException {
    this.in = lists;
    this.random = lists.randomAccessSlice(0, lists.length());
    this.offsets = offsets;
    this.numTerms = numTerms;
    this.componentBytes = ForwardIndex.componentBytes(numTerms);
  }

  /** Where term {@code ord}'s summaries start. */
  long offset(int ord) {
    return offsets.get(ord);
  }

  /** Reads the byte at {@code at}, only to bring it towards the cache ({@code PostingList}). */
  byte touch(long at) throws IOException {
    return at < random.length() ? random.readByte(at) : 0;
  }

  /** Loads term {@code ord}'s summary header; {@link #score} reads the rest. */
  void load(int ord) throws IOException {
    in.seek(offsets.get(ord));
    numBlocks = in.readVInt();
    kind = in.readByte();
    numComponents = in.readVInt();
    numEntries = in.readVInt();
  }

  /** Blocks summarised in the loaded list. */
  int numBlocks() {
    return numBlocks;
  }

  /**
   * Scores every block summary of the loaded list against a query given both sparsely (its
   * components {@code queryOrds[0..queryLength)} ascending, with their weights) and densely (by
   * ordinal). Writes the list's {@code numBlocks()} scores into {@code out}; a block scores the sum
   * of {@code queryWeight · (Min + Step · code)} over the query components its summary holds.
   */
  public void score(
      int[] queryOrds, float[] queryWeights, int queryLength, float[] dense, float[] out)
      throws IOException {
    int nb = numBlocks;
    SummaryLayout layout =
        new SummaryLayout(componentBytes, numTerms, nb, numComponents, numEntries);
    mins = ArrayUtil.grow(mins, nb);
    steps = ArrayUtil.grow(steps, nb);
    in.readFloats(mins, 0, nb);
    in.readFloats(steps, 0, nb);
    Arrays.fill(out, 0, nb, 0f);
    switch (kind) {
      case SummaryLayout.BY_BLOCK -> scoreByBlock(layout, dense, out);
      case SummaryLayout.BY_COMPONENT_BITMAP ->
          scoreByComponentBitmap(layout, queryOrds, queryWeights, queryLength, out);
      case SummaryLayout.BY_COMPONENT ->
          scoreByComponent(layout, queryOrds, queryWeights, queryLength, out);
      default -> throw new CorruptIndexException("unknown summary layout " + kind, in);
    }
  }

  /**
   * Components a by-component list may have for {@link #scoreByComponent} to copy them to the heap
   * first. With a vocabulary of up to about 50,000 terms (BERT's has 30,522) no such list has more:
   * past one component in 13 of the vocabulary the bitmap layout is smaller. With a larger
   * vocabulary a list may, and copying it would cost more than searching the file.
   */
  static final int BULK_COMPONENTS_MAX = 4096;

  /**
   * Each query component is binary-searched among the list's components: in a heap copy of them
   * (one bulk read) when they are few, else in the file.
   */
  private void scoreByComponent(
      SummaryLayout layout, int[] queryOrds, float[] queryWeights, int queryLength, float[] out)
      throws IOException {
    int nc = layout.numComponents;
    long componentsAt = in.getFilePointer();
    long endsAt = componentsAt + (long) nc * layout.componentBytes;
    int[] comps = null;
    if (nc <= BULK_COMPONENTS_MAX) {
      comps = components = ArrayUtil.growNoCopy(components, nc);
      if (layout.componentBytes == 2) {
        shorts.read(in, comps, nc);
      } else {
        in.readInts(comps, 0, nc);
      }
    }
    int width = layout.componentBytes;
    int lo = 0;
    for (int j = 0; j < queryLength && lo < nc; j++) {
      int q = queryOrds[j];
      // Lower bound of q among components [lo, nc).
      int hi = nc;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (component(comps, componentsAt, width, mid) < q) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == nc || component(comps, componentsAt, width, lo) != q) {
        continue;
      }
      addEntries(layout, endsAt, lo, queryWeights[j], out);
      lo++;
    }
  }

  /** The i-th component of a by-component list: from its heap copy, or else from the file. */
  private int component(int[] comps, long componentsAt, int width, int i) throws IOException {
    return comps != null
        ? comps[i]
        : SummaryLayout.read(random, componentsAt + (long) i * width, width);
  }

  /** A query component's rank among the list's components is the set bits before it. */
  private void scoreByComponentBitmap(
      SummaryLayout layout, int[] queryOrds, float[] queryWeights, int queryLength, float[] out)
      throws IOException {
    long bitmapAt = in.getFilePointer();
    long ranksAt = bitmapAt + (long) layout.bitmapWords * Long.BYTES;
    long endsAt = ranksAt + (long) layout.bitmapWords * layout.rankBytes;
    RandomAccessInput ra = random;
    for (int j = 0; j < queryLength; j++) {
      int q = queryOrds[j];
      int w = q >>> 6;
      long word = ra.readLong(bitmapAt + (long) w * Long.BYTES);
      long bit = 1L << q; // shifts by q mod 64
      if ((word & bit) == 0) {
        continue;
      }
      int rank =
          SummaryLayout.read(ra, ranksAt + (long) w * layout.rankBytes, layout.rankBytes)
              + Long.bitCount(word & (bit - 1));
      addEntries(layout, endsAt, rank, queryWeights[j], out);
    }
  }

  /**
   * Adds {@code weight · value} of the i-th component's entries to their blocks' scores. The
   * entries' block ids and codes are copied to the heap in two bulk reads and decoded there: read
   * one value at a time from the mapped file, each read paid its own bounds and liveness checks,
   * which made this loop the costliest part of scoring summaries.
   */
  private void addEntries(SummaryLayout layout, long endsAt, int i, float weight, float[] out)
      throws IOException {
    RandomAccessInput ra = random;
    int nc = layout.numComponents;
    int width = layout.blockBytes;
    long blocksAt = endsAt + (long) nc * layout.endBytes;
    long codesAt = blocksAt + (long) layout.numEntries * width;
    int from =
        i == 0
            ? 0
            : SummaryLayout.read(ra, endsAt + (long) (i - 1) * layout.endBytes, layout.endBytes);
    int n = SummaryLayout.read(ra, endsAt + (long) i * layout.endBytes, layout.endBytes) - from;
    if (n <= 0) {
      return;
    }
    byte[] entryCodes = codes = ArrayUtil.growNoCopy(codes, n);
    byte[] ids = blockIds = ArrayUtil.growNoCopy(blockIds, n * width);
    ra.readBytes(codesAt + from, entryCodes, 0, n);
    ra.readBytes(blocksAt + (long) from * width, ids, 0, n * width);
    float[] mn = mins, st = steps;
    switch (width) {
      case 1 -> {
        for (int e = 0; e < n; e++) {
          int b = ids[e] & 0xFF;
          out[b] += weight * (mn[b] + st[b] * (entryCodes[e] & 0xFF));
        }
      }
      case 2 -> {
        for (int e = 0; e < n; e++) {
          int b = (short) BitUtil.VH_LE_SHORT.get(ids, 2 * e) & 0xFFFF;
          out[b] += weight * (mn[b] + st[b] * (entryCodes[e] & 0xFF));
        }
      }
      default -> {
        for (int e = 0; e < n; e++) {
          int b = (int) BitUtil.VH_LE_INT.get(ids, 4 * e);
          out[b] += weight * (mn[b] + st[b] * (entryCodes[e] & 0xFF));
        }
      }
    }
  }

  /** One pass over summaries stored block by block: {@code min · Σ q + step · Σ q · code}. */
  private void scoreByBlock(SummaryLayout layout, float[] dense, float[] out) throws IOException {
    int nb = layout.numBlocks;
    int ne = layout.numEntries;
    ends = ArrayUtil.growNoCopy(ends, nb);
    components = ArrayUtil.growNoCopy(components, ne);
    codes = ArrayUtil.growNoCopy(codes, ne);
    readAll(layout.endBytes, ends, nb);
    readAll(layout.componentBytes, components, ne);
    in.readBytes(codes, 0, ne);
    int e = 0;
    for (int b = 0; b < nb; b++) {
      float mass = 0f;
      float coded = 0f;
      for (int end = ends[b]; e < end; e++) {
        float w = dense[components[e]];
        mass += w;
        coded += w * (codes[e] & 0xFF);
      }
      out[b] = mins[b] * mass + steps[b] * coded;
    }
  }

  /** Reads {@code n} unsigned values of {@code width} bytes (1, 2 or 4) in bulk. */
  private void readAll(int width, int[] dst, int n) throws IOException {
    switch (width) {
      case 1 -> {
        byte[] bytes = blockIds = ArrayUtil.growNoCopy(blockIds, n);
        in.readBytes(bytes, 0, n);
        for (int i = 0; i < n; i++) {
          dst[i] = bytes[i] & 0xFF;
        }
      }
      case 2 -> shorts.read(in, dst, n);
      default -> in.readInts(dst, 0, n);
    }
  }
}
