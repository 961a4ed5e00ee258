package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.RandomAccessInput;

/**
 * How one list's block summaries are laid out, and the widths of their fields, each the fewest
 * whole bytes that hold its values (1, 2 or 4): components (2 with at most 65,536 terms), entry
 * ends (by the number of entries) and block ids (by the number of blocks).
 *
 * <p>Two layouts: {@link #BY_COMPONENT} (transposed: per component, the blocks whose summary holds
 * it) lets a query binary-search its own components and read only their entries, so scoring a
 * long list costs about the same as a short one; {@link #BY_BLOCK} stores each summary as it is
 * (components and codes) and is scored in one pass over all entries. In learned-sparse data most
 * components of a short list occur in one or two of its blocks, where by-block is the smaller
 * layout; a list uses it when it is smaller and has at most {@link #BY_BLOCK_MAX_ENTRIES} entries,
 * few enough that one pass costs no more than the searches of the transposed layout.
 */
final class SummaryLayout {
  static final byte BY_BLOCK = 0;
  static final byte BY_COMPONENT = 1;
  static final int BY_BLOCK_MAX_ENTRIES = 2048;

  final int componentBytes;
  final int endBytes;
  final int blockBytes;
  final int numBlocks;
  final int numComponents;
  final int numEntries;

  SummaryLayout(int componentBytes, int numBlocks, int numComponents, int numEntries) {
    this.componentBytes = componentBytes;
    this.endBytes = widthFor(numEntries);
    this.blockBytes = widthFor(numBlocks - 1);
    this.numBlocks = numBlocks;
    this.numComponents = numComponents;
    this.numEntries = numEntries;
  }

  /** Whether the by-block layout suits this list (see the class documentation). */
  boolean preferByBlock() {
    long byBlock = (long) numBlocks * endBytes + (long) numEntries * (componentBytes + 1);
    long byComponent =
        (long) numComponents * (componentBytes + endBytes) + (long) numEntries * (blockBytes + 1);
    return byBlock < byComponent && numEntries <= BY_BLOCK_MAX_ENTRIES;
  }

  /** 1 byte up to 255, 2 up to 65,535, else 4. */
  static int widthFor(int maxValue) {
    if (maxValue <= 0xFF) {
      return 1;
    }
    return maxValue <= 0xFFFF ? 2 : 4;
  }

  static void write(DataOutput out, int value, int width) throws IOException {
    switch (width) {
      case 1 -> out.writeByte((byte) value);
      case 2 -> out.writeShort((short) value);
      default -> out.writeInt(value);
    }
  }

  static int read(RandomAccessInput in, long pos, int width) throws IOException {
    return switch (width) {
      case 1 -> in.readByte(pos) & 0xFF;
      case 2 -> in.readShort(pos) & 0xFFFF;
      default -> in.readInt(pos);
    };
  }
}
