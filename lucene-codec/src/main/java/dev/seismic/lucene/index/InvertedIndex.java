package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * One field's Seismic inverted index, read off heap: per term ordinal, a {@link PostingList} of
 * pruned postings in blocks, and the blocks' quantized summaries. Written by {@link
 * InvertedIndexWriter}.
 *
 * <p>Shared by all searches of a segment; each search takes its own {@link PostingList} cursor.
 */
public final class InvertedIndex {

  private final int numTerms;
  private final int maxDoc;
  private final int componentBytes;
  private final Region postings;
  private final Region summaries;

  /** A file region of lists plus the monotonic table of their start offsets. */
  private record Region(IndexInput lists, IndexInput table, DirectMonotonicReader.Meta tableMeta) {
    static Region read(IndexInput meta, IndexInput data, int numTerms, String name)
        throws IOException {
      long listsStart = meta.readLong();
      long listsLength = meta.readLong();
      long tableStart = meta.readLong();
      DirectMonotonicReader.Meta tableMeta =
          DirectMonotonicReader.loadMeta(
              meta, numTerms + 1L, InvertedIndexWriter.OFFSETS_BLOCK_SHIFT);
      long tableLength = meta.readLong();
      return new Region(
          data.slice(name + " lists", listsStart, listsLength),
          data.slice(name + " offsets", tableStart, tableLength),
          tableMeta);
    }

    DirectMonotonicReader offsets() throws IOException {
      return DirectMonotonicReader.getInstance(
          tableMeta, table.randomAccessSlice(0, table.length()));
    }
  }

  private InvertedIndex(
      int numTerms, int maxDoc, int componentBytes, Region postings, Region summaries) {
    this.numTerms = numTerms;
    this.maxDoc = maxDoc;
    this.componentBytes = componentBytes;
    this.postings = postings;
    this.summaries = summaries;
  }

  /** Reads what {@link InvertedIndexWriter#write} recorded in {@code meta}. */
  public static InvertedIndex read(
      int numTerms, int maxDoc, IndexInput meta, IndexInput postingsData, IndexInput summariesData)
      throws IOException {
    Region postings = Region.read(meta, postingsData, numTerms, "postings");
    Region summaries = Region.read(meta, summariesData, numTerms, "summaries");
    return new InvertedIndex(
        numTerms, maxDoc, ForwardIndex.componentBytes(numTerms), postings, summaries);
  }

  public int numTerms() {
    return numTerms;
  }

  /** Heap held by this reader. */
  public long ramBytesUsed() {
    return RamUsageEstimator.shallowSizeOfInstance(InvertedIndex.class)
        + 2
            * (RamUsageEstimator.shallowSizeOfInstance(Region.class)
                + ((numTerms + 1L + (1 << InvertedIndexWriter.OFFSETS_BLOCK_SHIFT) - 1)
                        >>> InvertedIndexWriter.OFFSETS_BLOCK_SHIFT)
                    * (8 + 4 + 8 + 1));
  }

  /**
   * The raw lists and their offset tables, for {@link FieldIndexCheck}, which parses them by the
   * format's grammar rather than trusting a {@link PostingList}.
   */
  IndexInput postingLists() {
    return postings.lists().clone();
  }

  DirectMonotonicReader postingListOffsets() throws IOException {
    return postings.offsets();
  }

  IndexInput summaryLists() {
    return summaries.lists().clone();
  }

  DirectMonotonicReader summaryListOffsets() throws IOException {
    return summaries.offsets();
  }

  /** A cursor over the lists, for one search. */
  public PostingList postingList() throws IOException {
    return new PostingList(
        postings.lists().clone(),
        postings.offsets(),
        summaries.lists().clone(),
        summaries.offsets(),
        numTerms,
        componentBytes,
        DocIds.bytesPerDoc(maxDoc));
  }

  /**
   * One term's pruned postings and block summaries, loaded by {@link #load(int)}; reused from term
   * to term within a search. Not thread-safe.
   */
  public static final class PostingList {
    private final IndexInput postingsIn;
    private final DirectMonotonicReader postingOffsets;
    private final IndexInput summariesIn;
    private final DirectMonotonicReader summaryOffsets;
    private final int numTerms;
    private final int componentBytes;
    private final int docBytes;
    private final DocIds docIds;

