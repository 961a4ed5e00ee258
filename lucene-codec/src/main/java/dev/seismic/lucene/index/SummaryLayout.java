package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.RandomAccessInput;

/**
 * How one list's block summaries are laid out, and the widths of their fields, each the fewest
 * whole bytes that hold its values (1, 2 or 4): components (2 with at most 65,536 terms), entry
 * ends (by the number of entries), block ids (by the number of blocks) and ranks (by the number of
 * components).
 *
 * <p>Three layouts: {@link #BY_COMPONENT} (transposed: per component, the blocks whose summary
 * holds it) lets a query binary-search its own components and read only their entries, so scoring a
 * long list costs about the same as a short one; {@link #BY_COMPONENT_BITMAP} is the same with the
 * sorted component list replaced by a bitmap over the vocabulary plus the count of set bits before
 * each 64-bit word, so a query finds its components without searching, and a long list's thousands
 * of distinct components cost a fixed ~1.1 bits per term instead of 16 bits each; {@link #BY_BLOCK}
 * stores each summary as it is (components and codes) and is scored in one pass over all entries.
 * In learned-sparse data most components of a short list occur in one or two of its blocks, where
 * by-block is the smallest layout; a list uses it when it is smallest and has at most {@link
 * #BY_BLOCK_MAX_ENTRIES} entries, few enough that one pass costs no more than the look-ups of the
 * transposed layouts. Otherwise the smaller transposed layout is used.
 *
 * <p>Each layout lives in four places: its size and choice here, its writing in {@code
 * ListSummaries} (package {@link dev.seismic.lucene.builder}), its scoring in {@link SummaryScorer}
 * and its checking in {@code SummaryCheck} (package {@link dev.seismic.lucene.check}); its grammar
 * is in the codecs package documentation. A new layout touches these and the format version, not
 * the postings.
 *
 * @lucene.internal
 */
public final class SummaryLayout {
  public static final byte BY_BLOCK = 0;
  public static final byte BY_COMPONENT = 1;
  public static final byte BY_COMPONENT_BITMAP = 2;
  static final int BY_BLOCK_MAX_ENTRIES = 2048;

  public final int componentBytes;
  public final int endBytes;
  public final int blockBytes;
  public final int rankBytes;
  public final int bitmapWords;
  public final int numBlocks;
  public final int numComponents;
  public final int numEntries;

  public SummaryLayout(
      int componentBytes, int numTerms, int numBlocks, int numComponents, int numEntries) {
    this.componentBytes = componentBytes;
    this.endBytes = widthFor(numEntries);
    this.blockBytes = widthFor(numBlocks - 1);
    this.rankBytes = widthFor(numComponents);
    this.bitmapWords = (int) ((numTerms + 63L) >>> 6);
    this.numBlocks = numBlocks;
    this.numComponents = numComponents;
    this.numEntries = numEntries;
  }

  /**
   * Bytes a layout takes after the list's header and its blocks' Min and Step values.
   *
   * @param kind {@link #BY_BLOCK}, {@link #BY_COMPONENT} or {@link #BY_COMPONENT_BITMAP}
   */
  public long bodyBytes(byte kind) {
    long entriesByComponent =
        (long) numComponents * endBytes + (long) numEntries * (blockBytes + 1);
    return switch (kind) {
      case BY_BLOCK -> (long) numBlocks * endBytes + (long) numEntries * (componentBytes + 1);
      case BY_COMPONENT -> (long) numComponents * componentBytes + entriesByComponent;
      case BY_COMPONENT_BITMAP ->
          (long) bitmapWords * (Long.BYTES + rankBytes) + entriesByComponent;
      default -> throw new IllegalArgumentException("unknown summary layout " + kind);
    };
  }

  /** The layout the format uses for these sizes (see the class documentation). */
  public byte choose() {
    byte transposed =
        bodyBytes(BY_COMPONENT_BITMAP) < bodyBytes(BY_COMPONENT)
            ? BY_COMPONENT_BITMAP
            : BY_COMPONENT;
    if (numEntries <= BY_BLOCK_MAX_ENTRIES && bodyBytes(BY_BLOCK) < bodyBytes(transposed)) {
      return BY_BLOCK;
    }
    return transposed;
  }

  /** 1 byte up to 255, 2 up to 65,535, else 4. */
  static int widthFor(int maxValue) {
    if (maxValue <= 0xFF) {
      return 1;
    }
    return maxValue <= 0xFFFF ? 2 : 4;
  }

  /** Writes {@code value} in {@code width} bytes (1, 2 or 4), little-endian. */
  public static void write(DataOutput out, int value, int width) throws IOException {
    switch (width) {
      case 1 -> out.writeByte((byte) value);
      case 2 -> out.writeShort((short) value);
      default -> out.writeInt(value);
    }
  }

  /** Reads what {@link #write} wrote: an unsigned value of {@code width} bytes (4: an int). */
  public static int read(DataInput in, int width) throws IOException {
    return switch (width) {
      case 1 -> in.readByte() & 0xFF;
      case 2 -> in.readShort() & 0xFFFF;
      default -> in.readInt();
    };
  }

  /** {@link #read(DataInput, int)} at {@code pos}. */
  public static int read(RandomAccessInput in, long pos, int width) throws IOException {
    return switch (width) {
      case 1 -> in.readByte(pos) & 0xFF;
      case 2 -> in.readShort(pos) & 0xFFFF;
      default -> in.readInt(pos);
    };
  }
}
