package dev.seismic.lucene.index;

import java.io.IOException;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * One field's Seismic inverted index, read off heap: per term ordinal, a {@link PostingList} of
 * pruned postings in blocks, and the blocks' quantized summaries, which a {@link SummaryScorer}
 * reads (this class knows nothing of their layouts). Written by {@link
 * dev.seismic.lucene.builder.InvertedIndexWriter}.
 *
 * <p>Shared by all searches of a segment; each search takes its own {@link PostingList} cursor.
 */
public final class InvertedIndex {

  /**
   * The list offset tables are monotonic-packed in blocks of 2<sup>16</sup> values.
   *
   * @lucene.internal
   */
  public static final int OFFSETS_BLOCK_SHIFT = 16;

  private final int numTerms;
  private final int maxDoc;
  private final Region postings;
  private final Region summaries;

  /** A file region of lists plus the monotonic table of their start offsets. */
  private record Region(IndexInput lists, IndexInput table, DirectMonotonicReader.Meta tableMeta) {
    static Region open(FieldMetadata.ListTable meta, IndexInput data, int numTerms, String name)
        throws IOException {
      return new Region(
          data.slice(name + " lists", meta.listsStart(), meta.listsLength()),
          data.slice(name + " offsets", meta.tableStart(), meta.tableLength()),
          meta.offsetsMeta(numTerms));
    }

    DirectMonotonicReader offsets() throws IOException {
      return DirectMonotonicReader.getInstance(
          tableMeta, table.randomAccessSlice(0, table.length()));
    }
  }

  private InvertedIndex(int numTerms, int maxDoc, Region postings, Region summaries) {
    this.numTerms = numTerms;
    this.maxDoc = maxDoc;
    this.postings = postings;
    this.summaries = summaries;
  }

  /**
   * Opens an inverted index written by {@link dev.seismic.lucene.builder.InvertedIndexWriter}: its
   * lists in {@code postingsData} and {@code summariesData}, where {@code meta} says.
   */
  public static InvertedIndex open(
      int numTerms,
      int maxDoc,
      FieldMetadata.InvertedMeta meta,
      IndexInput postingsData,
      IndexInput summariesData)
      throws IOException {
    Region postings = Region.open(meta.postings(), postingsData, numTerms, "postings");
    Region summaries = Region.open(meta.summaries(), summariesData, numTerms, "summaries");
    return new InvertedIndex(numTerms, maxDoc, postings, summaries);
  }

  /** Heap held by this reader. */
  public long ramBytesUsed() {
    return RamUsageEstimator.shallowSizeOfInstance(InvertedIndex.class)
        + 2
            * (RamUsageEstimator.shallowSizeOfInstance(Region.class)
                + ((numTerms + 1L + (1 << OFFSETS_BLOCK_SHIFT) - 1) >>> OFFSETS_BLOCK_SHIFT)
                    * (8 + 4 + 8 + 1));
  }

  /**
   * The raw lists and their offset tables, for {@link dev.seismic.lucene.check.FieldIndexCheck},
   * which parses them by the format's grammar rather than trusting a {@link PostingList}.
   *
   * @lucene.internal
   */
  public IndexInput postingLists() {
    return postings.lists().clone();
  }

  /**
   * Where each term's list starts in {@link #postingLists}, for the validator.
   *
   * @lucene.internal
   */
  public DirectMonotonicReader postingListOffsets() throws IOException {
    return postings.offsets();
  }

  /**
   * The raw summaries of all lists, for the validator.
   *
   * @lucene.internal
   */
  public IndexInput summaryLists() {
    return summaries.lists().clone();
  }

  /**
   * Where each term's summaries start in {@link #summaryLists}, for the validator.
   *
   * @lucene.internal
   */
  public DirectMonotonicReader summaryListOffsets() throws IOException {
    return summaries.offsets();
  }

  /** A cursor over the lists, for one search. */
  public PostingList postingList() throws IOException {
    return new PostingList(
        postings.lists().clone(),
        postings.offsets(),
        new SummaryScorer(summaries.lists().clone(), summaries.offsets(), numTerms),
        DocIds.bytesPerDoc(maxDoc));
  }

  /**
   * One term's pruned postings, loaded by {@link #load(int)} with the header of its block
   * summaries, which {@link #summaries()} scores; reused from term to term within a search. Not
   * thread-safe.
   */
  public static final class PostingList {
    private final IndexInput postingsIn;
    private final DirectMonotonicReader postingOffsets;
    private final SummaryScorer summaries;
    private final int docBytes;
    private final DocIds docIds;

    private final RandomAccessInput postingsRandom;
    private int numBlocks;
    private int[] blockEnds = new int[16];
    private long docsStart;
    private long[] headers = new long[8]; // prefetch's scratch
    private int touched; // keeps prefetch's reads from being optimised away

    private PostingList(
        IndexInput postingsIn,
        DirectMonotonicReader postingOffsets,
        SummaryScorer summaries,
        int docBytes)
        throws IOException {
      this.postingsIn = postingsIn;
      this.postingOffsets = postingOffsets;
      this.summaries = summaries;
      this.docBytes = docBytes;
      this.docIds = new DocIds(docBytes);
      this.postingsRandom = postingsIn.randomAccessSlice(0, postingsIn.length());
    }

    /**
     * Reads the first byte of these terms' list headers and summary headers, only to bring them
     * towards the cache: the reads do not depend on each other, so their misses overlap, where
     * loading the lists one by one waits for each header in turn. A search loads the lists of its
     * {@code query_cut} heaviest tokens in every segment, whose headers are rarely cached.
     */
    public void prefetch(int[] ords) throws IOException {
      int n = ords.length;
      long[] at = headers = ArrayUtil.growNoCopy(headers, 2 * n);
      for (int i = 0; i < n; i++) {
        at[2 * i] = postingOffsets.get(ords[i]);
        at[2 * i + 1] = summaries.offset(ords[i]);
      }
      int sink = 0;
      for (int i = 0; i < n; i++) {
        sink += postingsRandom.readByte(at[2 * i]) + summaries.touch(at[2 * i + 1]);
      }
      touched += sink;
    }

    /** Loads term {@code ord}'s list header and its summaries' header. */
    public void load(int ord) throws IOException {
      postingsIn.seek(postingOffsets.get(ord));
      postingsIn.readVInt(); // NumPostings: the blocks' ends say it
      numBlocks = postingsIn.readVInt();
      blockEnds = ArrayUtil.growNoCopy(blockEnds, numBlocks);
      for (int b = 0; b < numBlocks; b++) {
        blockEnds[b] = postingsIn.readVInt();
      }
      docsStart = postingsIn.getFilePointer();
      summaries.load(ord);
      assert summaries.numBlocks() == numBlocks : summaries.numBlocks() + " != " + numBlocks;
    }

    /** The loaded list's block summaries, to score them against a query. */
    public SummaryScorer summaries() {
      return summaries;
    }

    /** Pruned postings in term {@code ord}'s list, read without loading the list's header. */
    public int numPostings(int ord) throws IOException {
      postingsIn.seek(postingOffsets.get(ord));
      return postingsIn.readVInt();
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
  }
}