    private int numPostings;
    private int numBlocks;
    private int[] blockEnds = new int[16];
    private long docsStart;

    // Summary scratch.
    private float[] mins = new float[16];
    private float[] steps = new float[16];
    private final RandomAccessInput summariesRandom;
    private int[] ends = new int[16];
    private int[] components = new int[64];
    private byte[] codes = new byte[64];

    private PostingList(
        IndexInput postingsIn,
        DirectMonotonicReader postingOffsets,
        IndexInput summariesIn,
        DirectMonotonicReader summaryOffsets,
        int numTerms,
        int componentBytes,
        int docBytes)
        throws IOException {
      this.numTerms = numTerms;
      this.postingsIn = postingsIn;
      this.postingOffsets = postingOffsets;
      this.summariesIn = summariesIn;
      this.summariesRandom = summariesIn.randomAccessSlice(0, summariesIn.length());
      this.summaryOffsets = summaryOffsets;
      this.componentBytes = componentBytes;
      this.docBytes = docBytes;
      this.docIds = new DocIds(docBytes);
    }

    /** Loads term {@code ord}'s list header. */
    public void load(int ord) throws IOException {
      postingsIn.seek(postingOffsets.get(ord));
      numPostings = postingsIn.readVInt();
      numBlocks = postingsIn.readVInt();
      blockEnds = ArrayUtil.growNoCopy(blockEnds, numBlocks);
      for (int b = 0; b < numBlocks; b++) {
        blockEnds[b] = postingsIn.readVInt();
      }
      docsStart = postingsIn.getFilePointer();
      summariesIn.seek(summaryOffsets.get(ord));
    }

    /** Pruned postings in term {@code ord}'s list, read without loading the list's header. */
    public int numPostings(int ord) throws IOException {
      postingsIn.seek(postingOffsets.get(ord));
      return postingsIn.readVInt();
    }

    /** Pruned postings in the loaded list. */
    public int numPostings() {
      return numPostings;
    }

    public int numBlocks() {
      return numBlocks;
    }

    /** Number of documents in block {@code b}. */
    public int blockSize(int b) {
      return blockEnds[b] - (b == 0 ? 0 : blockEnds[b - 1]);
    }

    /** Reads block {@code b}'s documents (ascending) into {@code docs}; returns how many. */
    public int readBlock(int b, int[] docs) throws IOException {
      int n = blockSize(b);
      readBlockAt(blockAddress(b), docs, n);
      return n;
    }

    /**
     * Where block {@code b}'s documents start in the postings file: with its size, enough to read
     * the block later by {@link #readBlockAt}, after other lists were loaded.
     */
    public long blockAddress(int b) {
      return docsStart + (long) docBytes * (b == 0 ? 0 : blockEnds[b - 1]);
    }

    /** Reads {@code n} documents (ascending) of a block at {@code address} into {@code docs}. */
    public void readBlockAt(long address, int[] docs, int n) throws IOException {
      postingsIn.seek(address);
      docIds.read(postingsIn, docs, n);
    }

    /**
     * Scores every block summary of the loaded list against a query given both sparsely (its
     * components {@code queryOrds[0..queryLength)} ascending, with their weights) and densely (by
     * ordinal). In the transposed layouts each query component is found among the list's summary
     * components (by binary search, or by a bit and its rank) and only its entries are read, so the
     * cost follows the query, not the size of the summaries; the by-block layout is one pass over
     * its few entries with the dense query. Writes {@code numBlocks()} scores into {@code out}.
     */
    public void scoreSummaries(
        int[] queryOrds, float[] queryWeights, int queryLength, float[] dense, float[] out)
        throws IOException {
      IndexInput in = summariesIn;
      int nb = in.readVInt();
      byte kind = in.readByte();
      int nc = in.readVInt();
      int ne = in.readVInt();
      assert nb == numBlocks : nb + " != " + numBlocks;
      SummaryLayout layout = new SummaryLayout(componentBytes, numTerms, nb, nc, ne);
      mins = ArrayUtil.grow(mins, nb);
      steps = ArrayUtil.grow(steps, nb);
      in.readFloats(mins, 0, nb);
      in.readFloats(steps, 0, nb);
      java.util.Arrays.fill(out, 0, nb, 0f);
      if (kind == SummaryLayout.BY_BLOCK) {
        scoreByBlock(layout, dense, out);
      } else if (kind == SummaryLayout.BY_COMPONENT_BITMAP) {
        scoreByComponentBitmap(layout, queryOrds, queryWeights, queryLength, out);
      } else {
        scoreByComponent(layout, queryOrds, queryWeights, queryLength, out);
      }
    }

