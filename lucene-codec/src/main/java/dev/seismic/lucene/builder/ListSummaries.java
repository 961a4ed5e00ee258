package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.SummaryLayout;
import dev.seismic.lucene.index.SummaryScorer;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;

/**
 * One posting list's block summaries: built block by block ({@link #build}), then written in the
 * layout that {@link SummaryLayout} picks for their sizes ({@link #write}); {@link SummaryScorer}
 * scores them at search time. The entries are kept in building (block) order; the transposed
 * layouts regroup them by component with a counting sort.
 *
 * <p>Not thread-safe: one instance per building thread, reused from list to list.
 */
final class ListSummaries {

  private final QuantizedSummary summary;
  private final int numTerms;
  private final int componentBytes;
  // The list's summary entries in building (block) order; block b's are [entryStarts[b],
  // entryStarts[b + 1]).
  private int numBlocks;
  private int numEntries;
  private int[] entryStarts = new int[8];
  private int[] entryComponents = new int[64];
  private int[] entryBlocks = new int[64];
  private byte[] entryCodes = new byte[64];
  private float[] mins = new float[8];
  private float[] steps = new float[8];
  // The list's distinct components, first seen first, and each one's entry count (zero between
  // lists).
  private int numComponents;
  private int[] distinctComponents = new int[64];
  private final int[] componentCounts;
  // Scratch for writing.
  private long[] entryKeys = new long[64]; // by-block layout: (component << 8) | code
  private long[] bitmap = new long[0];
  private byte[] entryBytes = new byte[64];
  private int[] order = new int[64]; // entry indexes grouped by component

  ListSummaries(QuantizedSummary summary, int numTerms) {
    this.summary = summary;
    this.numTerms = numTerms;
    this.componentBytes = ForwardIndex.componentBytes(numTerms);
    this.componentCounts = new int[numTerms];
  }

  /** Summarises each block of a clustered list: {@code docs} as {@link ShallowKMeans} left it. */
  void build(int[] docs, int[] blockEnds) throws IOException {
    numBlocks = blockEnds.length;
    mins = ArrayUtil.grow(mins, numBlocks);
    steps = ArrayUtil.grow(steps, numBlocks);
    entryStarts = ArrayUtil.growNoCopy(entryStarts, numBlocks + 1);
    numEntries = 0;
    numComponents = 0;
    int from = 0;
    for (int b = 0; b < numBlocks; b++) {
      summary.build(docs, from, blockEnds[b]);
      from = blockEnds[b];
      mins[b] = summary.min;
      steps[b] = summary.step;
      entryStarts[b] = numEntries;
      int size = summary.size;
      entryBlocks = ArrayUtil.grow(entryBlocks, numEntries + size);
      entryCodes = ArrayUtil.grow(entryCodes, numEntries + size);
      entryComponents = ArrayUtil.grow(entryComponents, numEntries + size);
      for (int i = 0; i < size; i++) {
        int e = numEntries + i;
        int c = summary.components[i];
        entryComponents[e] = c;
        entryBlocks[e] = b;
        entryCodes[e] = summary.codes[i];
        if (componentCounts[c]++ == 0) {
          distinctComponents = ArrayUtil.grow(distinctComponents, numComponents + 1);
          distinctComponents[numComponents++] = c;
        }
      }
      numEntries += size;
    }
    entryStarts[numBlocks] = numEntries;
  }