    private void scoreByComponent(
        SummaryLayout layout, int[] queryOrds, float[] queryWeights, int queryLength, float[] out)
        throws IOException {
      int nc = layout.numComponents;
      long componentsAt = summariesIn.getFilePointer();
      long endsAt = componentsAt + (long) nc * layout.componentBytes;
      RandomAccessInput ra = summariesRandom;
      int lo = 0;
      for (int j = 0; j < queryLength && lo < nc; j++) {
        int q = queryOrds[j];
        // Lower bound of q among components [lo, nc).
        int hi = nc;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (SummaryLayout.read(
                  ra, componentsAt + (long) mid * layout.componentBytes, layout.componentBytes)
              < q) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        if (lo == nc
            || SummaryLayout.read(
                    ra, componentsAt + (long) lo * layout.componentBytes, layout.componentBytes)
                != q) {
          continue;
        }
        addEntries(layout, endsAt, lo, queryWeights[j], out);
        lo++;
      }
    }

    /** A query component's rank among the list's components is the set bits before it. */
    private void scoreByComponentBitmap(
        SummaryLayout layout, int[] queryOrds, float[] queryWeights, int queryLength, float[] out)
        throws IOException {
      long bitmapAt = summariesIn.getFilePointer();
      long ranksAt = bitmapAt + (long) layout.bitmapWords * Long.BYTES;
      long endsAt = ranksAt + (long) layout.bitmapWords * layout.rankBytes;
      RandomAccessInput ra = summariesRandom;
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

    /** Adds {@code weight · value} of the i-th component's entries to their blocks' scores. */
    private void addEntries(SummaryLayout layout, long endsAt, int i, float weight, float[] out)
        throws IOException {
      RandomAccessInput ra = summariesRandom;
      int nc = layout.numComponents;
      long blocksAt = endsAt + (long) nc * layout.endBytes;
      long codesAt = blocksAt + (long) layout.numEntries * layout.blockBytes;
      int from =
          i == 0
              ? 0
              : SummaryLayout.read(ra, endsAt + (long) (i - 1) * layout.endBytes, layout.endBytes);
      int to = SummaryLayout.read(ra, endsAt + (long) i * layout.endBytes, layout.endBytes);
      for (int e = from; e < to; e++) {
        int b = SummaryLayout.read(ra, blocksAt + (long) e * layout.blockBytes, layout.blockBytes);
        int code = ra.readByte(codesAt + e) & 0xFF;
        out[b] += weight * (mins[b] + steps[b] * code);
      }
    }

    /** One pass over summaries stored block by block: {@code min · Σ q + step · Σ q · code}. */
    private void scoreByBlock(SummaryLayout layout, float[] dense, float[] out) throws IOException {
      IndexInput in = summariesIn;
      int nb = layout.numBlocks;
      int ne = layout.numEntries;
      ends = ArrayUtil.growNoCopy(ends, nb);
      components = ArrayUtil.growNoCopy(components, ne);
      codes = ArrayUtil.growNoCopy(codes, ne);
      for (int b = 0; b < nb; b++) {
        ends[b] = readUnsigned(in, layout.endBytes);
      }
      for (int e = 0; e < ne; e++) {
        components[e] = readUnsigned(in, layout.componentBytes);
      }
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

    private static int readUnsigned(IndexInput in, int width) throws IOException {
      return switch (width) {
        case 1 -> in.readByte() & 0xFF;
        case 2 -> in.readShort() & 0xFFFF;
        default -> in.readInt();
      };
    }
  }
}