  /**
   * Writes the summaries built last in the layout {@link SummaryLayout#choose} picks for them;
   * returns the number of summary entries written.
   */
  int write(DataOutput out) throws IOException {
    SummaryLayout layout =
        new SummaryLayout(componentBytes, numTerms, numBlocks, numComponents, numEntries);
    byte kind = layout.choose();
    out.writeVInt(numBlocks);
    out.writeByte(kind);
    out.writeVInt(numComponents);
    out.writeVInt(numEntries);
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(Float.floatToIntBits(mins[b]));
    }
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(Float.floatToIntBits(steps[b]));
    }
    if (kind == SummaryLayout.BY_BLOCK) {
      writeByBlock(out, layout);
    } else {
      writeByComponent(out, layout, kind);
    }
    for (int k = 0; k < numComponents; k++) {
      componentCounts[distinctComponents[k]] = 0;
    }
    return numEntries;
  }

  /** Each block's summary as it is, components ascending: ends, components, codes. */
  private void writeByBlock(DataOutput out, SummaryLayout layout) throws IOException {
    for (int b = 0; b < numBlocks; b++) {
      SummaryLayout.write(out, entryStarts[b + 1], layout.endBytes);
    }
    // Summaries are built in no particular component order: sort each block's entries.
    entryKeys = ArrayUtil.growNoCopy(entryKeys, numEntries);
    for (int e = 0; e < numEntries; e++) {
      entryKeys[e] = ((long) entryComponents[e] << 8) | (entryCodes[e] & 0xFF);
    }
    for (int b = 0; b < numBlocks; b++) {
      Arrays.sort(entryKeys, entryStarts[b], entryStarts[b + 1]);
    }
    for (int e = 0; e < numEntries; e++) {
      SummaryLayout.write(out, (int) (entryKeys[e] >>> 8), layout.componentBytes);
    }
    for (int e = 0; e < numEntries; e++) {
      entryCodes[e] = (byte) entryKeys[e];
    }
    out.writeBytes(entryCodes, 0, numEntries);
  }

  /**
   * The summaries transposed: per component (ascending), the blocks whose summary holds it
   * (ascending) with their codes. A counting sort by component, stable in the entries' block order,
   * over the list's distinct components: a comparison sort of all entries was most of the time
   * spent writing.
   */
  private void writeByComponent(DataOutput out, SummaryLayout layout, byte kind)
      throws IOException {
    Arrays.sort(distinctComponents, 0, numComponents);
    // componentCounts[c] becomes the position of c's first entry, then, after the scatter, the
    // end of its entries.
    int position = 0;
    for (int k = 0; k < numComponents; k++) {
      int c = distinctComponents[k];
      int count = componentCounts[c];
      componentCounts[c] = position;
      position += count;
    }
    order = ArrayUtil.growNoCopy(order, numEntries);
    for (int e = 0; e < numEntries; e++) {
      order[componentCounts[entryComponents[e]]++] = e;
    }
    if (kind == SummaryLayout.BY_COMPONENT_BITMAP) {
      writeComponentBitmap(out, layout);
    } else {
      for (int k = 0; k < numComponents; k++) {
        SummaryLayout.write(out, distinctComponents[k], layout.componentBytes);
      }
    }
    for (int k = 0; k < numComponents; k++) {
      SummaryLayout.write(out, componentCounts[distinctComponents[k]], layout.endBytes);
    }
    // Block ids and codes go through a byte array: hundreds of millions of entries written one
    // call each were a noticeable share of a flush.
    int blockBytes = layout.blockBytes;
    byte[] buffer = entryBytes = ArrayUtil.growNoCopy(entryBytes, numEntries * blockBytes);
    for (int i = 0, at = 0; i < numEntries; i++) {
      int block = entryBlocks[order[i]];
      for (int j = 0; j < blockBytes; j++, block >>>= 8) {
        buffer[at++] = (byte) block; // little-endian, as DataOutput writes shorts and ints
      }
    }
    out.writeBytes(buffer, 0, numEntries * blockBytes);
    for (int i = 0; i < numEntries; i++) {
      buffer[i] = entryCodes[order[i]];
    }
    out.writeBytes(buffer, 0, numEntries);
  }

  /**
   * The list's components (sorted in {@code distinctComponents}) as a bitmap over the vocabulary,
   * then per 64-bit word the number of components in the words before it.
   */
  private void writeComponentBitmap(DataOutput out, SummaryLayout layout) throws IOException {
    bitmap = ArrayUtil.growNoCopy(bitmap, layout.bitmapWords);
    Arrays.fill(bitmap, 0, layout.bitmapWords, 0L);
    for (int k = 0; k < numComponents; k++) {
      int c = distinctComponents[k];
      bitmap[c >>> 6] |= 1L << c;
    }
    for (int w = 0; w < layout.bitmapWords; w++) {
      out.writeLong(bitmap[w]);
    }
    int rank = 0;
    for (int w = 0; w < layout.bitmapWords; w++) {
      SummaryLayout.write(out, rank, layout.rankBytes);
      rank += Long.bitCount(bitmap[w]);
    }
  }
}
